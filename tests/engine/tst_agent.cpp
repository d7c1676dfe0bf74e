// The agent replaying weeks of schedule with real backups of a database that changes between
// slots: retention keeps exactly the restore window, restores inside it are exact, purged packs
// are collected only after their grace period, and one agent holds a workspace at a time.
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "catalog/RestorePlanner.h"
#include "retention/LtrStore.h"
#include "retention/RetentionPurge.h"
#include "retention/VaultGc.h"
#include "workspace/Agent.h"
#include "workspace/AgentLock.h"
#include "workspace/CatalogSync.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {
const QByteArray kPass("agent test");
constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kT0 = 1767225600000; // 2026-01-01T00:00:00Z
} // namespace

class AgentTest : public QObject {
    Q_OBJECT
private slots:
    void replayKeepsTheWindowAndRestoresExactly() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(kT0);
        auto ws = Workspace::create(dir.path() + QStringLiteral("/ws"), QString(), &kPass, clock);
        QVERIFY(ws.isOk());
        QString file = dir.path() + QStringLiteral("/app.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 2000));
        QVERIFY((*ws)->addDatabase(QStringLiteral("app"), file, -1).isOk());
        BackupPolicy policy;
        policy.retentionDays = 3;
        policy.logMinutes = 60;
        QVERIFY((*ws)->setPolicy(QStringLiteral("app"), policy).isOk());

        // The application writes a little before every slot; keep a copy of the state each
        // backup will capture, by the instant it runs at.
        QMap<qint64, QString> references;
        int round = 0;
        AgentOptions options;
        options.replayClock = clock.get();
        options.untilMs = kT0 + 17 * kDay;
        options.beforePass = [&](qint64 now) {
            QVERIFY(execSql(file, QStringLiteral("UPDATE orders SET amount_cents = amount_cents "
                                                 "+ 1 WHERE id % 97 = %1")
                                      .arg(round++ % 97)));
            if (now > kT0 + 12 * kDay && references.size() < 40 && round % 3 == 0) {
                QString ref = dir.path() + QStringLiteral("/ref-%1.db").arg(now);
                QVERIFY(copyDatabase(file, ref));
                references.insert(now, ref);
            }
        };
        Agent agent(**ws, options);
        auto report = agent.run();
        QVERIFY(report.isOk());
        QCOMPARE(report->failures, 0);
        QVERIFY(report->backups > 17 * 24 * 9 / 10);
        QVERIFY(report->purged > 0);

        auto db = (*ws)->catalog().findDatabase(QStringLiteral("app"));
        QList<BackupInfo> backups = (*ws)->catalog().backups(db->uuid);
        RestoreWindow w = RestorePlanner(backups).window();
        qint64 now = clock->nowMs();
        QVERIFY(w.earliestMs <= now - policy.retentionMs());
        QVERIFY(w.earliestMs > now - policy.retentionMs() - 7 * kDay);
        // Restores inside the window equal the application's state at those instants.
        int checked = 0;
        for (auto it = references.begin(); it != references.end(); ++it) {
            if (it.key() < w.earliestMs || checked >= 6)
                continue;
            JobContext job;
            QString target = dir.path() + QStringLiteral("/restored-%1.db").arg(checked);
            auto r = (*ws)->restoreToPoint((*ws)->catalog(), QStringLiteral("app"), it.key(),
                                           QStringLiteral("r%1").arg(checked), target, job);
            QVERIFY2(r.isOk(), qPrintable(r.status().message()));
            QString why;
            QVERIFY2(restoredEquals(target, it.value(), &why), qPrintable(why));
            ++checked;
        }
        QVERIFY(checked >= 3);
        // The vault holds exactly the manifests the catalog lists, and verifies.
        int manifests = 0;
        for (const ManifestRef& ref : (*ws)->vault().listManifests())
            manifests += ref.databaseUuid == db->uuid ? 1 : 0;
        QCOMPARE(manifests, backups.size());
        JobContext verifyJob;
        VerifyReport verify = (*ws)->verify((*ws)->catalog(), {}, verifyJob);
        QVERIFY2(verify.ok(), qPrintable(verify.problems.join(u'\n')));
    }

