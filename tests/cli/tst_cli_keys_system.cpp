// Keys and the workspace's own state: `key rotate` keeps old backups readable through a
// passphrase change and a catalog rebuild; `system backup` / `system restore` bring a whole
// workspace back on a new machine from the vault alone; damage with nothing to heal from
// marks the exact backups unusable, raises an alert and exits 3 with the honest window.

#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"
#include "VaultFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtTest>

using namespace tidemark::testsupport;

namespace {

// Verification's damage alerts; health raises alerts of its own kinds beside them.
QJsonArray damageAlerts(const QJsonArray& alerts) {
    QJsonArray out;
    for (const QJsonValue& a : alerts)
        if (a.toObject().value("kind").toString() == "damage")
            out.append(a);
    return out;
}

// The first bytes of a manifest: objects sealed with a rotated key name it in a header.
QByteArray manifestHead(const QString& vaultDir, const QString& backupId) {
    for (const QString& path : filesUnder(vaultDir + "/manifests", ".tmm")) {
        if (QFileInfo(path).completeBaseName() == backupId) {
            QFile file(path);
            if (file.open(QIODevice::ReadOnly))
                return file.read(4);
        }
    }
    return {};
}

QString backupId(const CliResult& backup) {
    return backup.jsonArray().first().toObject().value("id").toString();
}

QStringList idsOf(const QJsonArray& array, const QString& key) {
    QStringList ids;
    for (const QJsonValue& v : array)
        ids << idText(v.toObject().value(key));
    ids.sort();
    return ids;
}

bool restoresTo(const TestWorkspace& workspace, const QString& name, const QString& point,
                const QString& reference, const QString& asName, QString* why,
                const QStringList& workspaceOverride = {}) {
    const QString target = workspace.dataPath(asName + ".db");
    const QStringList command =
        workspaceOverride +
        QStringList{"restore", name, "--to", point, "--as", asName, "--file", target};
    const CliResult restore = workspaceOverride.isEmpty()
                                  ? workspace.runJson(command)
                                  : runCli(QStringList{"--json"} + command, workspace.withHome({}));
    if (!exitedWith(restore, 0)) {
        *why = restore.describe();
        return false;
    }
    return restoredEquals(target, reference, why);
}

} // namespace

class TestCliKeysSystem : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void rotatedKeysKeepEveryBackupReadable();
    void systemRestoreRebuildsWorkspaceOnNewMachine();
    void unhealedDamageRaisesAlert();
};

void TestCliKeysSystem::initTestCase() {
    QVERIFY2(QFileInfo(cliProgram()).isExecutable(),
             qPrintable(QStringLiteral("no CLI at %1").arg(cliProgram())));
}

