// The engine's one health verdict, as `status --json`, `db list --json` and `alerts` show it:
// a failing database is at risk (or unprotected) with its reasons and an open alert, every
// other database stays protected, and both clear when the condition ends.

#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"
#include "VaultFiles.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QThread>
#include <QtTest>

#include <csignal>

using namespace tidemark::testsupport;

namespace {

QJsonObject healthOf(const TestWorkspace& ws, const QString& name) {
    const CliResult r = ws.runJson({QStringLiteral("status")});
    for (const QJsonValue& v : r.jsonObject().value(QStringLiteral("databases")).toArray())
        if (v.toObject().value(QStringLiteral("name")).toString() == name)
            return v.toObject();
    return {};
}

QStringList reasonCodes(const QJsonObject& health) {
    QStringList codes;
    for (const QJsonValue& v : health.value(QStringLiteral("reasons")).toArray())
        codes << v.toObject().value(QStringLiteral("code")).toString();
    return codes;
}

// Open alerts of one kind for one database.
int openAlerts(const TestWorkspace& ws, const QString& kind, const QString& database,
               bool includeCleared = false) {
    QStringList command{QStringLiteral("alerts")};
    if (includeCleared)
        command << QStringLiteral("--all");
    int n = 0;
    for (const QJsonValue& v : ws.runJson(command).jsonArray()) {
        const QJsonObject a = v.toObject();
        if (a.value(QStringLiteral("kind")).toString() == kind &&
            a.value(QStringLiteral("database")).toString() == database &&
            (includeCleared || a.value(QStringLiteral("cleared")).isNull()))
            ++n;
    }
    return n;
}

CliOptions testsupport_at(const QString& instant) {
    return tidemark::testsupport::at(instant);
}

bool ok(const CliResult& r) {
    if (r.exitCode != 0)
        qWarning().noquote() << r.describe();
    return r.exitCode == 0;
}

QString backupId(const CliResult& r) {
    return idText(r.jsonArray().first().toObject().value(QStringLiteral("id")));
}

} // namespace

class TestCliHealth : public QObject {
    Q_OBJECT
private slots:
    void emptyDatabaseWarnsFailsVisiblyAndRecovers();
    void vanishedFileIsAtRiskAlone();
    void deadAgentStopsCapture();
    void damagedNewestFullPutsOnlyThatDatabaseAtRisk();
    void smallPrintsTellTheTruth();
    void backupsFromTwoProcessesTakeTurns();
};

void TestCliHealth::emptyDatabaseWarnsFailsVisiblyAndRecovers() {
    TestWorkspace ws;
    QVERIFY(ok(ws.run({QStringLiteral("init")})));
    const QString file = ws.dataPath(QStringLiteral("empty.db"));
    QVERIFY(execSql(file, QStringLiteral("PRAGMA journal_mode=WAL")));
    const CliResult added = ws.run({QStringLiteral("db"), QStringLiteral("add"),
                                    QStringLiteral("empty"), QStringLiteral("--file"), file});
    QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
    QVERIFY2(added.text().contains(QStringLiteral("has no tables yet")),
             qPrintable(added.describe()));

    const CliResult failed = ws.runJson({QStringLiteral("backup"), QStringLiteral("empty"),
                                         QStringLiteral("--type"), QStringLiteral("full")});
    QVERIFY(failed.exitCode != 0);
    QJsonObject h = healthOf(ws, QStringLiteral("empty"));
    QCOMPARE(h.value(QStringLiteral("health")).toString(), QStringLiteral("unprotected"));
    QVERIFY2(reasonCodes(h).contains(QStringLiteral("backup_failing")), qPrintable(jsonText(h)));
    QCOMPARE(openAlerts(ws, QStringLiteral("backup_failing"), QStringLiteral("empty")), 1);
    // Reading the verdict again does not raise the same alert twice.
    QCOMPARE(openAlerts(ws, QStringLiteral("backup_failing"), QStringLiteral("empty")), 1);

    QVERIFY(execSql(file, QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1)")));
    const CliResult made = ws.runJson({QStringLiteral("backup"), QStringLiteral("empty"),
                                       QStringLiteral("--type"), QStringLiteral("full")});
    QVERIFY(ok(made));
    // The job record carries the backup as a structured result, not only as text.
    const QJsonObject job = ws.runJson({QStringLiteral("jobs")}).jsonArray().first().toObject();
    QCOMPARE(job.value(QStringLiteral("kind")).toString(), QStringLiteral("backup-full"));
    QCOMPARE(job.value(QStringLiteral("result")).toObject().value(QStringLiteral("id")).toString(),
             backupId(made));
    h = healthOf(ws, QStringLiteral("empty"));
    QCOMPARE(h.value(QStringLiteral("health")).toString(), QStringLiteral("protected"));
    QVERIFY(reasonCodes(h).isEmpty());
    QCOMPARE(openAlerts(ws, QStringLiteral("backup_failing"), QStringLiteral("empty")), 0);
    // The cleared alert stays in the history.
    QCOMPARE(openAlerts(ws, QStringLiteral("backup_failing"), QStringLiteral("empty"), true), 1);
    // `db list --json` carries the same verdict.
    const QJsonArray list = ws.runJson({QStringLiteral("db"), QStringLiteral("list")}).jsonArray();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().toObject().value(QStringLiteral("health")).toString(),
             QStringLiteral("protected"));
}

