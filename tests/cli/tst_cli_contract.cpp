// The command-line contract of docs/cli.md, command by command: JSON shapes, exit codes, and
// point-in-time restores that give exactly the data of the chosen instant.

#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"

#include <QFile>
#include <QFileInfo>
#include <QtTest>

using namespace tidemark::testsupport;

namespace {

// Backups are placed at these instants with --now; commands after the history run at kAfter.
const QString kFullAt = QStringLiteral("2026-03-01T10:00:00Z");
const QString kDiffAt = QStringLiteral("2026-03-01T11:00:00Z");
const QString kFirstLogAt = QStringLiteral("2026-03-01T12:00:00Z");
const QString kSecondLogAt = QStringLiteral("2026-03-01T13:00:00Z");
const QString kAfter = QStringLiteral("2026-03-01T14:00:00Z");
// A backup of a small database takes seconds; its start and end lie within this of its --now.
constexpr qint64 kBackupDurationLimitMs = 10 * 60 * 1000;

const QStringList kBackupOutputKeys = {
    "database", "id", "type", "requested_type", "status", "logical_bytes", "stored_bytes"};
const QStringList kBackupListKeys = {"id",           "type",  "start", "end", "logical_bytes",
                                     "stored_bytes", "status"};
const QStringList kDatabaseKeys = {"name",  "file",         "uuid",      "max_size",
                                   "added", "journal_mode", "page_size", "backups"};
const QStringList kRestoreKeys = {"database", "file", "restored_to", "applied", "integrity"};

// The changes made after each backup, so that every restore point has different content:
// inserts, updates, deletes, a new table and a new index.
const QStringList kChangesAfterBackup = {
    QStringLiteral(
        "INSERT INTO orders(customer_id, placed_at, status, amount_cents, reference, packing)"
        " SELECT customer_id, '2026-03-01T10:30:00Z', 'new', amount_cents + 1, reference || '-r',"
        " packing FROM orders WHERE id % 7 = 0;"
        "UPDATE settings SET value = 'USD' WHERE key = 'currency';"
        "DELETE FROM order_notes WHERE id % 3 = 0;"),
    QStringLiteral(
        "CREATE TABLE returns(id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, reason TEXT);"
        "INSERT INTO returns(order_id, reason) SELECT id, 'damaged in transit' FROM orders"
        " WHERE status = 'returned' LIMIT 50;"
        "CREATE INDEX returns_by_order ON returns(order_id);"
        "UPDATE orders SET status = 'shipped' WHERE status = 'paid' AND id % 2 = 0;"),
    QStringLiteral("DELETE FROM orders WHERE id % 11 = 0;"
                   "UPDATE customers SET city = 'Porto' WHERE id % 5 = 0;"
                   "INSERT INTO settings VALUES ('audited', 'yes');"),
};

struct BackupStep {
    QString type;
    QString now;
    QString id;
    QJsonObject output;    // the backup command's JSON entry
    QString referencePath; // a copy of the database taken right after this backup
};

struct History {
    QString databasePath;
    QList<BackupStep> steps;
};

bool isWithin(qint64 valueMs, qint64 fromMs, qint64 toMs) {
    return valueMs >= fromMs && valueMs <= toMs;
}

} // namespace

class TestCliContract : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void usageErrorsExitTwo();
    void databaseRegistrationJson();
    void backupRestoreRoundTrip_data();
    void backupRestoreRoundTrip();
    void restoreRefusals();
    void backupSetWithMissingFileCompletesWithErrors();

private:
    // init, db add "shop", then full, diff, log, log at the instants above, with changes in
    // between and a reference copy after each backup. Fails the current test on any problem.
    static void buildHistory(const TestWorkspace& workspace, JournalMode journal, int pageSize,
                             History& history);
    static void checkBackupList(const TestWorkspace& workspace, const History& history);
    static void checkRestore(const TestWorkspace& workspace, const History& history,
                             const QString& restoreTo, int expectedStep, const QString& newName);
};

void TestCliContract::initTestCase() {
    QVERIFY2(QFileInfo(cliProgram()).isExecutable(),
             qPrintable(QStringLiteral("no CLI at %1").arg(cliProgram())));
}