void TestCliKeysSystem::rotatedKeysKeepEveryBackupReadable() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString db = workspace.dataPath("shop.db");
    QVERIFY(makeDatabase(db, JournalMode::Wal, 4096, 2000));
    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "shop", "--file", db}), 0);

    const CliResult full = workspace.runJson({"backup", "shop", "--type", "full"});
    TIDEMARK_VERIFY_EXIT(full, 0);
    const QString atFull = workspace.dataPath("at-full.db");
    QVERIFY(copyDatabase(db, atFull));
    const QString fullPoint = full.jsonArray().first().toObject().value("snapshot").toString();

    const CliResult rotate = workspace.runJson({"key", "rotate"});
    TIDEMARK_VERIFY_EXIT(rotate, 0);
    QCOMPARE(rotate.jsonObject().value("current").toInteger(), 1);
    QCOMPARE(rotate.jsonObject().value("keys").toArray().size(), 2);

    QVERIFY(execSql(db, "UPDATE orders SET status = 'rotated' WHERE id % 3 = 0;"));
    const CliResult log = workspace.runJson({"backup", "shop", "--type", "log"});
    TIDEMARK_VERIFY_EXIT(log, 0);
    const QString atLog = workspace.dataPath("at-log.db");
    QVERIFY(copyDatabase(db, atLog));
    const QString logPoint = log.jsonArray().first().toObject().value("snapshot").toString();

    // The key id travels with each sealed object: the old manifest has none, the new one 1.
    QVERIFY(manifestHead(workspace.vaultDir(), backupId(full)) != QByteArray("TMK1"));
    QCOMPARE(manifestHead(workspace.vaultDir(), backupId(log)), QByteArray("TMK1"));

    QString why;
    QVERIFY2(restoresTo(workspace, "shop", fullPoint, atFull, "r1", &why), qPrintable(why));
    QVERIFY2(restoresTo(workspace, "shop", logPoint, atLog, "r2", &why), qPrintable(why));

    // A new passphrase re-wraps the master key; the data keys stay with it.
    CliOptions change;
    change.environment.insert("TIDEMARK_NEW_PASSPHRASE", "the second passphrase 42");
    TIDEMARK_VERIFY_EXIT(workspace.run({"passphrase", "change"}, change), 0);
    CliOptions second;
    second.passphrase = QStringLiteral("the second passphrase 42");
    const CliResult keys = workspace.runJson({"key", "list"}, second);
    TIDEMARK_VERIFY_EXIT(keys, 0);
    QCOMPARE(keys.jsonObject().value("current").toInteger(), 1);

    // The old passphrase and a wrong one are refused.
    const CliResult old = workspace.run({"verify"});
    TIDEMARK_VERIFY_EXIT(old, 1);
    QVERIFY2(old.text().contains("passphrase"), qPrintable(old.describe()));
    CliOptions wrong;
    wrong.passphrase = QStringLiteral("not the passphrase at all");
    TIDEMARK_VERIFY_EXIT(workspace.run({"key", "rotate"}, wrong), 1);

    // Rotate again, back up with key 2, then lose the catalog: every backup still restores.
    TIDEMARK_VERIFY_EXIT(workspace.run({"key", "rotate"}, second), 0);
    QVERIFY(execSql(db, "DELETE FROM order_notes WHERE id % 2 = 0;"));
    const CliResult diff = workspace.runJson({"backup", "shop", "--type", "diff"}, second);
    TIDEMARK_VERIFY_EXIT(diff, 0);
    const QString atDiff = workspace.dataPath("at-diff.db");
    QVERIFY(copyDatabase(db, atDiff));
    const QString diffPoint = diff.jsonArray().first().toObject().value("snapshot").toString();
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(workspace.catalogPath() + QLatin1String(suffix));
    TIDEMARK_VERIFY_EXIT(workspace.run({"catalog", "rebuild"}, second), 0);
    const CliResult verify = workspace.runJson({"verify"}, second);
    TIDEMARK_VERIFY_EXIT(verify, 0);

    CliOptions secondJson = second;
    secondJson.json = true;
    int index = 3;
    for (const auto& [point, reference] : QList<QPair<QString, QString>>{
             {fullPoint, atFull}, {logPoint, atLog}, {diffPoint, atDiff}}) {
        const QString target = workspace.dataPath(QStringLiteral("r%1.db").arg(index));
        const CliResult restore =
            workspace.run({"restore", "shop", "--to", point, "--as",
                           QStringLiteral("r%1").arg(index), "--file", target},
                          secondJson);
        TIDEMARK_VERIFY_EXIT(restore, 0);
        QVERIFY2(restoredEquals(target, reference, &why), qPrintable(why));
        ++index;
    }
}