    void idleDatabasesRecordNoFailedJob() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(kT0);
        auto ws = Workspace::create(dir.path() + QStringLiteral("/ws"), QString(), &kPass, clock);
        QVERIFY(ws.isOk());
        const QString wal = dir.path() + QStringLiteral("/wal.db");
        const QString journal = dir.path() + QStringLiteral("/journal.db");
        QVERIFY(makeDatabase(wal, JournalMode::Wal, 4096, 300));
        QVERIFY(makeDatabase(journal, JournalMode::Delete, 4096, 300));
        QVERIFY((*ws)->addDatabase(QStringLiteral("wal"), wal, -1).isOk());
        QVERIFY((*ws)->addDatabase(QStringLiteral("journal"), journal, -1).isOk());
        // An hour of five-minute log slots on databases nobody writes to.
        AgentOptions options;
        options.replayClock = clock.get();
        options.untilMs = kT0 + kHour;
        Agent agent(**ws, options);
        auto report = agent.run();
        QVERIFY(report.isOk());
        QCOMPARE(report->failures, 0);
        int unchangedLogs = 0;
        for (const JobInfo& j : (*ws)->catalog().jobs(1000)) {
            QVERIFY2(j.status == QStringLiteral("succeeded"),
                     qPrintable(j.kind + QStringLiteral(": ") + j.message));
            if (j.kind == QStringLiteral("scheduled-log")) {
                QVERIFY2(j.message.contains(QStringLiteral("no change since ")),
                         qPrintable(j.message));
                ++unchangedLogs;
            }
        }
        QVERIFY(unchangedLogs >= 2 * 10);
    }

    void doomedPacksWaitForTheirGrace() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(kT0);
        auto ws = Workspace::create(dir.path() + QStringLiteral("/ws"), QString(), &kPass, clock);
        QString file = dir.path() + QStringLiteral("/d.db");
        QVERIFY(makeDatabase(file, JournalMode::Delete, 4096, 3000));
        QVERIFY((*ws)->addDatabase(QStringLiteral("d"), file, -1).isOk());
        BackupPolicy policy;
        policy.retentionDays = 1;
        QVERIFY((*ws)->setPolicy(QStringLiteral("d"), policy).isOk());
        auto db = (*ws)->catalog().findDatabase(QStringLiteral("d"));
        JobContext job;
        QVERIFY((*ws)->backup((*ws)->catalog(), *db, BackupType::Full, job).isOk());
        const int packsBefore = int((*ws)->vault().listPacks().size());
        // Every page changes (new content, rewritten by VACUUM), then a new full a week later
        // makes the first weekly set old: its pack is no longer named by any backup.
        QVERIFY(execSql(
            file,
            QStringLiteral("DROP VIEW order_totals; DROP TABLE order_notes; DROP TABLE orders; "
                           "DROP TABLE customers; DROP TABLE settings; "
                           "CREATE TABLE fresh(x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 "
                           "UNION ALL SELECT i + 1 FROM n WHERE i < 500) "
                           "INSERT INTO fresh SELECT randomblob(300) FROM n; VACUUM;")));
        clock->advanceMs(8 * kDay);
        QVERIFY((*ws)->backup((*ws)->catalog(), *db, BackupType::Full, job).isOk());
        clock->advanceMs(2 * kDay);
        QVERIFY((*ws)->backup((*ws)->catalog(), *db, BackupType::Log, job).isOk());
        auto purged = applyRetention((*ws)->vault(), (*ws)->catalog(), *db, clock->nowMs());
        QVERIFY(purged.isOk());
        QCOMPARE(purged->purgedIds.size(), 1);
        QVERIFY(purged->packsDoomed > 0);
        int packsNow = int((*ws)->vault().listPacks().size());
        GcReport early = collectGarbage((*ws)->vault(), (*ws)->catalog(), clock->nowMs(), kHour);
        QCOMPARE(early.orphanPacks, 0);
        GcReport late =
            collectGarbage((*ws)->vault(), (*ws)->catalog(), clock->nowMs() + 2 * kHour, kHour);
        QCOMPARE(late.orphanPacks, purged->packsDoomed);
        QVERIFY(int((*ws)->vault().listPacks().size()) == packsNow - purged->packsDoomed);
        QVERIFY(packsBefore > 0);
        JobContext verifyJob;
        QVERIFY((*ws)->verify((*ws)->catalog(), {}, verifyJob).ok());
    }

    void longTermCopiesOutliveShortTermRetention() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(kT0);
        auto ws = Workspace::create(dir.path() + QStringLiteral("/ws"), QString(), &kPass, clock);
        QVERIFY(ws.isOk());
        QString file = dir.path() + QStringLiteral("/ltr.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 1000));
        QVERIFY((*ws)->addDatabase(QStringLiteral("ltr"), file, -1).isOk());
        BackupPolicy policy;
        policy.retentionDays = 3;
        policy.diffHours = 24;
        policy.logMinutes = 60;
        policy.ltr.weeklyWeeks = 2;
        policy.ltr.monthlyMonths = 3;
        policy.ltr.immutableDays = 10;
        QVERIFY((*ws)->setPolicy(QStringLiteral("ltr"), policy).isOk());
        QMap<qint64, QString> fullStates; // full slots fall on whole weeks since kT0
        AgentOptions options;
        options.replayClock = clock.get();
        options.untilMs = kT0 + 70 * kDay;
        int round = 0;
        options.beforePass = [&](qint64 now) {
            QVERIFY(execSql(file, QStringLiteral("UPDATE orders SET amount_cents = amount_cents "
                                                 "+ 1 WHERE id % 50 = %1")
                                      .arg(round++ % 50)));
            if ((now - kT0) % (7 * kDay) < 1000) {
                QString ref = dir.path() + QStringLiteral("/full-%1.db").arg(now);
                QVERIFY(copyDatabase(file, ref));
                fullStates.insert(now, ref);
            }
        };
        Agent agent(**ws, options);
        QVERIFY(agent.run().isOk());
        const qint64 now = clock->nowMs();
        QList<LtrInfo> copies = (*ws)->catalog().ltrBackups();
        QVERIFY(!copies.isEmpty());
        int monthly = 0;
        for (const LtrInfo& l : copies) {
            QVERIFY2(l.expiresMs > now, "an expired long-term copy was kept");
            monthly += l.kinds.contains(QStringLiteral("M")) ? 1 : 0;
        }
        QVERIFY(monthly >= 2 && monthly <= 3);
        // The oldest copy predates the short-term window and still restores exactly.
        const LtrInfo& oldest = copies.first();
        RestoreWindow w =
            RestorePlanner((*ws)->catalog().backups(copies.first().databaseUuid)).window();
        QVERIFY(oldest.snapshotMs < w.earliestMs);
        JobContext job;
        QString target = dir.path() + QStringLiteral("/from-ltr.db");
        auto r = (*ws)->restoreLtr((*ws)->catalog(), oldest.id, QStringLiteral("old"), target, job);
        QVERIFY2(r.isOk(), qPrintable(r.status().message()));
        auto ref = fullStates.lowerBound(oldest.snapshotMs - 1000);
        QVERIFY(ref != fullStates.end());
        QString why;
        QVERIFY2(restoredEquals(target, ref.value(), &why), qPrintable(why));
        // The newest copy is still immutable; a legal hold stops every removal.
        const LtrInfo& newest = copies.last();
        QVERIFY(!deleteLtr((*ws)->vault(), (*ws)->catalog(), newest.id, now).isOk());
        QVERIFY((*ws)->catalog().setHold(newest.databaseUuid, now).isOk());
        QVERIFY(!deleteLtr((*ws)->vault(), (*ws)->catalog(), oldest.id, now + 400 * kDay).isOk());
        QCOMPARE(*expireLtr((*ws)->vault(), (*ws)->catalog(), now + 400 * kDay), 0);
        auto db = (*ws)->catalog().findDatabase(QStringLiteral("ltr"));
        QVERIFY(applyRetention((*ws)->vault(), (*ws)->catalog(), *db, now + 400 * kDay)
                    ->purgedIds.isEmpty());
        QVERIFY((*ws)->catalog().setHold(newest.databaseUuid, -1).isOk());
        QVERIFY(deleteLtr((*ws)->vault(), (*ws)->catalog(), newest.id, now + 11 * kDay).isOk());
        JobContext verifyJob;
        VerifyReport verify = (*ws)->verify((*ws)->catalog(), {}, verifyJob);
        QVERIFY2(verify.ok(), qPrintable(verify.problems.join(u'\n')));
        // A rebuilt catalog knows the long-term copies again.
        QVERIFY(rebuildCatalog((*ws)->vault(), (*ws)->catalog()).isOk());
        QCOMPARE((*ws)->catalog().ltrBackups().size(), copies.size() - 1);
    }

    void droppedDatabaseRestoresUntilItsBackupsAgeOut() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(kT0);
        auto ws = Workspace::create(dir.path() + QStringLiteral("/ws"), QString(), &kPass, clock);
        QString file = dir.path() + QStringLiteral("/gone.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 800));
        QVERIFY((*ws)->addDatabase(QStringLiteral("gone"), file, -1).isOk());
        BackupPolicy policy;
        policy.retentionDays = 2;
        QVERIFY((*ws)->setPolicy(QStringLiteral("gone"), policy).isOk());
        JobContext job;
        auto db = (*ws)->catalog().findDatabase(QStringLiteral("gone"));
        QVERIFY((*ws)->backup((*ws)->catalog(), *db, BackupType::Full, job).isOk());
        clock->advanceMs(kHour);
        QVERIFY(execSql(file, QStringLiteral("DELETE FROM orders WHERE id % 2 = 0")));
        QString lastState = dir.path() + QStringLiteral("/last.db");
        QVERIFY(copyDatabase(file, lastState));
        clock->advanceMs(kHour);
        auto dropped = (*ws)->dropDatabase((*ws)->catalog(), QStringLiteral("gone"), job);
        QVERIFY2(dropped.isOk(), qPrintable(dropped.status().message()));
        QVERIFY(!(*ws)->catalog().findDatabase(QStringLiteral("gone")).isOk());
        // The final log backup holds the state at the drop.
        auto r = (*ws)->restoreToPoint((*ws)->catalog(), QStringLiteral("gone"), dropped->droppedMs,
                                       QStringLiteral("back"),
                                       dir.path() + QStringLiteral("/back.db"), job, true);
        QVERIFY2(r.isOk(), qPrintable(r.status().message()));
        QString why;
        QVERIFY2(restoredEquals(r->file, lastState, &why), qPrintable(why));
        // Retention still runs for it, and once the drop is older than the period, all goes.
        AgentOptions options;
        options.replayClock = clock.get();
        options.untilMs = clock->nowMs() + 3 * kDay;
        Agent agent(**ws, options);
        QVERIFY(agent.run().isOk());
        QCOMPARE((*ws)->catalog().backups(dropped->uuid).size(), 0);
    }

    void oneAgentPerWorkspace() {
        QTemporaryDir dir;
        auto first = AgentLock::acquire(dir.path(), QStringLiteral("pid 1 on test"));
        QVERIFY(first.isOk());
        auto second = AgentLock::acquire(dir.path(), QStringLiteral("pid 2 on test"));
        QVERIFY(!second.isOk());
        QVERIFY(second.status().message().contains(QStringLiteral("pid 1 on test")));
        first->reset();
        QVERIFY(AgentLock::acquire(dir.path(), QStringLiteral("pid 3")).isOk());
    }
};

QTEST_GUILESS_MAIN(AgentTest)
#include "tst_agent.moc"