void TestCliContract::buildHistory(const TestWorkspace& workspace, JournalMode journal,
                                   int pageSize, History& history) {
    QVERIFY(workspace.isValid());
    history.databasePath = workspace.dataPath(QStringLiteral("shop.db"));
    QString error;
    QVERIFY2(makeDatabase(history.databasePath, journal, pageSize, 3000, &error),
             qPrintable(error));

    const CliResult init = workspace.run({"init"}, at(kFullAt));
    TIDEMARK_VERIFY_EXIT(init, 0);
    QVERIFY2(QFileInfo::exists(workspace.vaultDir() + "/tidemark-vault.json"),
             qPrintable(init.describe()));
    QVERIFY2(QFileInfo::exists(workspace.catalogPath()), qPrintable(init.describe()));
    const CliResult add =
        workspace.run({"db", "add", "shop", "--file", history.databasePath}, at(kFullAt));
    TIDEMARK_VERIFY_EXIT(add, 0);

    // An application keeps its connection open, as one would: in WAL mode the changes then stay
    // in the WAL for the log backups to capture instead of being checkpointed on close.
    SqliteConnection application(history.databasePath);
    QVERIFY2(application.isOpen(), qPrintable(application.lastError()));

    const QList<QPair<QString, QString>> plan = {
        {"full", kFullAt}, {"diff", kDiffAt}, {"log", kFirstLogAt}, {"log", kSecondLogAt}};
    for (qsizetype index = 0; index < plan.size(); ++index) {
        BackupStep step;
        step.type = plan[index].first;
        step.now = plan[index].second;
        const CliResult backup =
            workspace.runJson({"backup", "shop", "--type", step.type}, at(step.now));
        TIDEMARK_VERIFY_EXIT(backup, 0);
        const QJsonArray entries = backup.jsonArray();
        QVERIFY2(entries.size() == 1, qPrintable(backup.describe()));
        step.output = entries.first().toObject();
        QVERIFY2(missingKeys(step.output, kBackupOutputKeys).isEmpty(),
                 qPrintable(QStringLiteral("missing %1\n")
                                .arg(missingKeys(step.output, kBackupOutputKeys).join(',')) +
                            backup.describe()));
        QCOMPARE(step.output.value("database").toString(), QStringLiteral("shop"));
        QCOMPARE(step.output.value("status").toString(), QStringLiteral("succeeded"));
        QCOMPARE(step.output.value("requested_type").toString(), step.type);
        QVERIFY2(step.output.value("type").toString() == step.type, qPrintable(backup.describe()));
        step.id = idText(step.output.value("id"));
        QVERIFY2(!step.id.isEmpty(), qPrintable(backup.describe()));
        QVERIFY2(step.output.value("logical_bytes").toInteger() > 0, qPrintable(backup.describe()));
        QVERIFY2(step.output.value("stored_bytes").isDouble(), qPrintable(backup.describe()));
        const QJsonValue errorValue = step.output.value("error");
        QVERIFY2(errorValue.isUndefined() || errorValue.isNull() || errorValue.toString().isEmpty(),
                 qPrintable(backup.describe()));

        step.referencePath = workspace.dataPath(QStringLiteral("reference-%1.db").arg(index));
        QVERIFY2(copyDatabase(history.databasePath, step.referencePath, &error), qPrintable(error));
        history.steps << step;
        if (index < kChangesAfterBackup.size()) {
            QVERIFY2(application.execute(kChangesAfterBackup[index]),
                     qPrintable(application.lastError()));
        }
    }
    // A full backup covers every page, so its logical size is about the size of the file.
    QVERIFY2(history.steps[0].output.value("logical_bytes").toInteger() >=
                 QFileInfo(history.steps[0].referencePath).size() / 2,
             qPrintable(jsonText(history.steps[0].output)));
}