void TestCliHealth::vanishedFileIsAtRiskAlone() {
    TestWorkspace ws;
    QVERIFY(ok(ws.run({QStringLiteral("init")})));
    for (const QString& name : {QStringLiteral("kept"), QStringLiteral("gone")}) {
        const QString file = ws.dataPath(name + QStringLiteral(".db"));
        QVERIFY(makeDatabase(file, JournalMode::Delete, 4096, 200));
        QVERIFY(ok(ws.run(
            {QStringLiteral("db"), QStringLiteral("add"), name, QStringLiteral("--file"), file})));
        QVERIFY(ok(ws.run(
            {QStringLiteral("backup"), name, QStringLiteral("--type"), QStringLiteral("full")})));
    }
    QVERIFY(QFile::remove(ws.dataPath(QStringLiteral("gone.db"))));
    const QJsonObject gone = healthOf(ws, QStringLiteral("gone"));
    QCOMPARE(gone.value(QStringLiteral("health")).toString(), QStringLiteral("at_risk"));
    QVERIFY2(reasonCodes(gone).contains(QStringLiteral("file_missing")),
             qPrintable(jsonText(gone)));
    QVERIFY(!gone.value(QStringLiteral("latest")).isNull()); // still restorable
    QCOMPARE(healthOf(ws, QStringLiteral("kept")).value(QStringLiteral("health")).toString(),
             QStringLiteral("protected"));
    QCOMPARE(openAlerts(ws, QStringLiteral("file_missing"), QStringLiteral("gone")), 1);
    QCOMPARE(openAlerts(ws, QStringLiteral("file_missing"), QStringLiteral("kept")), 0);
}

