// Every vault object goes through the Location seam: the same run of backups, restores,
// verification, retention, gc, system backup and geo-replication over locations that keep
// their objects in memory leaves a vault of the same shape as over folders, restores the same
// data, and creates no vault folder at all.
#include "LogicalDump.h"
#include "MemoryLocation.h"
#include "SqliteFiles.h"
#include "retention/RetentionPurge.h"
#include "retention/VaultGc.h"
#include "workspace/SystemBackup.h"
#include "workspace/Workspace.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {
const QByteArray kPass("location seam test");
constexpr qint64 kT0 = 1767225600000;
constexpr qint64 kHour = 3600 * 1000;

// What kind of vault object a name is, without its random parts (pack names, ids, uuids).
QString kindOf(const QString& name) {
    const QStringList parts = name.split(QLatin1Char('/'));
    const QString extension = name.section(QLatin1Char('.'), -1);
    return QStringLiteral("%1/depth %2/.%3").arg(parts.first()).arg(parts.size()).arg(extension);
}

// How many objects of each kind a location holds.
using Shape = QMap<QString, int>;

Shape shapeOf(const QStringList& names) {
    Shape shape;
    for (const QString& name : names)
        ++shape[kindOf(name)];
    return shape;
}

// A folder's objects, read straight from the disk rather than through the seam under test.
QStringList folderObjects(const QString& root) {
    QStringList names;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!QFileInfo(path).fileName().startsWith(QLatin1Char('.')))
            names << path.mid(root.size() + 1);
    }
    return names;
}

struct Outcome {
    Shape primary;
    Shape secondary;
    int purged = 0;
    int packsCollected = 0;
    int restores = 0;
    bool vaultFoldersCreated = false;
};

class SeamRun {
public:
    explicit SeamRun(bool inMemory) : inMemory_(inMemory) {}

    void run(Outcome& outcome) {
        RedundancyConfig config;
        config.kind = RedundancyKind::GRS;
        config.locations = {path(QStringLiteral("primary"))};
        config.secondary = path(QStringLiteral("secondary"));
        LocationOpener opener;
        if (inMemory_)
            opener = [this](const QString& spec) -> Result<std::shared_ptr<Location>> {
                auto& slot = memory_[spec];
                if (!slot)
                    slot = std::make_shared<testing::MemoryLocation>(spec);
                return std::shared_ptr<Location>(slot);
            };
        auto created =
            Workspace::create(path(QStringLiteral("ws")), config, &kPass, clock_, opener);
        QVERIFY2(created.isOk(), qPrintable(created.status().message()));
        ws_ = std::move(*created);
        file_ = path(QStringLiteral("app.db"));
        QVERIFY(makeDatabase(file_, JournalMode::Wal, 4096, 2000));
        QVERIFY(ws_->addDatabase(QStringLiteral("app"), file_, -1).isOk());
        BackupPolicy policy;
        policy.retentionDays = 1;
        policy.ltr.weeklyWeeks = 2;
        policy.ltr.immutableDays = 1;
        QVERIFY(ws_->setPolicy(QStringLiteral("app"), policy).isOk());

        // A full, a differential and a log backup, then a restore of the newest state.
        QVERIFY(backup(BackupType::Full));
        QVERIFY(execSql(file_, QStringLiteral("UPDATE orders SET status='paid' WHERE id % 7 = 0")));
        QVERIFY(backup(BackupType::Differential));
        QVERIFY(execSql(file_, QStringLiteral("DELETE FROM orders WHERE id % 11 = 0")));
        QVERIFY(backup(BackupType::Log));
        restoreAndCompare(outcome, QStringLiteral("first"));
        verifyIsClean();

        // Days later: new fulls, then retention, gc and the secondary catch up.
        clock_->advanceMs(72 * kHour);
        QVERIFY(
            execSql(file_, QStringLiteral("UPDATE orders SET amount_cents = amount_cents + 1")));
        QVERIFY(backup(BackupType::Full));
        QVERIFY(execSql(file_, QStringLiteral("DELETE FROM orders WHERE id % 13 = 0")));
        QVERIFY(backup(BackupType::Log));
        // A full after the retention period's start lets the first weekly set go.
        clock_->advanceMs(48 * kHour);
        QVERIFY(
            execSql(file_, QStringLiteral("UPDATE orders SET status='late' WHERE id % 17 = 0")));
        QVERIFY(backup(BackupType::Full));
        auto db = ws_->catalog().findDatabase(QStringLiteral("app"));
        QVERIFY(db.isOk());
        auto purged = applyRetention(ws_->vault(), ws_->catalog(), *db, clock_->nowMs());
        QVERIFY2(purged.isOk(), qPrintable(purged.status().message()));
        outcome.purged = int(purged->purgedIds.size());
        GcReport gc = collectGarbage(ws_->vault(), ws_->catalog(), clock_->nowMs(), 0);
        QVERIFY2(gc.problems.isEmpty(), qPrintable(gc.problems.join(u'\n')));
        outcome.packsCollected = gc.orphanPacks;
        QVERIFY(backupSystem(*ws_, ws_->catalog()).isOk());
        auto replicated = ws_->replicate(ws_->catalog());
        QVERIFY2(replicated.isOk(), qPrintable(replicated.status().message()));
        QCOMPARE(replicated->pendingBackups, 0);
        restoreAndCompare(outcome, QStringLiteral("second"));
        verifyIsClean();

        JobContext geoJob;
        auto geo = ws_->restoreGeo(ws_->catalog(), QStringLiteral("app"), QStringLiteral("geo"),
                                   path(QStringLiteral("geo.db")), geoJob);
        QVERIFY2(geo.isOk(), qPrintable(geo.status().message()));
        QString why;
        QVERIFY2(restoredEquals(geo->file, path(QStringLiteral("second-ref.db")), &why),
                 qPrintable(why));
        ++outcome.restores;

        if (inMemory_) {
            outcome.primary = shapeOf(memory_[config.locations[0]]->snapshot().keys());
            outcome.secondary = shapeOf(memory_[config.secondary]->snapshot().keys());
            QCOMPARE(memory_[config.locations[0]]->pendingWrites(), 0);
        } else {
            outcome.primary = shapeOf(folderObjects(config.locations[0]));
            outcome.secondary = shapeOf(folderObjects(config.secondary));
        }
        outcome.vaultFoldersCreated =
            QFileInfo::exists(config.locations[0]) || QFileInfo::exists(config.secondary);
    }

private:
    QString path(const QString& name) const { return dir_.path() + QLatin1Char('/') + name; }

