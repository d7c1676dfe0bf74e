// Redundancy over real folders: synchronous copies (ZRS zones, LRS copies) are written with
// every backup and heal each other; the geo secondary lags until replication and then serves a
// geo-restore even when every primary location is gone; the residency policy refuses GRS.
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "workspace/Workspace.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {
const QByteArray kPass("redundancy test");
constexpr qint64 kT0 = 1767225600000;

QStringList filesUnder(const QString& root, const QString& sub) {
    QStringList out;
    QDirIterator it(root + QLatin1Char('/') + sub, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QString p = it.next();
        if (!QFileInfo(p).fileName().startsWith(QLatin1Char('.')))
            out << p.mid(root.size());
    }
    out.sort();
    return out;
}

void flip(const QString& path, qint64 offset) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.seek(offset);
    char c = 0;
    f.getChar(&c);
    f.seek(offset);
    f.putChar(char(c ^ 0x40));
}

struct Setup {
    QTemporaryDir dir;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(kT0);
    std::unique_ptr<Workspace> ws;
    QString file;
    QString path(const QString& n) const { return dir.path() + QLatin1Char('/') + n; }
    bool make(RedundancyConfig config) {
        auto created = Workspace::create(path(QStringLiteral("ws")), config, &kPass, clock);
        if (!created) {
            qWarning("%s", qPrintable(created.status().message()));
            return false;
        }
        ws = std::move(*created);
        file = path(QStringLiteral("app.db"));
        return makeDatabase(file, JournalMode::Wal, 4096, 3000) &&
               ws->addDatabase(QStringLiteral("app"), file, -1).isOk();
    }
    Result<BackupInfo> backup(BackupType type) {
        clock->advanceMs(3600 * 1000);
        JobContext job;
        auto db = ws->catalog().findDatabase(QStringLiteral("app"));
        return ws->backup(ws->catalog(), *db, type, job);
    }
};
} // namespace

class RedundancyTest : public QObject {
    Q_OBJECT
private slots:
    void zonesAreWrittenTogetherAndHealEachOther() {
        Setup s;
        RedundancyConfig config;
        config.kind = RedundancyKind::ZRS;
        config.locations = {s.path(QStringLiteral("zone-a")), s.path(QStringLiteral("zone-b")),
                            s.path(QStringLiteral("zone-c"))};
        QVERIFY(s.make(config));
        auto full = s.backup(BackupType::Full);
        QVERIFY(full.isOk());
        QVERIFY(
            execSql(s.file, QStringLiteral("UPDATE orders SET status='shipped' WHERE id % 5 = 0")));
        QVERIFY(s.backup(BackupType::Log).isOk());
        QString reference = s.path(QStringLiteral("ref.db"));
        QVERIFY(copyDatabase(s.file, reference));
        // Every zone holds the same packs and manifests.
        for (const char* sub : {"packs", "manifests", "databases"}) {
            QStringList a = filesUnder(config.locations[0], QLatin1String(sub));
            QVERIFY(!a.isEmpty());
            QCOMPARE(filesUnder(config.locations[1], QLatin1String(sub)), a);
            QCOMPARE(filesUnder(config.locations[2], QLatin1String(sub)), a);
        }
        // Damage zone a's copy of a pack and delete zone b's: verify rewrites both from c.
        QString pack = filesUnder(config.locations[0], QStringLiteral("packs")).first();
        flip(config.locations[0] + pack, 300);
        QVERIFY(QFile::remove(config.locations[1] + pack));
        JobContext job;
        VerifyReport report = s.ws->verify(s.ws->catalog(), {}, job);
        QVERIFY2(report.ok(), qPrintable(report.problems.join(u'\n')));
        QCOMPARE(report.healed.size(), 2);
        VerifyReport again = s.ws->verify(s.ws->catalog(), {}, job);
        QVERIFY(again.ok());
        QVERIFY(again.healed.isEmpty());
        JobContext restoreJob;
        auto r =
            s.ws->restoreToPoint(s.ws->catalog(), QStringLiteral("app"), s.clock->nowMs(),
                                 QStringLiteral("r"), s.path(QStringLiteral("r.db")), restoreJob);
        QVERIFY2(r.isOk(), qPrintable(r.status().message()));
        QString why;
        QVERIFY2(restoredEquals(r->file, reference, &why), qPrintable(why));
    }

    void aRestoreRepairsWhatItReads() {
        Setup s;
        RedundancyConfig config;
        config.locations = {s.path(QStringLiteral("vault"))};
        config.copies = 2;
        QVERIFY(s.make(config));
        auto full = s.backup(BackupType::Full);
        QVERIFY(full.isOk());
        QString reference = s.path(QStringLiteral("ref.db"));
        QVERIFY(copyDatabase(s.file, reference));
        QString pack = filesUnder(config.locations[0], QStringLiteral("packs")).first();
        flip(config.locations[0] + pack, 300);
        JobContext job;
        auto r = s.ws->restoreToPoint(s.ws->catalog(), QStringLiteral("app"), full->snapshotMs,
                                      QStringLiteral("r"), s.path(QStringLiteral("r.db")), job);
        QVERIFY2(r.isOk(), qPrintable(r.status().message()));
        QVERIFY(job.logText().contains(QStringLiteral("repaired")));
        QString why;
        QVERIFY2(restoredEquals(r->file, reference, &why), qPrintable(why));
        JobContext verifyJob;
        VerifyReport report = s.ws->verify(s.ws->catalog(), {}, verifyJob);
        QVERIFY(report.ok());
        QVERIFY(report.healed.isEmpty());
    }