void TestCliContract::checkBackupList(const TestWorkspace& workspace, const History& history) {
    const CliResult list = workspace.runJson({"backups", "shop"}, at(kAfter));
    TIDEMARK_VERIFY_EXIT(list, 0);
    const QJsonArray backups = list.jsonArray();
    QVERIFY2(backups.size() == history.steps.size(), qPrintable(list.describe()));
    for (const BackupStep& step : history.steps) {
        const QJsonObject entry = findObject(backups, "id", step.id);
        QVERIFY2(!entry.isEmpty(),
                 qPrintable(QStringLiteral("no backup %1\n").arg(step.id) + list.describe()));
        QVERIFY2(
            missingKeys(entry, kBackupListKeys).isEmpty(),
            qPrintable(QStringLiteral("missing %1 in %2")
                           .arg(missingKeys(entry, kBackupListKeys).join(','), jsonText(entry))));
        QCOMPARE(entry.value("type").toString(), step.type);
        QCOMPARE(entry.value("status").toString(), QStringLiteral("succeeded"));
        QCOMPARE(entry.value("logical_bytes").toInteger(),
                 step.output.value("logical_bytes").toInteger());
        QCOMPARE(entry.value("stored_bytes").toInteger(),
                 step.output.value("stored_bytes").toInteger());
        const QString start = entry.value("start").toString();
        const QString end = entry.value("end").toString();
        QVERIFY2(start.endsWith('Z') && end.endsWith('Z'), qPrintable(jsonText(entry)));
        const qint64 nowMs = parseTimeMs(step.now);
        QVERIFY2(isWithin(parseTimeMs(start), nowMs, nowMs + kBackupDurationLimitMs),
                 qPrintable(QStringLiteral("start of a backup taken with --now %1: %2")
                                .arg(step.now, jsonText(entry))));
        QVERIFY2(isWithin(parseTimeMs(end), parseTimeMs(start), nowMs + kBackupDurationLimitMs),
                 qPrintable(jsonText(entry)));
    }

    const CliResult databases = workspace.runJson({"db", "list"}, at(kAfter));
    TIDEMARK_VERIFY_EXIT(databases, 0);
    const QJsonObject shop = findObject(databases.jsonArray(), "name", "shop");
    QVERIFY2(shop.value("backups").toInteger() == history.steps.size(),
             qPrintable(databases.describe()));
}

void TestCliContract::checkRestore(const TestWorkspace& workspace, const History& history,
                                   const QString& restoreTo, int expectedStep,
                                   const QString& newName) {
    const QString target = workspace.dataPath(newName + ".db");
    const CliResult restore = workspace.runJson(
        {"restore", "shop", "--to", restoreTo, "--as", newName, "--file", target}, at(kAfter));
    TIDEMARK_VERIFY_EXIT(restore, 0);
    const QJsonObject result = restore.jsonObject();
    QVERIFY2(missingKeys(result, kRestoreKeys).isEmpty(), qPrintable(restore.describe()));
    // "database" names the restored database; either reading (new or source name) is accepted.
    const QString database = result.value("database").toString();
    QVERIFY2(database == newName || database == QLatin1String("shop"),
             qPrintable(restore.describe()));
    QCOMPARE(QFileInfo(result.value("file").toString()).absoluteFilePath(),
             QFileInfo(target).absoluteFilePath());
    const QJsonValue integrity = result.value("integrity");
    QVERIFY2(integrity.toString().compare("ok", Qt::CaseInsensitive) == 0 ||
                 integrity == QJsonValue(true),
             qPrintable(restore.describe()));

    const qint64 restoredToMs = parseTimeMs(result.value("restored_to").toString());
    QVERIFY2(restoredToMs > 0 && restoredToMs <= parseTimeMs(restoreTo),
             qPrintable(restore.describe()));
    QVERIFY2(restoredToMs >= parseTimeMs(history.steps[expectedStep].now),
             qPrintable(restore.describe()));

    // The chain: the full first, then what leads to the chosen point, nothing after it.
    QStringList applied;
    for (const QJsonValue& id : result.value("applied").toArray()) {
        applied << idText(id);
    }
    QVERIFY2(!applied.isEmpty() && applied.first() == history.steps[0].id,
             qPrintable(restore.describe()));
    QVERIFY2(applied.contains(history.steps[expectedStep].id), qPrintable(restore.describe()));
    for (qsizetype later = expectedStep + 1; later < history.steps.size(); ++later) {
        QVERIFY2(!applied.contains(history.steps[later].id), qPrintable(restore.describe()));
    }

    QString why;
    QVERIFY2(restoredEquals(target, history.steps[expectedStep].referencePath, &why),
             qPrintable(why + "\n" + restore.describe()));
    // The source is never touched by a restore: it still equals the copy after the last backup.
    QVERIFY2(sqldiffEmpty(history.databasePath, history.steps.constLast().referencePath, &why),
             qPrintable(why));

    const CliResult databases = workspace.runJson({"db", "list"}, at(kAfter));
    const QJsonObject registered = findObject(databases.jsonArray(), "name", newName);
    QVERIFY2(!registered.isEmpty(), qPrintable(databases.describe()));
    QCOMPARE(QFileInfo(registered.value("file").toString()).absoluteFilePath(),
             QFileInfo(target).absoluteFilePath());
}