void TestCliKeysSystem::systemRestoreRebuildsWorkspaceOnNewMachine() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString vault = workspace.root() + "/shared-vault";
    QVERIFY(makeDatabase(workspace.dataPath("a.db"), JournalMode::Wal, 4096, 1200));
    QVERIFY(makeDatabase(workspace.dataPath("b.db"), JournalMode::Delete, 1024, 600));
    TIDEMARK_VERIFY_EXIT(workspace.run({"init", "--location", vault}, at("2026-04-01T08:00:00Z")),
                         0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "a", "--file", workspace.dataPath("a.db")},
                                       at("2026-04-01T08:01:00Z")),
                         0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "b", "--file", workspace.dataPath("b.db")},
                                       at("2026-04-01T08:02:00Z")),
                         0);
    TIDEMARK_VERIFY_EXIT(
        workspace.run({"policy", "a", "--retention-days", "14"}, at("2026-04-01T08:03:00Z")), 0);
    TIDEMARK_VERIFY_EXIT(
        workspace.run({"backup", "a", "b", "--type", "full"}, at("2026-04-01T09:00:00Z")), 0);
    QVERIFY(execSql(workspace.dataPath("a.db"), "UPDATE orders SET status = 'x' WHERE id < 50;"));
    TIDEMARK_VERIFY_EXIT(
        workspace.run({"backup", "a", "--type", "log"}, at("2026-04-01T10:00:00Z")), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"key", "rotate"}, at("2026-04-01T10:05:00Z")), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"verify"}, at("2026-04-01T10:10:00Z")), 0);
    const CliResult system = workspace.runJson({"system", "backup"}, at("2026-04-01T10:20:00Z"));
    TIDEMARK_VERIFY_EXIT(system, 0);
    // A backup after the system backup: the vault knows it, so the new machine must too.
    QVERIFY(execSql(workspace.dataPath("a.db"), "DELETE FROM order_notes WHERE id % 3 = 0;"));
    TIDEMARK_VERIFY_EXIT(
        workspace.run({"backup", "a", "--type", "diff"}, at("2026-04-01T11:00:00Z")), 0);
    const QString aLatest = workspace.dataPath("a-latest.db");
    QVERIFY(copyDatabase(workspace.dataPath("a.db"), aLatest));

    const QString later = "2026-04-01T12:00:00Z";
    const CliResult dbsBefore = workspace.runJson({"db", "list"}, at(later));
    const CliResult aBefore = workspace.runJson({"backups", "a"}, at(later));
    const CliResult bBefore = workspace.runJson({"backups", "b"}, at(later));
    const CliResult policyBefore = workspace.runJson({"policy", "a"}, at(later));

    // The old machine is gone; its vault's key file too. Only the vault folder is left.
    QVERIFY(QDir(workspace.workspaceDir()).removeRecursively());
    QVERIFY(QFile::remove(vault + "/tidemark-vault.json"));
    const QString newDir = workspace.root() + "/new-machine";
    const QStringList onNew = {"--workspace", newDir};

    CliOptions wrong = workspace.withHome(at(later));
    wrong.passphrase = QStringLiteral("somebody else's passphrase");
    const CliResult refused =
        runCli(onNew + QStringList{"system", "restore", "--from", vault}, wrong);
    TIDEMARK_VERIFY_EXIT(refused, 1);
    QVERIFY2(refused.text().contains("passphrase"), qPrintable(refused.describe()));
    QVERIFY(!QFileInfo::exists(newDir + "/workspace.json"));

    CliOptions json = workspace.withHome(at(later));
    json.json = true;
    const CliResult restored =
        runCli(onNew + QStringList{"system", "restore", "--from", vault}, json);
    TIDEMARK_VERIFY_EXIT(restored, 0);
    QCOMPARE(restored.jsonObject().value("databases").toInteger(), 2);
    QCOMPARE(restored.jsonObject().value("keys_recovered").toBool(), true);

    const CliResult dbsAfter = runCli(onNew + QStringList{"db", "list"}, json);
    TIDEMARK_VERIFY_EXIT(dbsAfter, 0);
    QCOMPARE(idsOf(dbsAfter.jsonArray(), "uuid"), idsOf(dbsBefore.jsonArray(), "uuid"));
    QCOMPARE(idsOf(dbsAfter.jsonArray(), "name"), idsOf(dbsBefore.jsonArray(), "name"));
    const CliResult aAfter = runCli(onNew + QStringList{"backups", "a"}, json);
    const CliResult bAfter = runCli(onNew + QStringList{"backups", "b"}, json);
    QCOMPARE(idsOf(aAfter.jsonArray(), "id"), idsOf(aBefore.jsonArray(), "id"));
    QCOMPARE(idsOf(bAfter.jsonArray(), "id"), idsOf(bBefore.jsonArray(), "id"));
    QCOMPARE(aAfter.jsonArray().size(), 3);
    const CliResult policyAfter = runCli(onNew + QStringList{"policy", "a"}, json);
    QCOMPARE(policyAfter.jsonObject().value("retention_days"),
             policyBefore.jsonObject().value("retention_days"));
    // The job history came along: the verify and the system backup of the old machine.
    const CliResult jobs = runCli(onNew + QStringList{"jobs", "--limit", "50"}, json);
    TIDEMARK_VERIFY_EXIT(jobs, 0);
    QVERIFY2(!objectsWith(jobs.jsonArray(), "kind", "verify").isEmpty(),
             qPrintable(jobs.describe()));
    QVERIFY2(!objectsWith(jobs.jsonArray(), "kind", "system-backup").isEmpty(),
             qPrintable(jobs.describe()));

    QString why;
    const CliResult window = runCli(onNew + QStringList{"restore-window", "a"}, json);
    QVERIFY2(restoresTo(workspace, "a", window.jsonObject().value("latest").toString(), aLatest,
                        "a_copy", &why, onNew),
             qPrintable(why));
    TIDEMARK_VERIFY_EXIT(runCli(onNew + QStringList{"verify"}, json), 0);
    // And it carries on: the next backup chains onto the old ones.
    const CliResult next = runCli(onNew + QStringList{"backup", "a", "--type", "log"}, json);
    TIDEMARK_VERIFY_EXIT(next, 0);
    QCOMPARE(next.jsonArray().first().toObject().value("type").toString(), QString("log"));
}

