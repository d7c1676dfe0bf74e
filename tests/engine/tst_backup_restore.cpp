// Backups of real SQLite files and restores compared with reference copies taken at the same
// instants, through the engine's public entry point (Workspace), with a clock the test moves.
#include "FaultyFileSystem.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "catalog/Alerts.h"
#include "catalog/RestorePlanner.h"
#include "restore/Verifier.h"
#include "retention/VaultGc.h"
#include "workspace/CatalogSync.h"
#include "workspace/JobRunner.h"
#include "workspace/RestoreDrill.h"
#include "workspace/Workspace.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {

const QByteArray kPass("engine test passphrase");
constexpr qint64 kT0 = 1772359200000; // 2026-03-01T10:00:00Z

struct Fixture {
    QTemporaryDir dir;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(kT0);
    std::unique_ptr<Workspace> ws;

    Fixture(bool encrypted = true) {
        auto created = Workspace::create(dir.path() + QStringLiteral("/ws"), QString(),
                                         encrypted ? &kPass : nullptr, clock);
        if (created)
            ws = std::move(*created);
    }
    QString path(const QString& name) const { return dir.path() + QLatin1Char('/') + name; }
    Result<BackupInfo> backup(const QString& name, BackupType type) {
        JobContext job;
        auto db = ws->catalog().findDatabase(name);
        if (!db)
            return db.status();
        return ws->backup(ws->catalog(), *db, type, job);
    }
    Result<RestoreOutcome> restore(const QString& name, qint64 at, const QString& as) {
        JobContext job;
        return ws->restoreToPoint(ws->catalog(), name, at, as, path(as + QStringLiteral(".db")),
                                  job);
    }
    qint64 vaultBytes() const {
        qint64 total = 0;
        QDirIterator it(ws->vault().root(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            total += QFileInfo(it.next()).size();
        return total;
    }
};

void change(const QString& file, int round) {
    QString error;
    QVERIFY2(
        execSql(file,
                QStringLiteral(
                    "UPDATE orders SET amount_cents = amount_cents + %1 WHERE id % 7 = %2;"
                    "DELETE FROM orders WHERE id % 53 = %2;"
                    "INSERT INTO orders(customer_id, placed_at, status, amount_cents, reference, "
                    "packing) SELECT customer_id, placed_at, 'new', amount_cents + %1, "
                    "reference || '-r', packing FROM orders WHERE id % 11 = %2;")
                    .arg(round * 3)
                    .arg(round % 7),
                &error),
        qPrintable(error));
}

void expectSame(const QString& restored, const QString& reference) {
    QCOMPARE(integrityCheck(restored), QStringLiteral("ok"));
    QString diff;
    QVERIFY2(sqldiffEmpty(restored, reference, &diff), qPrintable(diff));
    QCOMPARE(logicalHash(restored), logicalHash(reference));
}

} // namespace

class BackupRestoreTest : public QObject {
    Q_OBJECT
private slots:
    void chainRestoresEveryInstant_data() {
        QTest::addColumn<int>("journal");
        QTest::addColumn<int>("pageSize");
        QTest::newRow("wal-4k") << int(JournalMode::Wal) << 4096;
        QTest::newRow("wal-1k") << int(JournalMode::Wal) << 1024;
        QTest::newRow("wal-64k") << int(JournalMode::Wal) << 65536;
        QTest::newRow("rollback-4k") << int(JournalMode::Delete) << 4096;
        QTest::newRow("rollback-1k") << int(JournalMode::Delete) << 1024;
        QTest::newRow("rollback-64k") << int(JournalMode::Delete) << 65536;
    }
    void chainRestoresEveryInstant() {
        QFETCH(int, journal);
        QFETCH(int, pageSize);
        Fixture f;
        QVERIFY(f.ws);
        QString file = f.path(QStringLiteral("shop.db"));
        QString error;
        QVERIFY2(makeDatabase(file, JournalMode(journal), pageSize, 3000, &error),
                 qPrintable(error));
        QVERIFY(f.ws->addDatabase(QStringLiteral("shop"), file, -1).isOk());

        // full, log, diff, log, log: a reference copy right after each backup.
        const BackupType plan[] = {BackupType::Full, BackupType::Log, BackupType::Differential,
                                   BackupType::Log, BackupType::Log};
        QList<qint64> instants;
        QStringList references;
        int round = 0;
        for (BackupType t : plan) {
            f.clock->advanceMs(3600 * 1000);
            auto b = f.backup(QStringLiteral("shop"), t);
            QVERIFY2(b.isOk(), qPrintable(b.status().message()));
            QCOMPARE(b->type, t);
            instants << b->snapshotMs;
            QString ref = f.path(QStringLiteral("ref%1.db").arg(round));
            QVERIFY(copyDatabase(file, ref));
            references << ref;
            change(file, ++round);
        }
        RestoreWindow w =
            RestorePlanner(
                f.ws->catalog().backups(f.ws->catalog().findDatabase(QStringLiteral("shop"))->uuid))
                .window();
        QCOMPARE(w.earliestMs, instants.first());
        QCOMPARE(w.latestMs, instants.last());
        for (int i = 0; i < instants.size(); ++i) {
            // A point between two backups restores the earlier one.
            qint64 at = instants[i] + (i + 1 < instants.size() ? 1000 : 0);
            auto r = f.restore(QStringLiteral("shop"), at, QStringLiteral("r%1").arg(i));
            QVERIFY2(r.isOk(), qPrintable(r.status().message()));
            QCOMPARE(r->restoredToMs, instants[i]);
            QCOMPARE(r->integrity, QStringLiteral("ok"));
            expectSame(r->file, references[i]);
        }
        // The original was never touched by restores, and restores are registered.
        QVERIFY(f.ws->catalog().findDatabase(QStringLiteral("r0")).isOk());
    }