    void localCopiesHealAndWithoutThemDamageIsReported() {
        Setup s;
        RedundancyConfig config;
        config.locations = {s.path(QStringLiteral("vault"))};
        config.copies = 2;
        QVERIFY(s.make(config));
        auto full = s.backup(BackupType::Full);
        QVERIFY(full.isOk());
        QString copyRoot = config.locations[0] + QStringLiteral("-copy-2");
        QString pack = filesUnder(copyRoot, QStringLiteral("packs")).first();
        flip(copyRoot + pack, 200);
        JobContext job;
        VerifyReport report = s.ws->verify(s.ws->catalog(), {}, job);
        QVERIFY(report.ok());
        QCOMPARE(report.healed.size(), 1);
        // Both copies bad: nothing to heal from; the backup is reported unusable.
        flip(config.locations[0] + pack, 200);
        flip(copyRoot + pack, 200);
        VerifyReport bad = s.ws->verify(s.ws->catalog(), {}, job);
        QVERIFY(!bad.ok());
        QVERIFY(bad.affectedBackups.contains(full->id));
    }

    void geoSecondaryLagsThenServesAGeoRestore() {
        Setup s;
        RedundancyConfig config;
        config.kind = RedundancyKind::GRS;
        config.locations = {s.path(QStringLiteral("primary"))};
        config.secondary = s.path(QStringLiteral("secondary"));
        QVERIFY(s.make(config));
        auto full = s.backup(BackupType::Full);
        QVERIFY(full.isOk());
        ReplicationStatus before = *s.ws->replicationLag(s.ws->catalog());
        QCOMPARE(before.pendingBackups, 1);
        auto replicated = s.ws->replicate(s.ws->catalog());
        QVERIFY(replicated.isOk());
        QCOMPARE(replicated->pendingBackups, 0);
        QCOMPARE(replicated->lagMs, 0);
        QString replicatedState = s.path(QStringLiteral("replicated.db"));
        QVERIFY(copyDatabase(s.file, replicatedState));
        // A later backup that has not reached the secondary yet: it shows as lag.
        QVERIFY(execSql(s.file, QStringLiteral("DELETE FROM orders WHERE id % 3 = 0")));
        QVERIFY(s.backup(BackupType::Log).isOk());
        s.clock->advanceMs(600 * 1000);
        ReplicationStatus lagging = *s.ws->replicationLag(s.ws->catalog());
        QCOMPARE(lagging.pendingBackups, 1);
        QCOMPARE(lagging.lagMs, 600 * 1000);
        // The primary location is lost entirely.
        QString wsDir = s.ws->dir();
        s.ws.reset();
        QVERIFY(QDir(config.locations[0]).removeRecursively());
        auto reopened = Workspace::open(wsDir, &kPass, s.clock);
        QVERIFY2(reopened.isOk(), qPrintable(reopened.status().message()));
        QVERIFY(!(*reopened)->degraded().isEmpty());
        JobContext job;
        auto db = (*reopened)->catalog().findDatabase(QStringLiteral("app"));
        QVERIFY(!(*reopened)->backup((*reopened)->catalog(), *db, BackupType::Log, job).isOk());
        auto r =
            (*reopened)->restoreGeo((*reopened)->catalog(), QStringLiteral("app"),
                                    QStringLiteral("geo"), s.path(QStringLiteral("geo.db")), job);
        QVERIFY2(r.isOk(), qPrintable(r.status().message()));
        QCOMPARE(r->restoredToMs, full->snapshotMs);
        QString why;
        QVERIFY2(restoredEquals(r->file, replicatedState, &why), qPrintable(why));
    }

    void residencyPolicyRefusesGeoRedundancy() {
        Setup s;
        RedundancyConfig config;
        config.locations = {s.path(QStringLiteral("v"))};
        config.denyGeo = true;
        QVERIFY(s.make(config));
        RedundancyConfig geo;
        geo.kind = RedundancyKind::GZRS;
        geo.locations = {s.path(QStringLiteral("v")), s.path(QStringLiteral("z2")),
                         s.path(QStringLiteral("z3"))};
        geo.secondary = s.path(QStringLiteral("far"));
        Status refused = s.ws->setRedundancy(geo);
        QVERIFY(!refused.isOk());
        QVERIFY(refused.message().contains(QStringLiteral("residency")));
        QVERIFY(!QFile::exists(s.path(QStringLiteral("far"))));
        // Without the policy the same change goes through; with GRS on, denying is refused.
        QVERIFY(s.ws->setDenyGeo(false).isOk());
        QVERIFY(s.ws->setRedundancy(geo).isOk());
        QVERIFY(!s.ws->setDenyGeo(true).isOk());
        QVERIFY(s.backup(BackupType::Full).isOk());
        QCOMPARE(filesUnder(geo.locations[2], QStringLiteral("manifests")).size(), 1);
    }
};

QTEST_GUILESS_MAIN(RedundancyTest)
#include "tst_redundancy.moc"
