// Backups killed with SIGKILL at random moments, over and over, while an application writes:
// afterwards the vault still verifies, and the next backup succeeds and restores exactly.
// The random delays come from a printed seed; set TIDEMARK_KILL_SEED to replay a run.

#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"
#include "WriterReference.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QtTest>

using namespace tidemark::testsupport;

namespace {

constexpr int kKillRounds = 60;
constexpr int kLongestDelayMs = 300;
// A guard so the loop stays within the test's time limit even on a slow machine.
constexpr qint64 kLoopBudgetMs = 120'000;

} // namespace

class TestCliKillLoop : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void killedBackupsLeaveVaultUsable();
};

void TestCliKillLoop::initTestCase() {
    QVERIFY2(QFileInfo(cliProgram()).isExecutable(),
             qPrintable(QStringLiteral("no CLI at %1").arg(cliProgram())));
}

void TestCliKillLoop::killedBackupsLeaveVaultUsable() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString database = workspace.dataPath("busy.db");
    QString error;
    // About 3 MiB of orders, plus the writer's tables growing beside them.
    QVERIFY2(makeDatabase(database, JournalMode::Wal, 4096, 12'000, &error), qPrintable(error));
    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "busy", "--file", database}), 0);

    WriterProcess::Settings settings;
    settings.databasePath = database;
    settings.pauseMs = 15;
    settings.seconds = 200;
    settings.logPath = workspace.dataPath("writer.log");
    WriterProcess writer(settings);
    QVERIFY2(writer.start(&error), qPrintable(error));
    QVERIFY2(writer.waitForCommit(10, 60'000), qPrintable(writer.output()));

    const quint32 seed = qEnvironmentVariableIsSet("TIDEMARK_KILL_SEED")
                             ? quint32(qEnvironmentVariableIntValue("TIDEMARK_KILL_SEED"))
                             : QRandomGenerator::global()->generate();
    qInfo("kill loop seed %u (replay with TIDEMARK_KILL_SEED=%u)", seed, seed);
    QRandomGenerator random(seed);

    const QStringList types = {"full", "diff", "log"};
    int killed = 0;
    QStringList unexpectedOutcomes;
    QElapsedTimer loopClock;
    loopClock.start();
    int round = 0;
    for (; round < kKillRounds && loopClock.elapsed() < kLoopBudgetMs; ++round) {
        const QString type = types[round % types.size()];
        const int delayMs = int(random.bounded(kLongestDelayMs + 1));
        QProcess backup;
        workspace.start(backup, {"backup", "busy", "--type", type});
        QVERIFY2(backup.state() != QProcess::NotRunning ||
                     backup.error() != QProcess::FailedToStart,
                 qPrintable(backup.errorString()));
        if (!backup.waitForFinished(delayMs)) {
            backup.kill();
            backup.waitForFinished(10'000);
            ++killed;
            continue;
        }
        // A run that finished before its kill must have done its job.
        if (backup.exitStatus() != QProcess::NormalExit || backup.exitCode() != 0) {
            unexpectedOutcomes
                << QStringLiteral("round %1 (%2, not killed): exit %3: %4")
                       .arg(round)
                       .arg(type)
                       .arg(backup.exitCode())
                       .arg(QString::fromUtf8(backup.readAllStandardError()).trimmed());
        }
    }
    qInfo("%d rounds in %lld ms, %d killed before they finished", round, loopClock.elapsed(),
          killed);
    QVERIFY2(round >= 50, "the kill loop ran out of time before 50 rounds");
    QVERIFY2(unexpectedOutcomes.isEmpty(), qPrintable(unexpectedOutcomes.join('\n')));

    QCOMPARE(writer.stop(), 0);

    const CliResult verify = workspace.runJson({"verify"});
    TIDEMARK_VERIFY_EXIT(verify, 0);
    QVERIFY2(verify.jsonObject().value("ok") == QJsonValue(true), qPrintable(verify.describe()));

    // The chain must cope with whatever the killed runs left: a diff after them works (or is
    // turned into a full if its base never completed) and restores to the file as it is now.
    const CliResult finalBackup = workspace.runJson({"backup", "busy", "--type", "diff"});
    TIDEMARK_VERIFY_EXIT(finalBackup, 0);
    const QJsonObject entry = finalBackup.jsonArray().first().toObject();
    QVERIFY2(entry.value("status").toString() == "succeeded", qPrintable(finalBackup.describe()));
    const QString reference = workspace.dataPath("reference.db");
    QVERIFY2(copyDatabase(database, reference, &error), qPrintable(error));

    const CliResult window = workspace.runJson({"restore-window", "busy"});
    TIDEMARK_VERIFY_EXIT(window, 0);
    const QString latest = window.jsonObject().value("latest").toString();
    const QString target = workspace.dataPath("restored.db");
    const CliResult restore = workspace.runJson(
        {"restore", "busy", "--to", latest, "--as", "restored", "--file", target});
    TIDEMARK_VERIFY_EXIT(restore, 0);
    QString why;
    QVERIFY2(restoredEquals(target, reference, &why), qPrintable(why + "\n" + restore.describe()));
    QCOMPARE(readWriterProgress(target), std::optional<qint64>(writer.lastLoggedCommit()));

    const CliResult verifyAfter = workspace.runJson({"verify"});
    TIDEMARK_VERIFY_EXIT(verifyAfter, 0);
}

QTEST_GUILESS_MAIN(TestCliKillLoop)
#include "tst_cli_kill_loop.moc"