    void restoreRefusesBadTargets() {
        Fixture f;
        QString file = f.path(QStringLiteral("a.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 500));
        QVERIFY(f.ws->addDatabase(QStringLiteral("a"), file, -1).isOk());
        auto b = f.backup(QStringLiteral("a"), BackupType::Full);
        QVERIFY(b.isOk());
        JobContext job;
        // Existing file: untouched.
        QFile existing(f.path(QStringLiteral("exists.db")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me");
        existing.close();
        auto r = f.ws->restoreToPoint(f.ws->catalog(), QStringLiteral("a"), b->snapshotMs,
                                      QStringLiteral("n1"), existing.fileName(), job);
        QCOMPARE(r.status().code(), Status::Code::AlreadyExists);
        QVERIFY(existing.open(QIODevice::ReadOnly));
        QCOMPARE(existing.readAll(), QByteArray("keep me"));
        // Registered name.
        r = f.ws->restoreToPoint(f.ws->catalog(), QStringLiteral("a"), b->snapshotMs,
                                 QStringLiteral("a"), f.path(QStringLiteral("x.db")), job);
        QCOMPARE(r.status().code(), Status::Code::AlreadyExists);
        // Outside the window, with the window in the message.
        r = f.ws->restoreToPoint(f.ws->catalog(), QStringLiteral("a"), b->snapshotMs - 1,
                                 QStringLiteral("n2"), f.path(QStringLiteral("y.db")), job);
        QCOMPARE(r.status().code(), Status::Code::OutOfRange);
        QVERIFY(r.status().message().contains(formatTime(b->snapshotMs)));
        QVERIFY(!QFile::exists(f.path(QStringLiteral("y.db"))));
    }

    void badDatabasesFailClearly() {
        Fixture f;
        QString empty = f.path(QStringLiteral("empty.db"));
        QVERIFY(execSql(empty, QStringLiteral("PRAGMA user_version=1")));
        QVERIFY(f.ws->addDatabase(QStringLiteral("empty"), empty, -1).isOk());
        auto b = f.backup(QStringLiteral("empty"), BackupType::Full);
        QVERIFY(!b.isOk());
        QVERIFY(b.status().message().contains(QStringLiteral("no tables")));
        QCOMPARE(f.ws->catalog().backupCount(), 0);

        QString text = f.path(QStringLiteral("notes.txt"));
        QFile t(text);
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write(QByteArray(8192, 'n'));
        t.close();
        auto added = f.ws->addDatabase(QStringLiteral("notes"), text, -1);
        QVERIFY(!added.isOk());
        QVERIFY(added.status().message().contains(QStringLiteral("not a SQLite database")));

        for (const QString& bad :
             {QStringLiteral("a;b"), QStringLiteral("a/b"), QStringLiteral("a\\b"),
              QStringLiteral("a\tb"), QStringLiteral("")}) {
            auto refused = f.ws->addDatabase(bad, empty, -1);
            QCOMPARE(refused.status().code(), Status::Code::InvalidArgument);
        }

        QString gone = f.path(QStringLiteral("gone.db"));
        QVERIFY(makeDatabase(gone, JournalMode::Wal, 4096, 100));
        QVERIFY(f.ws->addDatabase(QStringLiteral("gone"), gone, -1).isOk());
        QFile::remove(gone);
        QFile::remove(gone + QStringLiteral("-wal"));
        QFile::remove(gone + QStringLiteral("-shm"));
        auto missing = f.backup(QStringLiteral("gone"), BackupType::Full);
        QCOMPARE(missing.status().code(), Status::Code::NotFound);
        JobContext job;
        QVERIFY(f.ws->verify(f.ws->catalog(), {}, job).ok());
    }

    void unchangedFullAddsAlmostNothing() {
        Fixture f;
        QString file = f.path(QStringLiteral("big.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 20000));
        QVERIFY(f.ws->addDatabase(QStringLiteral("big"), file, -1).isOk());
        QVERIFY(f.backup(QStringLiteral("big"), BackupType::Full).isOk());
        qint64 before = f.vaultBytes();
        f.clock->advanceMs(1000);
        auto second = f.backup(QStringLiteral("big"), BackupType::Full);
        QVERIFY(second.isOk());
        qint64 growth = f.vaultBytes() - before;
        QVERIFY2(growth * 200 < before,
                 qPrintable(QStringLiteral("grew %1 of %2").arg(growth).arg(before)));
        // A copy of the same file under another name deduplicates across databases.
        QString copy = f.path(QStringLiteral("copy.db"));
        QVERIFY(copyDatabase(file, copy));
        QVERIFY(f.ws->addDatabase(QStringLiteral("copy"), copy, -1).isOk());
        before = f.vaultBytes();
        QVERIFY(f.backup(QStringLiteral("copy"), BackupType::Full).isOk());
        QVERIFY((f.vaultBytes() - before) * 20 < before);
    }

    void fullDiskLeavesNoPartialBackup_data() {
        QTest::addColumn<qint64>("budget");
        QTest::addColumn<int>("fault");
        QTest::newRow("nospace-early")
            << qint64(100) << int(testing::FaultyFileSystem::Fault::NoSpace);
        QTest::newRow("nospace-mid")
            << qint64(300000) << int(testing::FaultyFileSystem::Fault::NoSpace);
        QTest::newRow("eio-mid") << qint64(150000)
                                 << int(testing::FaultyFileSystem::Fault::IOError);
    }
    void fullDiskLeavesNoPartialBackup() {
        QFETCH(qint64, budget);
        QFETCH(int, fault);
        Fixture setup;
        QString file = setup.path(QStringLiteral("d.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 20000));
        QVERIFY(setup.ws->addDatabase(QStringLiteral("d"), file, -1).isOk());
        QVERIFY(setup.backup(QStringLiteral("d"), BackupType::Full).isOk());
        change(file, 1);
        QString wsDir = setup.ws->dir();
        setup.ws.reset();

        testing::FaultyFileSystem faulty;
        faulty.fault = testing::FaultyFileSystem::Fault(fault);
        auto ws = Workspace::open(wsDir, &kPass, setup.clock, faulty);
        QVERIFY(ws.isOk());
        faulty.bytesLeft = budget;
        JobContext job;
        auto db = (*ws)->catalog().findDatabase(QStringLiteral("d"));
        auto b = (*ws)->backup((*ws)->catalog(), *db, BackupType::Full, job);
        QVERIFY(!b.isOk());
        QVERIFY(b.status().isIOError());
        QCOMPARE((*ws)->catalog().backups(db->uuid).size(), 1);
        faulty.bytesLeft = -1;
        JobContext verifyJob;
        VerifyReport report = (*ws)->verify((*ws)->catalog(), {}, verifyJob);
        QVERIFY2(report.ok(), qPrintable(report.problems.join(u'\n')));
        // And the next backup goes through.
        QVERIFY((*ws)->backup((*ws)->catalog(), *db, BackupType::Log, job).isOk());
        QCOMPARE((*ws)->catalog().backups(db->uuid).size(), 2);
    }

    void damagedVaultNeverRestoresWrongData() {
        Fixture f;
        QString file = f.path(QStringLiteral("c.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 5000));
        QVERIFY(f.ws->addDatabase(QStringLiteral("c"), file, -1).isOk());
        auto full = f.backup(QStringLiteral("c"), BackupType::Full);
        QVERIFY(full.isOk());
        QStringList packs = f.ws->vault().listPacks();
        QVERIFY(!packs.isEmpty());
        QString pack = f.ws->vault().packPath(packs.first());
        QFile p(pack);
        QVERIFY(p.open(QIODevice::ReadWrite));
        p.seek(p.size() / 3);
        char c = 0;
        p.getChar(&c);
        p.seek(p.size() / 3);
        p.putChar(char(c ^ 0x01));
        p.close();
        JobContext job;
        VerifyReport report = f.ws->verify(f.ws->catalog(), {}, job);
        QVERIFY(!report.ok());
        QVERIFY(report.affectedBackups.contains(full->id));
        auto r = f.restore(QStringLiteral("c"), full->snapshotMs, QStringLiteral("bad"));
        QVERIFY(!r.isOk());
        QCOMPARE(r.status().code(), Status::Code::Corruption);
        QVERIFY(!QFile::exists(f.path(QStringLiteral("bad.db"))));
        QVERIFY(QDir(f.dir.path())
                    .entryList({QStringLiteral(".*tidemark-restore")}, QDir::Hidden | QDir::Files)
                    .isEmpty());
    }

    void missingManifestIsReported() {
        Fixture f;
        QString file = f.path(QStringLiteral("m.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 500));
        auto db = f.ws->addDatabase(QStringLiteral("m"), file, -1);
        auto full = f.backup(QStringLiteral("m"), BackupType::Full);
        QVERIFY(full.isOk());
        QVERIFY(QFile::remove(f.ws->vault().manifestPath(db->uuid, full->id)));
        JobContext job;
        VerifyReport report = f.ws->verify(f.ws->catalog(), {}, job);
        QVERIFY(!report.ok());
        QVERIFY(report.problems.join(u' ').contains(QStringLiteral("missing")));
        auto r = f.restore(QStringLiteral("m"), full->snapshotMs, QStringLiteral("r"));
        QCOMPARE(r.status().code(), Status::Code::NotFound);
        QVERIFY(r.status().message().contains(QStringLiteral("missing")));
    }

    void catalogRebuildListsTheSameBackups() {
        Fixture f(false);
        QString a = f.path(QStringLiteral("a.db")), b = f.path(QStringLiteral("b.db"));
        QVERIFY(makeDatabase(a, JournalMode::Wal, 4096, 2000));
        QVERIFY(makeDatabase(b, JournalMode::Delete, 1024, 1000));
        QVERIFY(f.ws->addDatabase(QStringLiteral("a"), a, -1).isOk());
        QVERIFY(f.ws->addDatabase(QStringLiteral("b"), b, -1).isOk());
        for (BackupType t : {BackupType::Full, BackupType::Differential, BackupType::Log}) {
            f.clock->advanceMs(60000);
            QVERIFY(f.backup(QStringLiteral("a"), t).isOk());
            QVERIFY(f.backup(QStringLiteral("b"), t).isOk());
            change(a, int(t) + 1);
        }
        auto snapshot = [&](Catalog& c) {
            QStringList lines;
            for (const DatabaseInfo& d : c.databases())
                for (const BackupInfo& x : c.backups(d.uuid))
                    lines << QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                                 .arg(d.name, x.id, backupTypeName(x.type))
                                 .arg(x.snapshotMs)
                                 .arg(x.logicalBytes)
                                 .arg(x.storedBytes)
                                 .arg(x.logicalHash);
            lines.sort();
            return lines;
        };
        QStringList before = snapshot(f.ws->catalog());
        QCOMPARE(before.size(), 6);
        auto rebuilt = rebuildCatalog(f.ws->vault(), f.ws->catalog());
        QVERIFY(rebuilt.isOk());
        QVERIFY(rebuilt->problems.isEmpty());
        QCOMPARE(snapshot(f.ws->catalog()), before);
    }

    void jobsAreRecordedWithOutcome() {
        Fixture f;
        QString file = f.path(QStringLiteral("j.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 200));
        QVERIFY(f.ws->addDatabase(QStringLiteral("j"), file, -1).isOk());
        JobRunner runner(*f.ws, 2);
        Workspace* ws = f.ws.get();
        auto ok = runner.submit(QStringLiteral("backup-full"), QStringLiteral("j"),
                                [ws](Catalog& c, JobContext& job, QString* summary) {
                                    auto db = c.findDatabase(QStringLiteral("j"));
                                    auto r = ws->backup(c, *db, BackupType::Full, job);
                                    *summary = QStringLiteral("done");
                                    return r.isOk() ? Status::ok() : r.status();
                                });
        auto bad = runner.submit(QStringLiteral("backup-full"), QStringLiteral("nope"),
                                 [](Catalog& c, JobContext&, QString*) {
                                     return c.findDatabase(QStringLiteral("nope")).status();
                                 });
        ok->wait();
        bad->wait();
        QVERIFY(ok->status.isOk());
        QVERIFY(!bad->status.isOk());
        QList<JobInfo> jobs = f.ws->catalog().jobs(10);
        QCOMPARE(jobs.size(), 2);
        QStringList statuses;
        for (const JobInfo& j : jobs)
            statuses << j.status;
        statuses.sort();
        QCOMPARE(statuses, (QStringList{QStringLiteral("failed"), QStringLiteral("succeeded")}));
    }

    void backupsAfterDamageDoNotLeanOnIt() {
        Fixture f;
        QString file = f.path(QStringLiteral("h.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 5000));
        QVERIFY(f.ws->addDatabase(QStringLiteral("h"), file, -1).isOk());
        f.clock->advanceMs(1000);
        auto full = f.backup(QStringLiteral("h"), BackupType::Full);
        QVERIFY(full.isOk());
        f.clock->advanceMs(1000);
        change(file, 1);
        auto log = f.backup(QStringLiteral("h"), BackupType::Log);
        QVERIFY(log.isOk());
        // Damage the full's data: verify reports the full and the log built on it.
        QString pack = f.ws->vault().packPath(f.ws->catalog().packsOf(full->id).first());
        {
            QFile p(pack);
            QVERIFY(p.open(QIODevice::ReadWrite));
            p.seek(200);
            char c = 0;
            p.getChar(&c);
            p.seek(200);
            p.putChar(char(c ^ 0x10));
        }
        JobContext job;
        VerifyReport report = f.ws->verify(f.ws->catalog(), {}, job);
        QVERIFY(!report.ok());
        QVERIFY(report.affectedBackups.contains(full->id));
        QVERIFY(report.affectedBackups.contains(log->id));
        // The next full stores the pages again instead of pointing at the damaged pack...
        f.clock->advanceMs(1000);
        auto fresh = f.backup(QStringLiteral("h"), BackupType::Full);
        QVERIFY(fresh.isOk());
        QVERIFY(fresh->storedBytes > 10000);
        QString reference = f.path(QStringLiteral("h-ref.db"));
        QVERIFY(copyDatabase(file, reference));
        auto r = f.restore(QStringLiteral("h"), fresh->snapshotMs, QStringLiteral("h2"));
        QVERIFY2(r.isOk(), qPrintable(r.status().message()));
        expectSame(r->file, reference);
        // ...and a pack that disappeared is not leaned on either, even without a verify.
        QVERIFY(QFile::remove(f.ws->vault().packPath(f.ws->catalog().packsOf(fresh->id).first())));
        f.clock->advanceMs(1000);
        auto again = f.backup(QStringLiteral("h"), BackupType::Full);
        QVERIFY(again.isOk());
        auto r2 = f.restore(QStringLiteral("h"), again->snapshotMs, QStringLiteral("h3"));
        QVERIFY2(r2.isOk(), qPrintable(r2.status().message()));
        expectSame(r2->file, reference);
    }

    void unusableBaseForcesAFull_data() {
        QTest::addColumn<int>("requested");
        QTest::newRow("differential") << int(BackupType::Differential);
        QTest::newRow("log") << int(BackupType::Log);
    }

    void unusableBaseForcesAFull() {
        QFETCH(int, requested);
        Fixture f;
        QString file = f.path(QStringLiteral("u.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 3000));
        QVERIFY(f.ws->addDatabase(QStringLiteral("u"), file, -1).isOk());
        auto full = f.backup(QStringLiteral("u"), BackupType::Full);
        QVERIFY(full.isOk());
        f.clock->advanceMs(1000);
        change(file, 1);
        QVERIFY(f.backup(QStringLiteral("u"), BackupType::Differential).isOk());
        f.clock->advanceMs(1000);
        change(file, 2);
        QVERIFY(f.backup(QStringLiteral("u"), BackupType::Log).isOk());
        // Verify found the full damaged beyond repair: it and everything built on it.
        QStringList all;
        for (const BackupInfo& b : f.ws->catalog().backups(full->databaseUuid))
            all << b.id;
        QVERIFY(
            markBackupsUnusable(f.ws->catalog(), all, QStringLiteral("damaged in a test")).isOk());
        QVERIFY(RestorePlanner(f.ws->catalog().backups(full->databaseUuid)).window().empty());

        f.clock->advanceMs(1000);
        change(file, 3);
        JobContext job;
        auto db = f.ws->catalog().findDatabase(QStringLiteral("u"));
        auto next = f.ws->backup(f.ws->catalog(), *db, BackupType(requested), job);
        QVERIFY2(next.isOk(), qPrintable(next.status().message()));
        QCOMPARE(next->type, BackupType::Full);
        const QString why = QStringLiteral("the last full %1 is unusable (damaged in a test); "
                                           "taking a full instead of a %2")
                                .arg(full->id, backupTypeName(BackupType(requested)));
        QVERIFY2(next->note.contains(why), qPrintable(next->note));
        QVERIFY2(job.logText().contains(why), qPrintable(job.logText()));

        RestoreWindow w = RestorePlanner(f.ws->catalog().backups(full->databaseUuid)).window();
        QCOMPARE(w.latestMs, next->snapshotMs);
        QString reference = f.path(QStringLiteral("u-ref.db"));
        QVERIFY(copyDatabase(file, reference));
        auto r = f.restore(QStringLiteral("u"), next->snapshotMs, QStringLiteral("u2"));
        QVERIFY2(r.isOk(), qPrintable(r.status().message()));
        expectSame(r->file, reference);
    }

    void brokenChainsAreGapsNotSilentFallbacks() {
        Fixture f;
        QString file = f.path(QStringLiteral("g.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 500));
        auto db = f.ws->addDatabase(QStringLiteral("g"), file, -1);
        QList<BackupInfo> made;
        for (BackupType t : {BackupType::Full, BackupType::Differential, BackupType::Log}) {
            f.clock->advanceMs(3600 * 1000);
            change(file, int(made.size()) + 1);
            auto b = f.backup(QStringLiteral("g"), t);
            QVERIFY(b.isOk());
            made << *b;
        }
        // The differential's manifest is lost and the catalog rebuilt from the vault.
        QVERIFY(QFile::remove(f.ws->vault().manifestPath(db->uuid, made[1].id)));
        QVERIFY(rebuildCatalog(f.ws->vault(), f.ws->catalog()).isOk());
        RestorePlanner planner(f.ws->catalog().backups(db->uuid));
        RestoreWindow w = planner.window();
        QCOMPARE(w.latestMs, made[0].snapshotMs); // the log can no longer be reached
        QCOMPARE(planner.unrestorable().size(), 1);
        auto r = f.restore(QStringLiteral("g"), made[2].snapshotMs, QStringLiteral("g2"));
        QVERIFY(!r.isOk());
    }

    void restoreDrillProvesARestore() {
        Fixture f;
        QString file = f.path(QStringLiteral("d.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 2000));
        QVERIFY(f.ws->addDatabase(QStringLiteral("d"), file, -1).isOk());
        f.clock->advanceMs(1000);
        auto full = f.backup(QStringLiteral("d"), BackupType::Full);
        QVERIFY(full.isOk());
        JobContext job;
        auto drill = runRestoreDrill(*f.ws, f.ws->catalog(), QStringLiteral("d"), -1, job);
        QVERIFY2(drill.isOk(), qPrintable(drill.status().message()));
        QVERIFY(drill->passed);
        QCOMPARE(drill->restoredToMs, full->snapshotMs);
        QVERIFY(QDir(f.ws->dir() + QStringLiteral("/scratch")).entryList(QDir::Files).isEmpty());
        auto db = f.ws->catalog().findDatabase(QStringLiteral("d"));
        QCOMPARE(f.ws->catalog().drills(db->uuid).size(), 1);
        // Damaged data makes the drill fail, and the failure is recorded too.
        QString pack = f.ws->vault().packPath(f.ws->vault().listPacks().first());
        QFile p(pack);
        QVERIFY(p.open(QIODevice::ReadWrite));
        p.seek(100);
        p.putChar('X');
        p.close();
        auto failed = runRestoreDrill(*f.ws, f.ws->catalog(), QStringLiteral("d"), -1, job);
        QVERIFY(failed.isOk());
        QVERIFY(!failed->passed);
        QList<DrillInfo> history = f.ws->catalog().drills(db->uuid);
        QCOMPARE(history.size(), 2);
        QVERIFY(!history.first().passed);
    }

    void passphraseChangeKeepsEveryBackupReadable() {
        Fixture f;
        QString file = f.path(QStringLiteral("k.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 500));
        QVERIFY(f.ws->addDatabase(QStringLiteral("k"), file, -1).isOk());
        f.clock->advanceMs(1000);
        auto full = f.backup(QStringLiteral("k"), BackupType::Full);
        QVERIFY(full.isOk());
        const QByteArray next("a brand new passphrase");
        QVERIFY(f.ws->changePassphrase(next).isOk());
        QString dir = f.ws->dir();
        f.ws.reset();
        QCOMPARE(Workspace::open(dir, &kPass, f.clock).status().code(), Status::Code::WrongKey);
        auto reopened = Workspace::open(dir, &next, f.clock);
        QVERIFY(reopened.isOk());
        f.ws = std::move(*reopened);
        auto r = f.restore(QStringLiteral("k"), full->snapshotMs, QStringLiteral("k2"));
        QVERIFY2(r.isOk(), qPrintable(r.status().message()));
    }

    void cancelledBackupLeavesNothing() {
        Fixture f;
        QString file = f.path(QStringLiteral("k.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 20000));
        QVERIFY(f.ws->addDatabase(QStringLiteral("k"), file, -1).isOk());
        JobRunner runner(*f.ws, 1);
        Workspace* ws = f.ws.get();
        std::atomic<bool> started{false};
        auto job = runner.submit(QStringLiteral("backup-full"), QStringLiteral("k"),
                                 [ws, &started](Catalog& c, JobContext& ctx, QString*) {
                                     auto db = c.findDatabase(QStringLiteral("k"));
                                     // Cancel as soon as the first pages are copied.
                                     ctx.onProgress = [&ctx, &started](double) {
                                         started = true;
                                         ctx.cancel();
                                     };
                                     auto r = ws->backup(c, *db, BackupType::Full, ctx);
                                     return r.isOk() ? Status::ok() : r.status();
                                 });
        job->wait();
        QVERIFY(started);
        QVERIFY(job->status.isCancelled());
        QCOMPARE(f.ws->catalog().backupCount(), 0);
        QVERIFY(f.ws->vault().listPacks().isEmpty());
        QCOMPARE(f.ws->catalog().jobs(1).first().status, QStringLiteral("cancelled"));
        QVERIFY(f.backup(QStringLiteral("k"), BackupType::Full).isOk());
    }

    void garbageCollectionRemovesOnlyOrphans() {
        Fixture f;
        QString file = f.path(QStringLiteral("g.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 3000));
        QVERIFY(f.ws->addDatabase(QStringLiteral("g"), file, -1).isOk());
        auto full = f.backup(QStringLiteral("g"), BackupType::Full);
        QVERIFY(full.isOk());
        // What a backup killed after writing a pack but before its manifest leaves behind.
        QString orphan = Vault::newPackName();
        PackWriter writer = f.ws->vault().packWriter(orphan);
        QVERIFY(writer.finish(f.ws->vault().keys()).isOk());
        QFile temp(f.ws->vault().root() + QStringLiteral("/packs/.tmp-leftover"));
        QVERIFY(temp.open(QIODevice::WriteOnly));
        temp.write("partial");
        temp.close();
        QStringList before = f.ws->vault().listPacks();
        QCOMPARE(before.size(), 2);
        qint64 now = QDateTime::currentMSecsSinceEpoch();
        // Within the grace period nothing goes.
        GcReport young = collectGarbage(f.ws->vault(), f.ws->catalog(), now, 3600 * 1000);
        QCOMPARE(young.orphanPacks + young.temporaryFiles, 0);
        GcReport report =
            collectGarbage(f.ws->vault(), f.ws->catalog(), now + 7200 * 1000, 3600 * 1000);
        QCOMPARE(report.orphanPacks, 1);
        QCOMPARE(report.temporaryFiles, 1);
        QVERIFY(!f.ws->vault().listPacks().contains(orphan));
        JobContext job;
        QVERIFY(f.ws->verify(f.ws->catalog(), {}, job).ok());
        QVERIFY(f.restore(QStringLiteral("g"), full->snapshotMs, QStringLiteral("g2")).isOk());
    }
};

QTEST_GUILESS_MAIN(BackupRestoreTest)
#include "tst_backup_restore.moc"