void TestCliKeysSystem::unhealedDamageRaisesAlert() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString db = workspace.dataPath("ledger.db");
    QVERIFY(makeDatabase(db, JournalMode::Wal, 4096, 1500));
    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}, at("2026-05-01T08:00:00Z")), 0);
    TIDEMARK_VERIFY_EXIT(
        workspace.run({"db", "add", "ledger", "--file", db}, at("2026-05-01T08:00:00Z")), 0);
    QStringList ids;
    const QList<QPair<QString, QString>> plan = {{"2026-05-01T09:00:00Z", "full"},
                                                 {"2026-05-01T10:00:00Z", "log"},
                                                 {"2026-05-01T11:00:00Z", "log"},
                                                 {"2026-05-01T12:00:00Z", "full"},
                                                 {"2026-05-01T13:00:00Z", "log"}};
    int step = 0;
    for (const auto& [instant, type] : plan) {
        const CliResult backup =
            workspace.runJson({"backup", "ledger", "--type", type}, at(instant));
        TIDEMARK_VERIFY_EXIT(backup, 0);
        ids << backupId(backup);
        QVERIFY(execSql(
            db, QStringLiteral("UPDATE orders SET status = 's%1' WHERE id % 5 = %1;").arg(step++)));
    }
    // The reference: the latest point, restored before any damage.
    const QString atLast = workspace.dataPath("at-last.db");
    const QString latestPoint =
        workspace.runJson({"restore-window", "ledger"}, at("2026-05-01T13:30:00Z"))
            .jsonObject()
            .value("latest")
            .toString();
    const CliResult before = workspace.runJson(
        {"restore", "ledger", "--to", latestPoint, "--as", "ref", "--file", atLast},
        at("2026-05-01T13:30:00Z"));
    TIDEMARK_VERIFY_EXIT(before, 0);

    // The first log's manifest is damaged; nothing holds another copy.
    QString manifest;
    for (const QString& path : filesUnder(workspace.vaultDir() + "/manifests", ".tmm")) {
        if (QFileInfo(path).completeBaseName() == ids[1])
            manifest = path;
    }
    QVERIFY(!manifest.isEmpty());
    QVERIFY(flipByte(manifest, QFileInfo(manifest).size() / 2));

    const CliResult verify = workspace.runJson({"verify"}, at("2026-05-01T14:00:00Z"));
    TIDEMARK_VERIFY_EXIT(verify, 3);
    const QJsonArray damage = verify.jsonObject().value("damage").toArray();
    QCOMPARE(damage.size(), 1);
    const QJsonObject lost = damage.first().toObject();
    QCOMPARE(lost.value("database").toString(), QString("ledger"));
    // Exactly the damaged log and the log built on it; the later full chain is untouched.
    QStringList unusable;
    for (const QJsonValue& v : lost.value("unusable_backups").toArray())
        unusable << v.toString();
    unusable.sort();
    QStringList expected{ids[1], ids[2]};
    expected.sort();
    QCOMPARE(unusable, expected);
    // Snapshots are taken a moment after each --now instant: compare to the minute.
    auto minute = [](const QJsonValue& v) { return v.toString().left(16); };
    QCOMPARE(minute(lost.value("earliest")), QString("2026-05-01T09:00"));
    QCOMPARE(minute(lost.value("latest")), QString("2026-05-01T13:00"));
    const QJsonArray gaps = lost.value("gaps").toArray();
    QCOMPARE(gaps.size(), 1);
    QCOMPARE(minute(gaps.first().toObject().value("from")), QString("2026-05-01T10:00"));
    QCOMPARE(minute(gaps.first().toObject().value("until")), QString("2026-05-01T12:00"));
    QVERIFY(lost.value("alert").isDouble());

    // Shown where people look: status, the backup list, the job log.
    const CliResult status = workspace.runJson({"status"}, at("2026-05-01T14:05:00Z"));
    TIDEMARK_VERIFY_EXIT(status, 0);
    // Health raises its own alerts too (the newest chain is damaged); one is verify's damage.
    const QJsonArray alerts = damageAlerts(status.jsonObject().value("alerts").toArray());
    QCOMPARE(alerts.size(), 1);
    QVERIFY2(alerts.first().toObject().value("message").toString().contains(ids[1]),
             qPrintable(status.describe()));
    const CliResult backups = workspace.runJson({"backups", "ledger"}, at("2026-05-01T14:05:00Z"));
    QCOMPARE(findObject(backups.jsonArray(), "id", ids[1]).value("status").toString(),
             QString("unusable"));
    QCOMPARE(findObject(backups.jsonArray(), "id", ids[3]).value("status").toString(),
             QString("succeeded"));
    const CliResult jobs = workspace.runJson({"jobs", "--limit", "1"}, at("2026-05-01T14:05:00Z"));
    QVERIFY2(jobs.text().contains("DAMAGE") && jobs.text().contains(ids[1]),
             qPrintable(jobs.describe()));

    const CliResult window =
        workspace.runJson({"restore-window", "ledger"}, at("2026-05-01T14:05:00Z"));
    QCOMPARE(findObject(window.jsonObject().value("unrestorable").toArray(), "id", ids[1])
                 .value("status")
                 .toString(),
             QString("unusable"));
    // A point inside the gap is refused, never silently answered from the older full.
    const CliResult inGap = workspace.run({"restore", "ledger", "--to", "2026-05-01T10:30:00Z",
                                           "--as", "gap", "--file", workspace.dataPath("gap.db")},
                                          at("2026-05-01T14:10:00Z"));
    QVERIFY2(inGap.finishedNormally && inGap.exitCode != 0, qPrintable(inGap.describe()));
    QVERIFY(!QFileInfo::exists(workspace.dataPath("gap.db")));
    const QString latest = workspace.dataPath("latest.db");
    const CliResult good = workspace.runJson(
        {"restore", "ledger", "--to", latestPoint, "--as", "latest", "--file", latest},
        at("2026-05-01T14:10:00Z"));
    TIDEMARK_VERIFY_EXIT(good, 0);
    QString why;
    QVERIFY2(restoredEquals(latest, atLast, &why), qPrintable(why));

    // Verifying again still fails, but the same loss is not alerted twice; clearing it works.
    TIDEMARK_VERIFY_EXIT(workspace.run({"verify"}, at("2026-05-01T15:00:00Z")), 3);
    const QJsonArray open =
        damageAlerts(workspace.runJson({"alerts"}, at("2026-05-01T15:01:00Z")).jsonArray());
    QCOMPARE(open.size(), 1);
    const QString alertId = idText(open.first().toObject().value("id"));
    TIDEMARK_VERIFY_EXIT(workspace.run({"alerts", "clear", alertId}, at("2026-05-01T15:02:00Z")),
                         0);
    const CliResult cleared = workspace.runJson({"status"}, at("2026-05-01T15:03:00Z"));
    QCOMPARE(damageAlerts(cleared.jsonObject().value("alerts").toArray()).size(), 0);
}

QTEST_GUILESS_MAIN(TestCliKeysSystem)
#include "tst_cli_keys_system.moc"