void TestCliContract::usageErrorsExitTwo() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString file = workspace.dataPath("shop.db");
    QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 200));
    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "shop", "--file", file}), 0);

    const QList<QStringList> misuses = {
        {"frobnicate"},
        {"backup", "shop"},
        {"backup", "shop", "--type", "weekly"},
        {"backup", "--type", "full"},
        {"restore", "shop", "--as", "copy", "--file", workspace.dataPath("copy.db")},
        {"db", "add", "other"},
        {"db", "frobnicate"},
    };
    for (const QStringList& misuse : misuses) {
        const CliResult result = workspace.run(misuse);
        TIDEMARK_VERIFY_EXIT(result, 2);
        QVERIFY2(!result.standardError.trimmed().isEmpty(), qPrintable(result.describe()));
    }
    // Usage errors change nothing.
    const CliResult backups = workspace.runJson({"backups", "shop"});
    TIDEMARK_VERIFY_EXIT(backups, 0);
    QVERIFY2(backups.jsonArray().isEmpty(), qPrintable(backups.describe()));
    QVERIFY(!QFileInfo::exists(workspace.dataPath("copy.db")));
}

void TestCliContract::databaseRegistrationJson() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString walFile = workspace.dataPath("ledger.db");
    const QString rollbackFile = workspace.dataPath("archive.db");
    QVERIFY(makeDatabase(walFile, JournalMode::Wal, 4096, 300));
    QVERIFY(makeDatabase(rollbackFile, JournalMode::Delete, 1024, 300));
    const QString addedAt = QStringLiteral("2026-03-01T09:00:00Z");

    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}, at(addedAt)), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "ledger", "--file", walFile}, at(addedAt)), 0);
    TIDEMARK_VERIFY_EXIT(
        workspace.run({"db", "add", "archive", "--file", rollbackFile, "--max-size", "1048576"},
                      at(addedAt)),
        0);
    // A name is registered once.
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "ledger", "--file", rollbackFile}), 1);

    const CliResult list = workspace.runJson({"db", "list"});
    TIDEMARK_VERIFY_EXIT(list, 0);
    const QJsonArray databases = list.jsonArray();
    QVERIFY2(databases.size() == 2, qPrintable(list.describe()));
    const QJsonObject ledger = findObject(databases, "name", "ledger");
    const QJsonObject archive = findObject(databases, "name", "archive");
    for (const QJsonObject& entry : {ledger, archive}) {
        QVERIFY2(
            missingKeys(entry, kDatabaseKeys).isEmpty(),
            qPrintable(
                QStringLiteral("missing %1\n").arg(missingKeys(entry, kDatabaseKeys).join(',')) +
                list.describe()));
        QVERIFY2(!entry.value("uuid").toString().isEmpty(), qPrintable(list.describe()));
        QCOMPARE(entry.value("backups").toInteger(), qint64(0));
        const qint64 addedMs = parseTimeMs(entry.value("added").toString());
        QVERIFY2(
            isWithin(addedMs, parseTimeMs(addedAt), parseTimeMs(addedAt) + kBackupDurationLimitMs),
            qPrintable(list.describe()));
    }
    QVERIFY(ledger.value("uuid") != archive.value("uuid"));
    QCOMPARE(QFileInfo(ledger.value("file").toString()).canonicalFilePath(),
             QFileInfo(walFile).canonicalFilePath());
    QCOMPARE(QFileInfo(archive.value("file").toString()).canonicalFilePath(),
             QFileInfo(rollbackFile).canonicalFilePath());
    QCOMPARE(ledger.value("journal_mode").toString().toLower(), QStringLiteral("wal"));
    QCOMPARE(archive.value("journal_mode").toString().toLower(), QStringLiteral("delete"));
    QCOMPARE(ledger.value("page_size").toInteger(), qint64(4096));
    QCOMPARE(archive.value("page_size").toInteger(), qint64(1024));
    QCOMPARE(archive.value("max_size").toInteger(), qint64(1048576));

    const CliResult show = workspace.runJson({"db", "show", "ledger"});
    TIDEMARK_VERIFY_EXIT(show, 0);
    const QJsonObject shown = show.jsonObject();
    QVERIFY2(shown.value("name").toString() == "ledger", qPrintable(show.describe()));
    QCOMPARE(shown.value("uuid"), ledger.value("uuid"));
    QCOMPARE(shown.value("file"), ledger.value("file"));

    const CliResult unknown = workspace.run({"db", "show", "nosuch"});
    TIDEMARK_VERIFY_EXIT(unknown, 1);
    QVERIFY2(unknown.standardError.contains("nosuch"), qPrintable(unknown.describe()));
}

