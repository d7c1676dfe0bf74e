// Two hosts, one vault in a blob container (the pinned Azurite): the second host's
// `tidemark-cli agent` is refused while the first runs, naming it, and runs once the first
// has stopped. `status --json` shows each location's kind, reachability and lag.
#include "Azurite.h"
#include "CliRunner.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QtTest>

using namespace tidemark::testsupport;
using tidemark::testing::Azurite;

namespace {
const QString kVault = QStringLiteral("azure://devstoreaccount1/cli/shared");

bool ok(const CliResult& r) {
    if (r.exitCode != 0)
        qWarning().noquote() << r.describe();
    return r.exitCode == 0;
}

bool copyInto(const QString& from, const QString& toDir, const QString& name) {
    QDir().mkpath(toDir);
    QFile::remove(toDir + QLatin1Char('/') + name);
    return QFile::copy(from + QLatin1Char('/') + name, toDir + QLatin1Char('/') + name);
}
} // namespace

class TestCliAzureAgent : public QObject {
    Q_OBJECT
    Azurite azurite_;

private slots:
    void initTestCase() {
        const QString problem = azurite_.startAsTheAccount();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void aSecondHostsAgentIsRefusedUntilTheFirstStops() {
        TestWorkspace first;
        TestWorkspace second;
        QVERIFY(ok(first.run({QStringLiteral("init"), QStringLiteral("--location"), kVault})));
        const QString file = first.dataPath(QStringLiteral("app.db"));
        QVERIFY(makeDatabase(file, JournalMode::Delete, 4096, 300));
        QVERIFY(ok(first.run({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("app"),
                              QStringLiteral("--file"), file})));
        // The second host: the same workspace configuration in its own folder.
        for (const QString& name : {QStringLiteral("workspace.json"), QStringLiteral("catalog.db")})
            QVERIFY(copyInto(first.workspaceDir(), second.workspaceDir(), name));

        QProcess agent;
        first.start(agent, {QStringLiteral("agent")});
        QVERIFY(agent.waitForStarted());
        // It says something once its first pass runs, by then holding the lease.
        QVERIFY(agent.waitForReadyRead(120'000));

        const CliResult refused = second.run({QStringLiteral("agent")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.text().contains(
                     QStringLiteral("another agent already runs for the vault at %1").arg(kVault)),
                 qPrintable(refused.describe()));
        QVERIFY2(refused.text().contains(QStringLiteral("pid %1 on").arg(agent.processId())),
                 qPrintable(refused.describe()));

        // Each location as the engine sees it.
        const QJsonObject status = second.runJson({QStringLiteral("status")}).jsonObject();
        const QJsonArray locations = status.value(QStringLiteral("location_status")).toArray();
        QCOMPARE(locations.size(), 1);
        const QJsonObject primary = locations.first().toObject();
        QCOMPARE(primary.value(QStringLiteral("role")).toString(), QStringLiteral("primary"));
        QCOMPARE(primary.value(QStringLiteral("url")).toString(), kVault);
        QCOMPARE(primary.value(QStringLiteral("kind")).toString(), QStringLiteral("azure-blob"));
        QCOMPARE(primary.value(QStringLiteral("reachable")).toBool(), true);
        QVERIFY(primary.value(QStringLiteral("problem")).isNull());

        // A clean stop releases the lease at once: the second host's agent now runs.
        agent.terminate();
        QVERIFY(agent.waitForFinished(60'000));
        QCOMPARE(agent.exitCode(), 0);
        const CliResult now = second.run({QStringLiteral("agent"), QStringLiteral("--until"),
                                          QStringLiteral("2000-01-01T00:00:00Z")});
        QVERIFY2(now.exitCode == 0, qPrintable(now.describe()));
    }
};

QTEST_GUILESS_MAIN(TestCliAzureAgent)
#include "tst_cli_azure_agent.moc"
