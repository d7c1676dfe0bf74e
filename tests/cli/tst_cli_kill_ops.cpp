// kill -9 at random moments during restores, retention purges and replication (the backup
// kill loop is tst_cli_kill_loop): afterwards the vault verifies, every backup that was
// reported done and is inside retention is still listed and restores exactly, the geo
// secondary catches up, and the next operation of each kind succeeds.
// Kill delays are drawn between the CLI's start-up time and a little past the operation's
// measured length, so most kills land inside the operation's own work. The random delays come
// from a printed seed; set TIDEMARK_KILL_SEED to replay a run.

#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"
#include "VaultFiles.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QtTest>

using namespace tidemark::testsupport;

namespace {

constexpr int kKillsPerOperation = 67; // 201 kills: 200 without counting the backup loop
constexpr int kMaxRoundsPerOperation = 300;
// Guards so the test stays inside its time limit even on a slow machine.
constexpr qint64 kBudgetPerOperationMs = 40'000;

QString iso(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

struct Round {
    bool killed = false;
    qint64 elapsedMs = 0;
    bool ok = false;
    QString output;
};

// Starts the command and kills it after `delayMs` unless it finished first.
Round runKilled(const TestWorkspace& workspace, const QStringList& command, const QString& now,
                int delayMs) {
    QProcess process;
    CliOptions options = at(now);
    options.json = true;
    QElapsedTimer clock;
    clock.start();
    workspace.start(process, command, options);
    Round round;
    if (!process.waitForFinished(delayMs)) {
        process.kill();
        process.waitForFinished(10'000);
        round.killed = true;
        return round;
    }
    round.elapsedMs = clock.elapsed();
    round.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    round.output =
        QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    return round;
}

// Wall time of one finished run of the command, in ms.
qint64 timed(const TestWorkspace& workspace, const QStringList& command, const QString& now,
             CliResult* result) {
    QElapsedTimer clock;
    clock.start();
    *result = workspace.runJson(command, at(now));
    return clock.elapsed();
}

} // namespace

class TestCliKillOps : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void killedOperationsLoseNothing();
};

void TestCliKillOps::initTestCase() {
    QVERIFY2(QFileInfo(cliProgram()).isExecutable(),
             qPrintable(QStringLiteral("no CLI at %1").arg(cliProgram())));
}

void TestCliKillOps::killedOperationsLoseNothing() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString database = workspace.dataPath("busy.db");
    QString error;
    QVERIFY2(makeDatabase(database, JournalMode::Wal, 4096, 12'000, &error), qPrintable(error));
    qint64 now = QDateTime::fromString("2026-06-01T00:00:00Z", Qt::ISODate).toMSecsSinceEpoch();
    // Unencrypted: the key derivation would be most of each short-lived process, and the kills
    // are meant for the operations' own work (the backup kill loop runs encrypted).
    TIDEMARK_VERIFY_EXIT(workspace.run({"init", "--no-encryption", "--redundancy", "GRS",
                                        "--secondary", workspace.root() + "/secondary"},
                                       at(iso(now))),
                         0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "busy", "--file", database}, at(iso(now))), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"policy", "busy", "--retention-days", "1", "--diff-hours",
                                        "12", "--log-minutes", "60"},
                                       at(iso(now))),
                         0);

    const quint32 seed = qEnvironmentVariableIsSet("TIDEMARK_KILL_SEED")
                             ? quint32(qEnvironmentVariableIntValue("TIDEMARK_KILL_SEED"))
                             : QRandomGenerator::global()->generate();
    qInfo("kill seed %u (replay with TIDEMARK_KILL_SEED=%u)", seed, seed);
    QRandomGenerator random(seed);

    // Every backup reported done, with its snapshot time.
    QMap<QString, qint64> reported;
    int change = 0;
    auto backup = [&](const QString& type) {
        QVERIFY(execSql(database, QStringLiteral("UPDATE orders SET status = 'c%1' WHERE id % 7 = "
                                                 "%2;")
                                      .arg(change)
                                      .arg(change % 7)));
        ++change;
        const CliResult result =
            workspace.runJson({"backup", "busy", "--type", type}, at(iso(now)));
        TIDEMARK_VERIFY_EXIT(result, 0);
        const QJsonObject entry = result.jsonArray().first().toObject();
        reported.insert(entry.value("id").toString(), now);
    };
    // Two days of history: a full, diffs every 12 h, logs every 4 h.
    for (int hour = 0; hour <= 48; hour += 4) {
        backup(hour == 0 ? "full" : hour % 12 == 0 ? "diff" : "log");
        if (QTest::currentTestFailed())
            return;
        now += 4 * 3'600'000;
    }
    const QString reference = workspace.dataPath("reference.db");
    QVERIFY(copyDatabase(database, reference));

    CliResult probe;
    const qint64 startup = timed(workspace, {"status"}, iso(now), &probe);
    TIDEMARK_VERIFY_EXIT(probe, 0);
    // A kill at a random moment of a run's life, from half its start-up to the length of the
    // last run that finished: most rounds die part-way, even when the work itself is short.
    auto delayFor = [&](qint64 operationMs) {
        const int low = int(std::max<qint64>(1, startup / 2));
        const int high = int(std::max<qint64>(operationMs, startup + 10));
        return low + int(random.bounded(std::max(1, high - low + 1)));
    };
    int totalKills = 0;

    // 1. Restores of the latest point, killed.
    const QString latest = workspace.runJson({"restore-window", "busy"}, at(iso(now)))
                               .jsonObject()
                               .value("latest")
                               .toString();
    QVERIFY(!latest.isEmpty());
    CliResult first;
    qint64 restoreMs = timed(
        workspace,
        {"restore", "busy", "--to", latest, "--as", "r0", "--file", workspace.dataPath("r0.db")},
        iso(now), &first);
    TIDEMARK_VERIFY_EXIT(first, 0);
    int kills = 0;
    QElapsedTimer budget;
    budget.start();
    int round = 1;
    for (; kills < kKillsPerOperation && round < kMaxRoundsPerOperation &&
           budget.elapsed() < kBudgetPerOperationMs;
         ++round) {
        const QString name = QStringLiteral("r%1").arg(round);
        Round r = runKilled(workspace,
                            {"restore", "busy", "--to", latest, "--as", name, "--file",
                             workspace.dataPath(name + ".db")},
                            iso(now), delayFor(restoreMs));
        if (r.killed)
            ++kills;
        else if (r.ok)
            restoreMs = r.elapsedMs; // the length of a whole run, as it is now
        else
            QFAIL(qPrintable("a restore that was not killed failed: " + r.output));
    }
    qInfo("restore: %d rounds, %d killed (restore %lld ms, start-up %lld ms)", round - 1, kills,
          restoreMs, startup);
    QVERIFY2(kills >= kKillsPerOperation, "too few restores were killed");
    totalKills += kills;
    // Never a partial file under the name asked for: each one there is the whole database.
    for (int i = 0; i < round; ++i) {
        const QString path = workspace.dataPath(QStringLiteral("r%1.db").arg(i));
        if (!QFileInfo::exists(path))
            continue;
        QString why;
        QVERIFY2(restoredEquals(path, reference, &why), qPrintable(path + ": " + why));
    }

    // 2. Replication to the geo secondary, killed while it copies. Whenever one run catches
    // up, a full backup of a much changed database gives the next runs megabytes to copy.
    auto bigChange = [&] {
        QVERIFY(
            execSql(database, QStringLiteral("UPDATE orders SET status = 'big%1';").arg(change)));
        backup("full");
    };
    CliResult replicated;
    timed(workspace, {"replicate"}, iso(now), &replicated);
    TIDEMARK_VERIFY_EXIT(replicated, 0);
    const qint64 firstBigFull = now;
    bigChange();
    if (QTest::currentTestFailed())
        return;
    kills = 0;
    budget.restart();
    round = 0;
    int completed = 0;
    qint64 replicateMs = startup * 3 / 2;
    for (; kills < kKillsPerOperation && round < kMaxRoundsPerOperation &&
           budget.elapsed() < kBudgetPerOperationMs;
         ++round) {
        Round r = runKilled(workspace, {"replicate"}, iso(now), delayFor(replicateMs));
        if (r.killed) {
            ++kills;
            continue;
        }
        if (!r.ok)
            QFAIL(qPrintable("a replication that was not killed failed: " + r.output));
        ++completed;
        replicateMs = r.elapsedMs;
        now += 1'800'000;
        bigChange();
        if (QTest::currentTestFailed())
            return;
    }
    qInfo("replicate: %d rounds, %d killed, %d completed (replicate %lld ms)", round, kills,
          completed, replicateMs);
    QVERIFY2(kills >= kKillsPerOperation, "too few replications were killed");
    totalKills += kills;
    TIDEMARK_VERIFY_EXIT(workspace.run({"replicate"}, at(iso(now))), 0);
    const CliResult status = workspace.runJson({"status"}, at(iso(now)));
    QCOMPARE(status.jsonObject().value("pending_backups").toInteger(), 0);
    QVERIFY(copyDatabase(database, reference));

    // At least eight fulls half an hour apart, so the purges below have chains to remove.
    int fulls = completed + 1;
    for (; fulls < 8; ++fulls) {
        now += 1'800'000;
        bigChange();
        if (QTest::currentTestFailed())
            return;
    }
    const qint64 lastFull = now;

    // 3. Retention purges, killed; the clock moves on only when one finishes, by the spacing
    // of the full backups above, so each finished purge frees the next full's chain.
    CliResult purgeProbe;
    // Timed just before the first full's chain leaves retention (a purge with nothing to do).
    qint64 purgeMs =
        timed(workspace, {"purge"}, iso(firstBigFull + 86'400'000 - 3'600'000), &purgeProbe);
    TIDEMARK_VERIFY_EXIT(purgeProbe, 0);
    kills = 0;
    budget.restart();
    round = 0;
    qint64 purgeNow = firstBigFull + 86'400'000 + 60'000; // retention: one day
    for (; kills < kKillsPerOperation && round < kMaxRoundsPerOperation &&
           budget.elapsed() < kBudgetPerOperationMs;
         ++round) {
        Round r = runKilled(workspace, {"purge"}, iso(purgeNow), delayFor(purgeMs));
        if (r.killed) {
            ++kills;
            continue;
        }
        if (!r.ok)
            QFAIL(qPrintable("a purge that was not killed failed: " + r.output));
        purgeMs = r.elapsedMs;
        // Never past the point where the last two fulls are both still needed.
        purgeNow = std::min(purgeNow + 1'800'000, lastFull + 86'400'000 - 1'200'000);
    }
    qInfo("purge: %d rounds, %d killed (purge %lld ms)", round, kills, purgeMs);
    QVERIFY2(kills >= kKillsPerOperation, "too few purges were killed");
    totalKills += kills;
    qInfo("%d kills in all", totalKills);

    // Afterwards: the vault verifies and every backup inside retention is still there.
    const CliResult purge = workspace.runJson({"purge"}, at(iso(purgeNow)));
    TIDEMARK_VERIFY_EXIT(purge, 0);
    const CliResult verify = workspace.runJson({"verify"}, at(iso(purgeNow)));
    TIDEMARK_VERIFY_EXIT(verify, 0);
    QVERIFY2(verify.jsonObject().value("ok").toBool(), qPrintable(verify.describe()));
    const CliResult listed = workspace.runJson({"backups", "busy"}, at(iso(purgeNow)));
    TIDEMARK_VERIFY_EXIT(listed, 0);
    // Retention did remove backups (the purges had work to be killed in).
    QVERIFY2(listed.jsonArray().size() < reported.size(), qPrintable(listed.describe()));
    qInfo("%lld of %lld backups removed by retention", reported.size() - listed.jsonArray().size(),
          reported.size());
    for (auto it = reported.cbegin(); it != reported.cend(); ++it) {
        if (it.value() < purgeNow - 86'400'000)
            continue; // retention may have removed it
        QVERIFY2(!findObject(listed.jsonArray(), "id", it.key()).isEmpty(),
                 qPrintable(QStringLiteral("backup %1 of %2 was reported done and is gone")
                                .arg(it.key(), iso(it.value()))));
    }

    // The next operation of each kind succeeds, and what they give back is exact.
    now = std::max(now, purgeNow);
    const CliResult next = workspace.runJson({"backup", "busy", "--type", "log"}, at(iso(now)));
    TIDEMARK_VERIFY_EXIT(next, 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"replicate"}, at(iso(now))), 0);
    const QString window = workspace.runJson({"restore-window", "busy"}, at(iso(now)))
                               .jsonObject()
                               .value("latest")
                               .toString();
    const QString restored = workspace.dataPath("final.db");
    TIDEMARK_VERIFY_EXIT(
        workspace.runJson({"restore", "busy", "--to", window, "--as", "final", "--file", restored},
                          at(iso(now))),
        0);
    QString why;
    QVERIFY2(restoredEquals(restored, database, &why), qPrintable(why));
    const QString geo = workspace.dataPath("geo.db");
    TIDEMARK_VERIFY_EXIT(
        workspace.runJson({"restore", "busy", "--geo", "--as", "geo", "--file", geo}, at(iso(now))),
        0);
    QVERIFY2(restoredEquals(geo, database, &why), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestCliKillOps)
#include "tst_cli_kill_ops.moc"