void TestCliContract::backupRestoreRoundTrip_data() {
    QTest::addColumn<int>("journal");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("wal") << int(JournalMode::Wal) << 4096;
    QTest::newRow("rollback journal") << int(JournalMode::Delete) << 1024;
}

void TestCliContract::backupRestoreRoundTrip() {
    QFETCH(int, journal);
    QFETCH(int, pageSize);
    TestWorkspace workspace;
    History history;
    buildHistory(workspace, JournalMode(journal), pageSize, history);
    if (QTest::currentTestFailed()) {
        return;
    }
    checkBackupList(workspace, history);
    if (QTest::currentTestFailed()) {
        return;
    }

    const CliResult window = workspace.runJson({"restore-window", "shop"}, at(kAfter));
    TIDEMARK_VERIFY_EXIT(window, 0);
    const QJsonObject windowObject = window.jsonObject();
    const QString latest = windowObject.value("latest").toString();
    const qint64 earliestMs = parseTimeMs(windowObject.value("earliest").toString());
    const qint64 latestMs = parseTimeMs(latest);
    const qint64 fullMs = parseTimeMs(kFullAt);
    const qint64 lastLogMs = parseTimeMs(kSecondLogAt);
    QVERIFY2(isWithin(earliestMs, fullMs, fullMs + kBackupDurationLimitMs),
             qPrintable(window.describe()));
    QVERIFY2(isWithin(latestMs, lastLogMs, lastLogMs + kBackupDurationLimitMs),
             qPrintable(window.describe()));

    // Instants between the backups give the state right after the backup before them.
    checkRestore(workspace, history, QStringLiteral("2026-03-01T10:30:00Z"), 0, "shop_at_1030");
    checkRestore(workspace, history, QStringLiteral("2026-03-01T11:30:00Z"), 1, "shop_at_1130");
    checkRestore(workspace, history, QStringLiteral("2026-03-01T12:30:00Z"), 2, "shop_at_1230");
    checkRestore(workspace, history, latest, 3, "shop_latest");
}

