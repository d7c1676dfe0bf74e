// Backups to a blob primary on the pinned Azurite killed with SIGKILL at random moments: after
// each kill the vault verifies and the next backup succeeds; gc then removes what the killed
// runs left (uncommitted blocks, unreferenced packs), and the latest point restores exactly.
// The random delays come from a printed seed; set TIDEMARK_KILL_SEED to replay a run.

#include "Azurite.h"
#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"
#include "vault/azure/AzureBlobClient.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QtTest>

using namespace tidemark::testsupport;
using tidemark::azure::AzureBlobClient;
using tidemark::testing::Azurite;

namespace {

constexpr int kKillRounds = 12;
constexpr int kLongestDelayMs = 4000;
// A guard so the loop stays well within the test's time limit even on a slow machine.
constexpr qint64 kLoopBudgetMs = 100'000;
const QString kContainer = QStringLiteral("killloop");

} // namespace

class TestCliAzureKillLoop : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void killedBackupsToABlobPrimaryLeaveItUsable();

private:
    // Names in the container holding only uncommitted blocks.
    QStringList uncommittedNames();
    QStringList blobNames(AzureBlobClient::Listing listing);

    Azurite azurite_;
};

void TestCliAzureKillLoop::initTestCase() {
    QVERIFY2(QFileInfo(cliProgram()).isExecutable(),
             qPrintable(QStringLiteral("no CLI at %1").arg(cliProgram())));
    const QString problem = azurite_.start();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    qunsetenv("AZURE_STORAGE_KEY");
    qunsetenv("AZURE_STORAGE_SAS_TOKEN");
    qputenv("AZURE_STORAGE_CONNECTION_STRING", azurite_.connectionString().toUtf8());
}

QStringList TestCliAzureKillLoop::blobNames(AzureBlobClient::Listing listing) {
    tidemark::azure::AzureAccount account;
    account.name = Azurite::account();
    account.endpoint =
        QStringLiteral("http://127.0.0.1:%1/%2").arg(azurite_.port()).arg(account.name);
    account.key = QByteArray::fromBase64(Azurite::developmentKey().toLatin1());
    AzureBlobClient client(account);
    auto blobs = client.list(kContainer, {}, listing);
    if (!blobs)
        return {QStringLiteral("listing failed: ") + blobs.status().message()};
    QStringList names;
    for (const auto& blob : *blobs)
        names << blob.name;
    return names;
}

QStringList TestCliAzureKillLoop::uncommittedNames() {
    QStringList names = blobNames(AzureBlobClient::Listing::WithUncommitted);
    for (const QString& committed : blobNames(AzureBlobClient::Listing::Committed))
        names.removeAll(committed);
    return names;
}

void TestCliAzureKillLoop::killedBackupsToABlobPrimaryLeaveItUsable() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString database = workspace.dataPath("busy.db");
    QString error;
    // Enough pages that a full backup writes packs larger than one block.
    QVERIFY2(makeDatabase(database, JournalMode::Wal, 4096, 40'000, &error), qPrintable(error));
    TIDEMARK_VERIFY_EXIT(
        workspace.run({"init", "--location", "azure://devstoreaccount1/" + kContainer}), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "busy", "--file", database}), 0);

    // The first full, uninterrupted: its length bounds the random delays, so most runs are
    // killed somewhere inside their work rather than after it.
    QElapsedTimer fullClock;
    fullClock.start();
    TIDEMARK_VERIFY_EXIT(workspace.run({"backup", "busy", "--type", "full"}), 0);
    const int longestDelayMs = int(qMin<qint64>(fullClock.elapsed(), kLongestDelayMs));

    const quint32 seed = qEnvironmentVariableIsSet("TIDEMARK_KILL_SEED")
                             ? quint32(qEnvironmentVariableIntValue("TIDEMARK_KILL_SEED"))
                             : QRandomGenerator::global()->generate();
    qInfo("kill loop seed %u (replay with TIDEMARK_KILL_SEED=%u)", seed, seed);
    QRandomGenerator random(seed);

    const QStringList types = {"full", "diff", "log"};
    int killed = 0;
    QElapsedTimer loopClock;
    loopClock.start();
    int round = 0;
    for (; round < kKillRounds && loopClock.elapsed() < kLoopBudgetMs; ++round) {
        QVERIFY2(execSql(database,
                         QStringLiteral("UPDATE orders SET status='round %1' WHERE id % %2 = 0")
                             .arg(round)
                             .arg(round % 5 + 2),
                         &error),
                 qPrintable(error));
        const QString type = types[round % types.size()];
        const int delayMs = int(random.bounded(longestDelayMs + 1));
        QProcess backup;
        workspace.start(backup, {"backup", "busy", "--type", type});
        if (!backup.waitForFinished(delayMs)) {
            backup.kill();
            backup.waitForFinished(10'000);
            ++killed;
        } else {
            QVERIFY2(backup.exitStatus() == QProcess::NormalExit && backup.exitCode() == 0,
                     qPrintable(QStringLiteral("round %1 (%2, not killed): %3")
                                    .arg(round)
                                    .arg(type, QString::fromUtf8(backup.readAllStandardError()))));
        }
        const CliResult verify = workspace.runJson({"verify"});
        TIDEMARK_VERIFY_EXIT(verify, 0);
        QVERIFY2(verify.jsonObject().value("ok") == QJsonValue(true),
                 qPrintable(verify.describe()));
        const CliResult next =
            workspace.runJson({"backup", "busy", "--type", types[(round + 1) % types.size()]});
        TIDEMARK_VERIFY_EXIT(next, 0);
        QVERIFY2(next.jsonArray().first().toObject().value("status").toString() == "succeeded",
                 qPrintable(next.describe()));
    }
    const QStringList debris = uncommittedNames();
    qInfo("%d rounds in %lld ms, %d killed before they finished; %lld uploads left uncommitted",
          round, loopClock.elapsed(), killed, qlonglong(debris.size()));
    QVERIFY2(round >= kKillRounds / 2, "the kill loop ran out of time before half its rounds");

    // Within the grace nothing is touched; past it, the debris goes and the vault still holds.
    const CliResult early = workspace.runJson({"gc"});
    TIDEMARK_VERIFY_EXIT(early, 0);
    QCOMPARE(early.jsonObject().value("temporary_files").toInt(), 0);
    QCOMPARE(uncommittedNames(), debris);
    const CliResult gc = workspace.runJson({"gc", "--grace-minutes", "0"});
    TIDEMARK_VERIFY_EXIT(gc, 0);
    QVERIFY2(gc.jsonObject().value("problems").toArray().isEmpty(), qPrintable(gc.describe()));
    QCOMPARE(gc.jsonObject().value("temporary_files").toInt(), int(debris.size()));
    QCOMPARE(uncommittedNames(), QStringList());
    const CliResult again = workspace.runJson({"gc", "--grace-minutes", "0"});
    TIDEMARK_VERIFY_EXIT(again, 0);
    QCOMPARE(again.jsonObject().value("orphan_packs").toInt(), 0);
    QCOMPARE(again.jsonObject().value("temporary_files").toInt(), 0);

    const CliResult verify = workspace.runJson({"verify"});
    TIDEMARK_VERIFY_EXIT(verify, 0);
    QVERIFY2(verify.jsonObject().value("ok") == QJsonValue(true), qPrintable(verify.describe()));
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
}

QTEST_GUILESS_MAIN(TestCliAzureKillLoop)
#include "tst_cli_azure_kill_loop.moc"