void TestCliHealth::deadAgentStopsCapture() {
    TestWorkspace ws;
    QVERIFY(ok(ws.run({QStringLiteral("init")})));
    const QString file = ws.dataPath(QStringLiteral("app.db"));
    QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 500));
    QVERIFY(ok(ws.run({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("app"),
                       QStringLiteral("--file"), file})));
    QProcess agent;
    ws.start(agent, {QStringLiteral("agent")});
    QVERIFY(agent.waitForStarted());
    // Capture anchors with its first backup; the verdict then says protected.
    QJsonObject capture;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QJsonArray list = ws.runJson({QStringLiteral("status")})
                                        .jsonObject()
                                        .value(QStringLiteral("capture"))
                                        .toArray();
            capture = list.isEmpty() ? QJsonObject() : list.first().toObject();
            return capture.value(QStringLiteral("state")).toString() ==
                   QStringLiteral("continuous");
        }(),
        60'000);
    QTRY_COMPARE_WITH_TIMEOUT(
        healthOf(ws, QStringLiteral("app")).value(QStringLiteral("health")).toString(),
        QStringLiteral("protected"), 60'000);
    // A quiet database whose capture is up to date restores at a time after its last commit
    // (the window `restore-window` prints reaches the last look, and `restore` agrees).
    QVERIFY(execSql(file, QStringLiteral("INSERT INTO customers(name, city) VALUES ('q', 'r')")));
    QThread::msleep(1500);
    const QDateTime quiet = QDateTime::currentDateTimeUtc();
    const QString quietAt = quiet.toString(Qt::ISODateWithMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        QDateTime::fromString(ws.runJson({QStringLiteral("restore-window"), QStringLiteral("app")})
                                  .jsonObject()
                                  .value(QStringLiteral("latest"))
                                  .toString(),
                              Qt::ISODateWithMs) > quiet,
        30'000);
    const QString restored = ws.dataPath(QStringLiteral("quiet.db"));
    const CliResult quietRestore = ws.run(
        {QStringLiteral("restore"), QStringLiteral("app"), QStringLiteral("--to"), quietAt,
         QStringLiteral("--as"), QStringLiteral("quiet"), QStringLiteral("--file"), restored});
    QVERIFY2(quietRestore.exitCode == 0, qPrintable(quietRestore.describe()));
    QString why;
    QVERIFY2(restoredEquals(restored, file, &why), qPrintable(why));

    agent.kill();
    QVERIFY(agent.waitForFinished(10'000));

    const QJsonObject status = ws.runJson({QStringLiteral("status")}).jsonObject();
    const QJsonObject after = status.value(QStringLiteral("capture")).toArray().first().toObject();
    QCOMPARE(after.value(QStringLiteral("state")).toString(), QStringLiteral("stopped"));
    const QJsonObject h = healthOf(ws, QStringLiteral("app"));
    QCOMPARE(h.value(QStringLiteral("health")).toString(), QStringLiteral("at_risk"));
    QVERIFY2(reasonCodes(h).contains(QStringLiteral("capture_stopped")), qPrintable(jsonText(h)));
    QCOMPARE(openAlerts(ws, QStringLiteral("capture_stopped"), QStringLiteral("app")), 1);
    const CliResult text = ws.run({QStringLiteral("status")});
    QVERIFY2(text.text().contains(QStringLiteral("capture stopped")), qPrintable(text.describe()));
}

void TestCliHealth::damagedNewestFullPutsOnlyThatDatabaseAtRisk() {
    TestWorkspace ws;
    QVERIFY(ok(ws.run({QStringLiteral("init"), QStringLiteral("--redundancy"),
                       QStringLiteral("LRS"), QStringLiteral("--copies"), QStringLiteral("2")})));
    for (const QString& name : {QStringLiteral("hurt"), QStringLiteral("fine")}) {
        const QString file = ws.dataPath(name + QStringLiteral(".db"));
        QVERIFY(makeDatabase(file, JournalMode::Delete, 4096, 300));
        QVERIFY(ok(ws.run(
            {QStringLiteral("db"), QStringLiteral("add"), name, QStringLiteral("--file"), file})));
        QVERIFY(ok(ws.run(
            {QStringLiteral("backup"), name, QStringLiteral("--type"), QStringLiteral("full")})));
    }
    const QString hurtFile = ws.dataPath(QStringLiteral("hurt.db"));
    QVERIFY(execSql(
        hurtFile, QStringLiteral("INSERT INTO customers(name, city) VALUES ('after first', 'x')")));
    QVERIFY(ok(ws.run({QStringLiteral("backup"), QStringLiteral("hurt"), QStringLiteral("--type"),
                       QStringLiteral("diff")})));
    const CliResult second = ws.runJson({QStringLiteral("backup"), QStringLiteral("hurt"),
                                         QStringLiteral("--type"), QStringLiteral("full")});
    QVERIFY(ok(second));
    const QString damagedFull = backupId(second);
    QVERIFY(!damagedFull.isEmpty());

    // The newest full's manifest, damaged in every copy of the vault.
    int damaged = 0;
    for (const QString& path : filesUnder(ws.root(), QStringLiteral(".tmm")))
        if (path.endsWith(damagedFull + QStringLiteral(".tmm")) && flipByte(path, 40))
            ++damaged;
    QCOMPARE(damaged, 2);
    const CliResult verify = ws.run({QStringLiteral("verify")});
    QCOMPARE(verify.exitCode, 3); // damage beyond repair

    QJsonObject h = healthOf(ws, QStringLiteral("hurt"));
    QCOMPARE(h.value(QStringLiteral("health")).toString(), QStringLiteral("at_risk"));
    QVERIFY2(reasonCodes(h).contains(QStringLiteral("unusable_base")), qPrintable(jsonText(h)));
    QCOMPARE(healthOf(ws, QStringLiteral("fine")).value(QStringLiteral("health")).toString(),
             QStringLiteral("protected"));

    // The next backup rebuilds the chain: asked for a differential, it takes a full.
    QVERIFY(
        execSql(hurtFile,
                QStringLiteral("INSERT INTO customers(name, city) VALUES ('after damage', 'y')")));
    const CliResult next = ws.runJson({QStringLiteral("backup"), QStringLiteral("hurt"),
                                       QStringLiteral("--type"), QStringLiteral("diff")});
    QVERIFY(ok(next));
    QCOMPARE(next.jsonArray().first().toObject().value(QStringLiteral("type")).toString(),
             QStringLiteral("full"));
    h = healthOf(ws, QStringLiteral("hurt"));
    QCOMPARE(h.value(QStringLiteral("health")).toString(), QStringLiteral("protected"));

    // And the latest point restores exactly.
    const QString restored = ws.dataPath(QStringLiteral("restored.db"));
    const QString latest = h.value(QStringLiteral("latest")).toString();
    QVERIFY(ok(ws.run({QStringLiteral("restore"), QStringLiteral("hurt"), QStringLiteral("--to"),
                       latest, QStringLiteral("--as"), QStringLiteral("hurt_copy"),
                       QStringLiteral("--file"), restored})));
    QString why;
    QVERIFY2(restoredEquals(restored, hurtFile, &why), qPrintable(why));
}

void TestCliHealth::smallPrintsTellTheTruth() {
    TestWorkspace ws;
    const QString at = QStringLiteral("2026-06-01T08:30:00Z");
    QVERIFY(ok(ws.run({QStringLiteral("init")}, testsupport_at(at))));
    QVERIFY(ok(ws.run({QStringLiteral("system"), QStringLiteral("backup")}, testsupport_at(at))));
    // A system backup is listed at the moment it was taken, not at 1970-01-01.
    const QJsonArray list =
        ws.runJson({QStringLiteral("system"), QStringLiteral("backups")}).jsonArray();
    QCOMPARE(list.size(), 1);
    const QString taken = list.first().toObject().value(QStringLiteral("taken")).toString();
    QVERIFY2(taken.startsWith(QStringLiteral("2026-06-01T08:30:")), qPrintable(taken));
    // Flags that take no value.
    const CliResult all = ws.run({QStringLiteral("alerts"), QStringLiteral("--all")});
    QVERIFY2(all.exitCode == 0, qPrintable(all.describe()));
    const CliResult version = runCli({QStringLiteral("--version")});
    QVERIFY2(version.exitCode == 0 && version.text().startsWith(QStringLiteral("tidemark-cli ")),
             qPrintable(version.describe()));
}

qint64 packBytes(const TestWorkspace& ws) {
    qint64 total = 0;
    for (const QString& pack :
         filesUnder(ws.vaultDir() + QStringLiteral("/packs"), QStringLiteral(".pack")))
        total += QFileInfo(pack).size();
    return total;
}

void TestCliHealth::backupsFromTwoProcessesTakeTurns() {
    // What one full of this database costs, in a workspace of its own.
    TestWorkspace alone;
    QVERIFY(ok(alone.run({QStringLiteral("init")})));
    const QString file = alone.dataPath(QStringLiteral("app.db"));
    QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 80'000));
    QVERIFY(ok(alone.run({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("app"),
                          QStringLiteral("--file"), file})));
    QVERIFY(ok(alone.run({QStringLiteral("backup"), QStringLiteral("app"), QStringLiteral("--type"),
                          QStringLiteral("full")})));
    const qint64 oneFull = packBytes(alone);

    // Two processes back the same database up at the same moment (a script and the agent, say):
    // the second waits for the first, then finds every page already stored.
    TestWorkspace ws;
    QVERIFY(ok(ws.run({QStringLiteral("init")})));
    QVERIFY(ok(ws.run({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("app"),
                       QStringLiteral("--file"), file})));
    QProcess first, second;
    const QStringList backup{QStringLiteral("backup"), QStringLiteral("app"),
                             QStringLiteral("--type"), QStringLiteral("full")};
    ws.start(first, backup);
    ws.start(second, backup);
    QVERIFY(first.waitForFinished(120'000) && first.exitCode() == 0);
    QVERIFY(second.waitForFinished(120'000) && second.exitCode() == 0);
    const qint64 stored = packBytes(ws);
    QVERIFY2(stored < oneFull * 3 / 2, qPrintable(QStringLiteral("%1 pack bytes where one full "
                                                                 "stores %2")
                                                      .arg(stored)
                                                      .arg(oneFull)));
}

QTEST_GUILESS_MAIN(TestCliHealth)
#include "tst_cli_health.moc"