void TestCliContract::restoreRefusals() {
    TestWorkspace workspace;
    History history;
    buildHistory(workspace, JournalMode::Wal, 4096, history);
    if (QTest::currentTestFailed()) {
        return;
    }
    const QString restoreTo = QStringLiteral("2026-03-01T11:30:00Z");

    // Into an existing file: refused, and the file keeps its bytes.
    const QString existing = workspace.dataPath("precious.db");
    QVERIFY(makeDatabase(existing, JournalMode::Delete, 4096, 50));
    QFile existingFile(existing);
    QVERIFY(existingFile.open(QIODevice::ReadOnly));
    const QByteArray existingBytes = existingFile.readAll();
    existingFile.close();
    const CliResult intoExisting = workspace.run(
        {"restore", "shop", "--to", restoreTo, "--as", "shop_copy", "--file", existing},
        at(kAfter));
    TIDEMARK_VERIFY_EXIT(intoExisting, 1);
    QVERIFY2(intoExisting.standardError.contains(existing.toUtf8()) ||
                 intoExisting.standardError.contains("exist"),
             qPrintable(intoExisting.describe()));
    QVERIFY(existingFile.open(QIODevice::ReadOnly));
    QVERIFY2(existingFile.readAll() == existingBytes,
             "a refused restore changed the existing file");

    // As a registered name: refused, no file written.
    const QString unusedTarget = workspace.dataPath("never-written.db");
    const CliResult asRegistered = workspace.run(
        {"restore", "shop", "--to", restoreTo, "--as", "shop", "--file", unusedTarget}, at(kAfter));
    TIDEMARK_VERIFY_EXIT(asRegistered, 1);
    QVERIFY2(asRegistered.standardError.contains("shop"), qPrintable(asRegistered.describe()));
    QVERIFY(!QFileInfo::exists(unusedTarget));

    // Before the window: refused, and the message shows the window.
    const CliResult window = workspace.runJson({"restore-window", "shop"}, at(kAfter));
    TIDEMARK_VERIFY_EXIT(window, 0);
    const QString earliest = window.jsonObject().value("earliest").toString();
    const QString latest = window.jsonObject().value("latest").toString();
    const CliResult tooEarly = workspace.run({"restore", "shop", "--to", "2026-03-01T09:00:00Z",
                                              "--as", "shop_early", "--file", unusedTarget},
                                             at(kAfter));
    TIDEMARK_VERIFY_EXIT(tooEarly, 1);
    QVERIFY2(
        !earliest.isEmpty() && tooEarly.standardError.contains(earliest.toUtf8()) &&
            tooEarly.standardError.contains(latest.toUtf8()),
        qPrintable(QStringLiteral("window %1 .. %2 not in the message\n").arg(earliest, latest) +
                   tooEarly.describe()));
    QVERIFY(!QFileInfo::exists(unusedTarget));

    const CliResult databases = workspace.runJson({"db", "list"}, at(kAfter));
    TIDEMARK_VERIFY_EXIT(databases, 0);
    QVERIFY2(databases.jsonArray().size() == 1, qPrintable(databases.describe()));
}

void TestCliContract::backupSetWithMissingFileCompletesWithErrors() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QStringList names = {"north", "middle", "south"};
    for (const QString& name : names) {
        QVERIFY(makeDatabase(workspace.dataPath(name + ".db"), JournalMode::Wal, 4096, 200));
    }
    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}), 0);
    for (const QString& name : names) {
        TIDEMARK_VERIFY_EXIT(
            workspace.run({"db", "add", name, "--file", workspace.dataPath(name + ".db")}), 0);
    }
    QVERIFY(QFile::remove(workspace.dataPath("middle.db")));

    const CliResult set =
        workspace.runJson({"backup", "north", "middle", "south", "--type", "full"});
    TIDEMARK_VERIFY_EXIT(set, 3);
    const QJsonArray entries = set.jsonArray();
    QVERIFY2(entries.size() == 3, qPrintable(set.describe()));
    for (const QString& name : {QStringLiteral("north"), QStringLiteral("south")}) {
        const QJsonObject entry = findObject(entries, "database", name);
        QVERIFY2(entry.value("status").toString() == "succeeded", qPrintable(set.describe()));
        QVERIFY2(!idText(entry.value("id")).isEmpty(), qPrintable(set.describe()));
        const CliResult backups = workspace.runJson({"backups", name});
        TIDEMARK_VERIFY_EXIT(backups, 0);
        QVERIFY2(!findObject(backups.jsonArray(), "id", idText(entry.value("id"))).isEmpty(),
                 qPrintable(backups.describe()));
    }
    const QJsonObject missing = findObject(entries, "database", "middle");
    QVERIFY2(missing.value("status").toString() == "failed", qPrintable(set.describe()));
    QVERIFY2(!missing.contains("id") || missing.value("id").isNull(), qPrintable(set.describe()));
    QVERIFY2(!missing.value("error").toString().isEmpty(), qPrintable(set.describe()));

    const CliResult middleBackups = workspace.runJson({"backups", "middle"});
    TIDEMARK_VERIFY_EXIT(middleBackups, 0);
    QVERIFY2(objectsWith(middleBackups.jsonArray(), "status", "succeeded").isEmpty(),
             qPrintable(middleBackups.describe()));
}

QTEST_GUILESS_MAIN(TestCliContract)
#include "tst_cli_contract.moc"
