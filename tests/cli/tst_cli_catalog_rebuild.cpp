// The vault is the source of truth: with catalog.db deleted, `catalog rebuild` brings back the
// same databases and the same backups, and restores keep working.

#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"

#include <QFile>
#include <QFileInfo>
#include <QtTest>

using namespace tidemark::testsupport;

namespace {

const QString kRebuildAt = QStringLiteral("2026-03-02T09:00:00Z");
const QStringList kDatabaseFields = {"name",  "file",         "uuid",      "max_size",
                                     "added", "journal_mode", "page_size", "backups"};
const QStringList kBackupFields = {
    "id", "type", "start", "end", "snapshot", "logical_bytes", "stored_bytes", "status", "base"};

struct PlannedBackup {
    QString instant;
    QStringList names;
    QString type;
    QString change; // applied to every named database after the backup
};

// Differences between two JSON arrays of objects matched by `key`, over `fields`.
QStringList compareByKey(const QJsonArray& before, const QJsonArray& after, const QString& key,
                         const QStringList& fields) {
    QStringList differences;
    if (before.size() != after.size()) {
        differences
            << QStringLiteral("%1 entries before, %2 after").arg(before.size()).arg(after.size());
    }
    for (const QJsonValue& value : before) {
        const QJsonObject old = value.toObject();
        const QString keyText = idText(old.value(key));
        const QJsonObject rebuilt = findObject(after, key, keyText);
        if (rebuilt.isEmpty()) {
            differences << QStringLiteral("%1 missing after rebuild").arg(keyText);
            continue;
        }
        for (const QString& field : fields) {
            if (old.value(field) != rebuilt.value(field)) {
                differences << QStringLiteral("%1.%2: %3 before, %4 after")
                                   .arg(keyText, field, jsonText(old.value(field)),
                                        jsonText(rebuilt.value(field)));
            }
        }
    }
    return differences;
}

} // namespace

class TestCliCatalogRebuild : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void rebuildRestoresDatabasesAndBackups();
};

void TestCliCatalogRebuild::initTestCase() {
    QVERIFY2(QFileInfo(cliProgram()).isExecutable(),
             qPrintable(QStringLiteral("no CLI at %1").arg(cliProgram())));
}