    bool backup(BackupType type) {
        clock_->advanceMs(kHour);
        JobContext job;
        auto db = ws_->catalog().findDatabase(QStringLiteral("app"));
        auto made =
            db ? ws_->backup(ws_->catalog(), *db, type, job) : Result<BackupInfo>(db.status());
        if (!made)
            qWarning("%s", qPrintable(made.status().message()));
        return made.isOk();
    }

    void restoreAndCompare(Outcome& outcome, const QString& label) {
        const QString reference = path(label + QStringLiteral("-ref.db"));
        QVERIFY(copyDatabase(file_, reference));
        JobContext job;
        auto restored = ws_->restoreToPoint(ws_->catalog(), QStringLiteral("app"), clock_->nowMs(),
                                            label, path(label + QStringLiteral(".db")), job);
        QVERIFY2(restored.isOk(), qPrintable(restored.status().message()));
        QString why;
        QVERIFY2(restoredEquals(restored->file, reference, &why), qPrintable(why));
        ++outcome.restores;
    }

    void verifyIsClean() {
        JobContext job;
        VerifyReport report = ws_->verify(ws_->catalog(), {}, job);
        QVERIFY2(report.ok(), qPrintable(report.problems.join(u'\n')));
        QVERIFY(report.packs > 0);
        QVERIFY(report.manifests > 0);
    }

    bool inMemory_;
    QTemporaryDir dir_;
    std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>(kT0);
    std::unique_ptr<Workspace> ws_;
    QString file_;
    QMap<QString, std::shared_ptr<testing::MemoryLocation>> memory_;
};

} // namespace

class LocationSeamTest : public QObject {
    Q_OBJECT
private slots:
    void memoryLocationsLeaveTheVaultAFolderGets() {
        Outcome folder;
        SeamRun(false).run(folder);
        if (QTest::currentTestFailed())
            return;
        Outcome memory;
        SeamRun(true).run(memory);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(folder.vaultFoldersCreated);
        QVERIFY2(!memory.vaultFoldersCreated, "a vault path was written outside the seam");
        QCOMPARE(memory.restores, 3);
        QCOMPARE(folder.restores, 3);
        QVERIFY(folder.purged > 0);
        QCOMPARE(memory.purged, folder.purged);
        QCOMPARE(memory.packsCollected, folder.packsCollected);
        for (const char* kind : {"packs", "manifests", "databases", "ltr", "system"}) {
            const QString prefix = QLatin1String(kind) + QLatin1Char('/');
            QVERIFY2(std::any_of(folder.primary.keyBegin(), folder.primary.keyEnd(),
                                 [&](const QString& k) { return k.startsWith(prefix); }),
                     kind);
        }
        QCOMPARE(memory.primary, folder.primary);
        QCOMPARE(memory.secondary, folder.secondary);
    }
};

QTEST_GUILESS_MAIN(LocationSeamTest)
#include "tst_location_seam.moc"