void TestCliCatalogRebuild::rebuildRestoresDatabasesAndBackups() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QStringList names = {"alpha", "beta"};
    QVERIFY(makeDatabase(workspace.dataPath("alpha.db"), JournalMode::Wal, 4096, 1500));
    QVERIFY(makeDatabase(workspace.dataPath("beta.db"), JournalMode::Delete, 1024, 800));
    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}, at("2026-03-01T09:00:00Z")), 0);
    TIDEMARK_VERIFY_EXIT(
        workspace.run({"db", "add", "alpha", "--file", workspace.dataPath("alpha.db")},
                      at("2026-03-01T09:00:00Z")),
        0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "beta", "--file",
                                        workspace.dataPath("beta.db"), "--max-size", "4194304"},
                                       at("2026-03-01T09:05:00Z")),
                         0);

    const QList<PlannedBackup> plan = {
        {"2026-03-01T10:00:00Z",
         {"alpha", "beta"},
         "full",
         "UPDATE orders SET status = 'paid' WHERE id % 4 = 0;"},
        {"2026-03-01T11:00:00Z", {"alpha"}, "diff", ""},
        {"2026-03-01T11:10:00Z", {"beta"}, "log", "DELETE FROM order_notes WHERE id % 2 = 0;"},
        {"2026-03-01T12:00:00Z", {"alpha"}, "log", ""},
        {"2026-03-01T12:10:00Z", {"beta"}, "diff", "INSERT INTO settings VALUES ('late', 'yes');"},
        {"2026-03-01T13:00:00Z", {"alpha", "beta"}, "log", ""},
    };
    // After the 12:00 log, alpha's content at 12:30 is what the reference holds.
    const QString alphaAt1230 = workspace.dataPath("alpha-1230.db");
    for (const PlannedBackup& step : plan) {
        const CliResult backup =
            workspace.runJson(QStringList{"backup"} + step.names + QStringList{"--type", step.type},
                              at(step.instant));
        TIDEMARK_VERIFY_EXIT(backup, 0);
        if (step.instant == "2026-03-01T12:00:00Z") {
            QVERIFY(copyDatabase(workspace.dataPath("alpha.db"), alphaAt1230));
        }
        for (const QString& name : step.names) {
            if (!step.change.isEmpty()) {
                QVERIFY(execSql(workspace.dataPath(name + ".db"), step.change));
            }
        }
    }
    const QString betaLatest = workspace.dataPath("beta-latest.db");
    QVERIFY(copyDatabase(workspace.dataPath("beta.db"), betaLatest));
    // The last change after the final backup is not in any backup.
    QVERIFY(execSql(workspace.dataPath("beta.db"), "DELETE FROM settings;"));

    const CliResult databasesBefore = workspace.runJson({"db", "list"}, at(kRebuildAt));
    TIDEMARK_VERIFY_EXIT(databasesBefore, 0);
    QMap<QString, QJsonArray> backupsBefore;
    int backupCount = 0;
    for (const QString& name : names) {
        const CliResult backups = workspace.runJson({"backups", name}, at(kRebuildAt));
        TIDEMARK_VERIFY_EXIT(backups, 0);
        backupsBefore.insert(name, backups.jsonArray());
        backupCount += int(backups.jsonArray().size());
    }
    QCOMPARE(backupCount, 8);

    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        QFile::remove(workspace.catalogPath() + QLatin1String(suffix));
    }
    QVERIFY(!QFileInfo::exists(workspace.catalogPath()));

    const CliResult rebuild = workspace.runJson({"catalog", "rebuild"}, at(kRebuildAt));
    TIDEMARK_VERIFY_EXIT(rebuild, 0);
    const QJsonObject counts = rebuild.jsonObject();
    QVERIFY2(counts.value("databases").toInteger() == 2, qPrintable(rebuild.describe()));
    QVERIFY2(counts.value("backups").toInteger() == backupCount, qPrintable(rebuild.describe()));
    QVERIFY2(counts.value("packs").toInteger() > 0 && counts.value("blobs").toInteger() > 0,
             qPrintable(rebuild.describe()));

    const CliResult databasesAfter = workspace.runJson({"db", "list"}, at(kRebuildAt));
    TIDEMARK_VERIFY_EXIT(databasesAfter, 0);
    const QStringList databaseDifferences = compareByKey(
        databasesBefore.jsonArray(), databasesAfter.jsonArray(), "name", kDatabaseFields);
    QVERIFY2(databaseDifferences.isEmpty(), qPrintable(databaseDifferences.join('\n')));
    for (const QString& name : names) {
        const CliResult backups = workspace.runJson({"backups", name}, at(kRebuildAt));
        TIDEMARK_VERIFY_EXIT(backups, 0);
        const QStringList differences =
            compareByKey(backupsBefore.value(name), backups.jsonArray(), "id", kBackupFields);
        QVERIFY2(differences.isEmpty(), qPrintable(name + ":\n" + differences.join('\n')));
    }

    // Restores from the rebuilt catalog: a point in alpha's chain and beta's latest point.
    const QString alphaRestore = workspace.dataPath("alpha-restored.db");
    const CliResult restoreAlpha =
        workspace.runJson({"restore", "alpha", "--to", "2026-03-01T12:30:00Z", "--as",
                           "alpha_restored", "--file", alphaRestore},
                          at(kRebuildAt));
    TIDEMARK_VERIFY_EXIT(restoreAlpha, 0);
    QString why;
    QVERIFY2(restoredEquals(alphaRestore, alphaAt1230, &why), qPrintable(why));

    const CliResult window = workspace.runJson({"restore-window", "beta"}, at(kRebuildAt));
    TIDEMARK_VERIFY_EXIT(window, 0);
    const QString betaRestore = workspace.dataPath("beta-restored.db");
    const CliResult restoreBeta = workspace.runJson(
        {"restore", "beta", "--to", window.jsonObject().value("latest").toString(), "--as",
         "beta_restored", "--file", betaRestore},
        at(kRebuildAt));
    TIDEMARK_VERIFY_EXIT(restoreBeta, 0);
    QVERIFY2(restoredEquals(betaRestore, betaLatest, &why), qPrintable(why));

    // The rebuilt catalog carries on: the next backup chains onto the old ones.
    const CliResult next =
        workspace.runJson({"backup", "alpha", "--type", "diff"}, at("2026-03-02T10:00:00Z"));
    TIDEMARK_VERIFY_EXIT(next, 0);
    QVERIFY2(next.jsonArray().first().toObject().value("type").toString() == "diff",
             qPrintable(next.describe()));
    TIDEMARK_VERIFY_EXIT(workspace.run({"verify"}, at("2026-03-02T10:05:00Z")), 0);
}

QTEST_GUILESS_MAIN(TestCliCatalogRebuild)
#include "tst_cli_catalog_rebuild.moc"
