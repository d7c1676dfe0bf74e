// Bad input and damaged vaults: every refusal is clear, loses nothing, and a restore never
// returns wrong data.

#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"
#include "VaultFiles.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QtTest>

using namespace tidemark::testsupport;

namespace {

const QString kFullAt = QStringLiteral("2026-03-01T10:00:00Z");
const QString kDiffAt = QStringLiteral("2026-03-01T11:00:00Z");
const QString kAfter = QStringLiteral("2026-03-01T12:00:00Z");

// A workspace with database "shop" backed up once (full at kFullAt), and optionally once more
// (diff at kDiffAt after a change), with a copy of the database after each backup.
struct BackedUpWorkspace {
    TestWorkspace workspace;
    QString databasePath;
    QString fullId;
    QString fullReference;
    QString diffId;
    QString diffReference;
    // restore-window's latest point before any damage: a time every restore may ask for.
    QString latest;
};

// Content of the vault's own files (packs, manifests, database records, vault header), to tell
// that a refused command wrote nothing there.
QMap<QString, QByteArray> vaultFingerprint(const QString& vaultDir) {
    QMap<QString, QByteArray> fingerprint;
    for (const char* suffix : {".pack", ".tmm", ".tmd", ".json"}) {
        for (const QString& path : filesUnder(vaultDir, suffix)) {
            QFile file(path);
            if (file.open(QIODevice::ReadOnly)) {
                fingerprint.insert(
                    path, QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256));
            }
        }
    }
    return fingerprint;
}

bool mentions(const CliResult& result, const QString& word) {
    return result.text().contains(word, Qt::CaseInsensitive);
}

QString writeTextFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(content);
    }
    return path;
}

} // namespace

class TestCliErrors : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void wrongPassphraseIsRefused();
    void missingPassphraseIsRefused();
    void passphraseFileIsUsed();
    void unsafeNamesAreRefused_data();
    void unsafeNamesAreRefused();
    void nonSqliteFilesAreRefused();
    void databaseWithoutTablesFailsClearly();
    void deletedDatabaseFileFailsClearly();
    void corruptPackByteIsDetected();
    void truncatedPackIsDetected();
    void corruptManifestByteIsDetected();
    void deletedManifestIsReported();
    void unencryptedWorkspaceWorks();

private:
    static void prepare(BackedUpWorkspace& setup, bool withDiff, const CliOptions& options = {});
    // After damage: verify must fail and name the problem (`expectedWords`: any one of them).
    static void expectVerifyFailure(const BackedUpWorkspace& setup,
                                    const QStringList& expectedWords);
    // After damage: a restore either fails cleanly or returns exactly a state that was backed up.
    static void expectNoWrongRestore(const BackedUpWorkspace& setup, const QString& restoreTo);
};

void TestCliErrors::initTestCase() {
    QVERIFY2(QFileInfo(cliProgram()).isExecutable(),
             qPrintable(QStringLiteral("no CLI at %1").arg(cliProgram())));
}

void TestCliErrors::prepare(BackedUpWorkspace& setup, bool withDiff, const CliOptions& options) {
    QVERIFY(setup.workspace.isValid());
    setup.databasePath = setup.workspace.dataPath("shop.db");
    QString error;
    QVERIFY2(makeDatabase(setup.databasePath, JournalMode::Wal, 4096, 3000, &error),
             qPrintable(error));
    CliOptions timed = options;
    timed.now = kFullAt;
    TIDEMARK_VERIFY_EXIT(setup.workspace.run({"init"}, timed), 0);
    TIDEMARK_VERIFY_EXIT(
        setup.workspace.run({"db", "add", "shop", "--file", setup.databasePath}, timed), 0);
    const CliResult full = setup.workspace.runJson({"backup", "shop", "--type", "full"}, timed);
    TIDEMARK_VERIFY_EXIT(full, 0);
    setup.fullId = idText(full.jsonArray().first().toObject().value("id"));
    QVERIFY2(!setup.fullId.isEmpty(), qPrintable(full.describe()));
    setup.fullReference = setup.workspace.dataPath("reference-full.db");
    QVERIFY2(copyDatabase(setup.databasePath, setup.fullReference, &error), qPrintable(error));
    if (withDiff) {
        QVERIFY2(execSql(setup.databasePath,
                         "UPDATE orders SET status = 'returned' WHERE id % 3 = 0;"
                         "INSERT INTO settings VALUES ('season', 'spring');",
                         &error),
                 qPrintable(error));
        timed.now = kDiffAt;
        const CliResult diff = setup.workspace.runJson({"backup", "shop", "--type", "diff"}, timed);
        TIDEMARK_VERIFY_EXIT(diff, 0);
        setup.diffId = idText(diff.jsonArray().first().toObject().value("id"));
        QVERIFY2(!setup.diffId.isEmpty(), qPrintable(diff.describe()));
        setup.diffReference = setup.workspace.dataPath("reference-diff.db");
        QVERIFY2(copyDatabase(setup.databasePath, setup.diffReference, &error), qPrintable(error));
    }
    timed.now = kAfter;
    const CliResult window = setup.workspace.runJson({"restore-window", "shop"}, timed);
    TIDEMARK_VERIFY_EXIT(window, 0);
    setup.latest = window.jsonObject().value("latest").toString();
    QVERIFY2(parseTimeMs(setup.latest) > 0, qPrintable(window.describe()));
}

void TestCliErrors::expectVerifyFailure(const BackedUpWorkspace& setup,
                                        const QStringList& expectedWords) {
    const CliResult verify = setup.workspace.runJson({"verify"}, at(kAfter));
    QVERIFY2(verify.finishedNormally && verify.exitCode != 0, qPrintable(verify.describe()));
    const QJsonObject report = verify.jsonObject();
    QVERIFY2(report.value("ok") == QJsonValue(false), qPrintable(verify.describe()));
    const QJsonArray problems = report.value("problems").toArray();
    QVERIFY2(!problems.isEmpty(), qPrintable(verify.describe()));
    const QString problemText = jsonText(problems);
    bool named = false;
    for (const QString& word : expectedWords) {
        named = named || problemText.contains(word, Qt::CaseInsensitive);
    }
    QVERIFY2(
        named,
        qPrintable(QStringLiteral("no problem names any of %1\n").arg(expectedWords.join(", ")) +
                   verify.describe()));
}

void TestCliErrors::expectNoWrongRestore(const BackedUpWorkspace& setup, const QString& restoreTo) {
    const QString target = setup.workspace.dataPath("after-damage.db");
    const CliResult restore = setup.workspace.runJson(
        {"restore", "shop", "--to", restoreTo, "--as", "after_damage", "--file", target},
        at(kAfter));
    QVERIFY2(restore.finishedNormally, qPrintable(restore.describe()));
    if (restore.exitCode != 0) {
        TIDEMARK_VERIFY_EXIT(restore, 1);
        QVERIFY2(!restore.standardError.trimmed().isEmpty(), qPrintable(restore.describe()));
        QVERIFY2(!QFileInfo::exists(target),
                 qPrintable("a failed restore left a file behind\n" + restore.describe()));
        const CliResult databases = setup.workspace.runJson({"db", "list"}, at(kAfter));
        QVERIFY2(findObject(databases.jsonArray(), "name", "after_damage").isEmpty(),
                 qPrintable(databases.describe()));
        return;
    }
    // A restore that succeeds despite the damage must have avoided it: the data is exactly that
    // of the backup it says it applied last.
    QStringList applied;
    for (const QJsonValue& id : restore.jsonObject().value("applied").toArray()) {
        applied << idText(id);
    }
    const bool usedDiff = !setup.diffId.isEmpty() && applied.contains(setup.diffId);
    QString why;
    QVERIFY2(restoredEquals(target, usedDiff ? setup.diffReference : setup.fullReference, &why),
             qPrintable(why + "\n" + restore.describe()));
    qInfo("restore succeeded without the damaged object; applied %s",
          qPrintable(applied.join(',')));
}

void TestCliErrors::wrongPassphraseIsRefused() {
    BackedUpWorkspace setup;
    prepare(setup, false);
    if (QTest::currentTestFailed()) {
        return;
    }
    const auto before = vaultFingerprint(setup.workspace.vaultDir());
    CliOptions wrong = at(kAfter);
    wrong.passphrase = QStringLiteral("not the passphrase");

    const CliResult backup = setup.workspace.run({"backup", "shop", "--type", "full"}, wrong);
    TIDEMARK_VERIFY_EXIT(backup, 1);
    QVERIFY2(mentions(backup, "passphrase"), qPrintable(backup.describe()));
    const CliResult verify = setup.workspace.run({"verify"}, wrong);
    TIDEMARK_VERIFY_EXIT(verify, 1);
    QVERIFY2(mentions(verify, "passphrase"), qPrintable(verify.describe()));
    const CliResult restore =
        setup.workspace.run({"restore", "shop", "--to", setup.latest, "--as", "copy", "--file",
                             setup.workspace.dataPath("copy.db")},
                            wrong);
    TIDEMARK_VERIFY_EXIT(restore, 1);
    QVERIFY2(mentions(restore, "passphrase"), qPrintable(restore.describe()));
    QVERIFY(!QFileInfo::exists(setup.workspace.dataPath("copy.db")));

    // The vault is intact: nothing written with the wrong key, and the right one still works.
    QCOMPARE(vaultFingerprint(setup.workspace.vaultDir()), before);
    TIDEMARK_VERIFY_EXIT(setup.workspace.run({"verify"}, at(kAfter)), 0);
    const CliResult backups = setup.workspace.runJson({"backups", "shop"}, at(kAfter));
    TIDEMARK_VERIFY_EXIT(backups, 0);
    QVERIFY2(objectsWith(backups.jsonArray(), "status", "succeeded").size() == 1,
             qPrintable(backups.describe()));
}

void TestCliErrors::missingPassphraseIsRefused() {
    BackedUpWorkspace setup;
    prepare(setup, false);
    if (QTest::currentTestFailed()) {
        return;
    }
    // No variable, no file, and stdin is a closed pipe, not a terminal: nothing to prompt on.
    CliOptions none = at(kAfter);
    none.passphrase = std::nullopt;
    none.timeoutMs = 30'000;
    const CliResult backup = setup.workspace.run({"backup", "shop", "--type", "full"}, none);
    QVERIFY2(backup.finishedNormally && (backup.exitCode == 1 || backup.exitCode == 2),
             qPrintable(backup.describe()));
    QVERIFY2(mentions(backup, "passphrase"), qPrintable(backup.describe()));

    TestWorkspace fresh;
    const CliResult init = fresh.run({"init"}, none);
    QVERIFY2(init.finishedNormally && (init.exitCode == 1 || init.exitCode == 2),
             qPrintable(init.describe()));
    QVERIFY2(mentions(init, "passphrase"), qPrintable(init.describe()));
    QVERIFY2(!QFileInfo::exists(fresh.vaultDir() + "/tidemark-vault.json"),
             qPrintable(init.describe()));
}

void TestCliErrors::passphraseFileIsUsed() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString database = workspace.dataPath("shop.db");
    QVERIFY(makeDatabase(database, JournalMode::Wal, 4096, 500));
    // Only the first line counts.
    const QString passphraseFile = writeTextFile(workspace.dataPath("passphrase.txt"),
                                                 "file passphrase with spaces\nsecond line\n");
    const QString wrongFile =
        writeTextFile(workspace.dataPath("wrong.txt"), "another passphrase\n");

    CliOptions fromFile = at(kFullAt);
    fromFile.passphrase = std::nullopt;
    fromFile.passphraseFile = passphraseFile;
    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}, fromFile), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "shop", "--file", database}, fromFile), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"backup", "shop", "--type", "full"}, fromFile), 0);
    const QString reference = workspace.dataPath("reference.db");
    QVERIFY(copyDatabase(database, reference));

    // The file wins over the variable.
    CliOptions fileAndVariable = fromFile;
    fileAndVariable.now = kAfter;
    fileAndVariable.passphrase = QStringLiteral("a variable that is wrong");
    TIDEMARK_VERIFY_EXIT(workspace.run({"verify"}, fileAndVariable), 0);

    CliOptions wrong = fileAndVariable;
    wrong.passphraseFile = wrongFile;
    wrong.passphrase = std::nullopt;
    const CliResult refused = workspace.run({"verify"}, wrong);
    TIDEMARK_VERIFY_EXIT(refused, 1);
    QVERIFY2(mentions(refused, "passphrase"), qPrintable(refused.describe()));

    // The same passphrase given by the variable opens the vault: it was keyed by the file's
    // first line, not by the wrong variable or the whole file.
    CliOptions variableOnly = at(kAfter);
    variableOnly.passphrase = QStringLiteral("file passphrase with spaces");
    const CliResult window = workspace.runJson({"restore-window", "shop"}, variableOnly);
    TIDEMARK_VERIFY_EXIT(window, 0);
    const QString target = workspace.dataPath("restored.db");
    const CliResult restore = workspace.runJson({"restore", "shop", "--to",
                                                 window.jsonObject().value("latest").toString(),
                                                 "--as", "restored", "--file", target},
                                                variableOnly);
    TIDEMARK_VERIFY_EXIT(restore, 0);
    QString why;
    QVERIFY2(restoredEquals(target, reference, &why), qPrintable(why));
}

void TestCliErrors::unsafeNamesAreRefused_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("semicolon") << QStringLiteral("shop;drop");
    QTest::newRow("slash") << QStringLiteral("shop/../etc");
    QTest::newRow("backslash") << QStringLiteral("shop\\copy");
    QTest::newRow("tab") << QStringLiteral("shop\tcopy");
    QTest::newRow("newline") << QStringLiteral("shop\ncopy");
    QTest::newRow("bell") << QStringLiteral("shop\acopy");
    QTest::newRow("escape") << QStringLiteral("shop\x1b[31mcopy");
    QTest::newRow("delete") << QStringLiteral("shop\x7f");
}

void TestCliErrors::unsafeNamesAreRefused() {
    QFETCH(QString, name);
    BackedUpWorkspace setup;
    prepare(setup, false);
    if (QTest::currentTestFailed()) {
        return;
    }
    const auto tmdBefore = filesUnder(setup.workspace.vaultDir(), ".tmd");
    const QString other = setup.workspace.dataPath("other.db");
    QVERIFY(makeDatabase(other, JournalMode::Wal, 4096, 20));

    const CliResult add = setup.workspace.run({"db", "add", name, "--file", other}, at(kAfter));
    QVERIFY2(add.finishedNormally && (add.exitCode == 1 || add.exitCode == 2),
             qPrintable(add.describe()));
    QVERIFY2(!add.standardError.trimmed().isEmpty(), qPrintable(add.describe()));

    const QString target = setup.workspace.dataPath("restore-under-bad-name.db");
    const CliResult restore = setup.workspace.run(
        {"restore", "shop", "--to", setup.latest, "--as", name, "--file", target}, at(kAfter));
    QVERIFY2(restore.finishedNormally && (restore.exitCode == 1 || restore.exitCode == 2),
             qPrintable(restore.describe()));
    QVERIFY(!QFileInfo::exists(target));

    const CliResult list = setup.workspace.runJson({"db", "list"}, at(kAfter));
    TIDEMARK_VERIFY_EXIT(list, 0);
    QVERIFY2(list.jsonArray().size() == 1, qPrintable(list.describe()));
    QCOMPARE(filesUnder(setup.workspace.vaultDir(), ".tmd"), tmdBefore);
}

void TestCliErrors::nonSqliteFilesAreRefused() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}), 0);
    QByteArray noise(8192, Qt::Uninitialized);
    for (qsizetype index = 0; index < noise.size(); ++index) {
        noise[index] = char((index * 7919) % 251);
    }
    const QStringList files = {
        writeTextFile(workspace.dataPath("notes.txt"),
                      QByteArray("this is not a database\n").repeated(200)),
        writeTextFile(workspace.dataPath("noise.db"), noise),
        // The right magic, then garbage: a header check alone is not enough.
        writeTextFile(workspace.dataPath("fake.db"), QByteArray("SQLite format 3\0", 16) + noise),
        workspace.dataPath("does-not-exist.db"),
    };
    int index = 0;
    for (const QString& file : files) {
        const CliResult add =
            workspace.run({"db", "add", QStringLiteral("file%1").arg(index++), "--file", file});
        TIDEMARK_VERIFY_EXIT(add, 1);
        QVERIFY2(!add.standardError.trimmed().isEmpty(), qPrintable(add.describe()));
    }
    const CliResult list = workspace.runJson({"db", "list"});
    TIDEMARK_VERIFY_EXIT(list, 0);
    QVERIFY2(list.jsonArray().isEmpty(), qPrintable(list.describe()));
}

void TestCliErrors::databaseWithoutTablesFailsClearly() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString empty = workspace.dataPath("empty.db");
    // A real SQLite file with a header and a schema, but no tables left in it.
    QVERIFY(execSql(empty, "CREATE TABLE scratch(x); DROP TABLE scratch;"));
    QCOMPARE(userTableCount(empty), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "empty", "--file", empty}), 0);

    const CliResult backup = workspace.run({"backup", "empty", "--type", "full"});
    TIDEMARK_VERIFY_EXIT(backup, 1);
    QVERIFY2(backup.standardError.contains("table"), qPrintable(backup.describe()));

    const CliResult backupJson = workspace.runJson({"backup", "empty", "--type", "full"});
    TIDEMARK_VERIFY_EXIT(backupJson, 1);
    const QJsonObject entry = backupJson.jsonArray().first().toObject();
    QVERIFY2(entry.value("status").toString() == "failed", qPrintable(backupJson.describe()));
    QVERIFY2(entry.value("error").toString().contains("table", Qt::CaseInsensitive),
             qPrintable(backupJson.describe()));

    const CliResult backups = workspace.runJson({"backups", "empty"});
    TIDEMARK_VERIFY_EXIT(backups, 0);
    QVERIFY2(objectsWith(backups.jsonArray(), "status", "succeeded").isEmpty(),
             qPrintable(backups.describe()));
}

void TestCliErrors::deletedDatabaseFileFailsClearly() {
    BackedUpWorkspace setup;
    prepare(setup, false);
    if (QTest::currentTestFailed()) {
        return;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) {
        QFile::remove(setup.databasePath + QLatin1String(suffix));
    }
    for (const char* type : {"diff", "log", "full"}) {
        const CliResult backup =
            setup.workspace.run({"backup", "shop", "--type", type}, at(kDiffAt));
        TIDEMARK_VERIFY_EXIT(backup, 1);
        static const QRegularExpression clearReason(
            QStringLiteral("shop\\.db|missing|not found|no such|exist"),
            QRegularExpression::CaseInsensitiveOption);
        QVERIFY2(QString::fromUtf8(backup.standardError).contains(clearReason),
                 qPrintable(backup.describe()));
    }
    const CliResult backups = setup.workspace.runJson({"backups", "shop"}, at(kAfter));
    TIDEMARK_VERIFY_EXIT(backups, 0);
    QVERIFY2(objectsWith(backups.jsonArray(), "status", "succeeded").size() == 1,
             qPrintable(backups.describe()));
}

void TestCliErrors::corruptPackByteIsDetected() {
    BackedUpWorkspace setup;
    prepare(setup, false);
    if (QTest::currentTestFailed()) {
        return;
    }
    TIDEMARK_VERIFY_EXIT(setup.workspace.run({"verify"}, at(kAfter)), 0);
    const QStringList packs = filesUnder(setup.workspace.vaultDir() + "/packs", ".pack");
    QVERIFY2(!packs.isEmpty(), "no .pack files under WS/vault/packs");
    const QString pack = largestFile(packs);
    QVERIFY(flipByte(pack, QFileInfo(pack).size() / 2));

    expectVerifyFailure(setup, {QFileInfo(pack).completeBaseName(), "pack"});
    expectNoWrongRestore(setup, setup.latest);
}

void TestCliErrors::truncatedPackIsDetected() {
    BackedUpWorkspace setup;
    prepare(setup, false);
    if (QTest::currentTestFailed()) {
        return;
    }
    const QStringList packs = filesUnder(setup.workspace.vaultDir() + "/packs", ".pack");
    QVERIFY2(!packs.isEmpty(), "no .pack files under WS/vault/packs");
    const QString pack = largestFile(packs);
    QVERIFY(truncateFile(pack, QFileInfo(pack).size() / 2));

    expectVerifyFailure(setup, {QFileInfo(pack).completeBaseName(), "pack"});
    expectNoWrongRestore(setup, setup.latest);
}

void TestCliErrors::corruptManifestByteIsDetected() {
    BackedUpWorkspace setup;
    prepare(setup, false);
    if (QTest::currentTestFailed()) {
        return;
    }
    const QStringList manifests = filesUnder(setup.workspace.vaultDir() + "/manifests", ".tmm");
    QVERIFY2(manifests.size() == 1, qPrintable(manifests.join('\n')));
    QVERIFY(flipByte(manifests.first(), QFileInfo(manifests.first()).size() / 2));

    expectVerifyFailure(
        setup, {QFileInfo(manifests.first()).completeBaseName(), "manifest", setup.fullId});
    expectNoWrongRestore(setup, setup.latest);
}

void TestCliErrors::deletedManifestIsReported() {
    BackedUpWorkspace setup;
    prepare(setup, true);
    if (QTest::currentTestFailed()) {
        return;
    }
    const QStringList manifests = filesUnder(setup.workspace.vaultDir() + "/manifests", ".tmm");
    QVERIFY2(manifests.size() == 2, qPrintable(manifests.join('\n')));
    // The diff's manifest: named after its id when the vault does so, else the newer file.
    QString diffManifest;
    for (const QString& manifest : manifests) {
        if (QFileInfo(manifest).fileName().contains(setup.diffId)) {
            diffManifest = manifest;
        }
    }
    if (diffManifest.isEmpty()) {
        diffManifest = newestFile(manifests);
    }
    QVERIFY(QFile::remove(diffManifest));

    expectVerifyFailure(setup,
                        {QFileInfo(diffManifest).completeBaseName(), "manifest", setup.diffId});
    // Restoring to the diff's point must not pretend the diff is there.
    expectNoWrongRestore(setup, setup.latest);
    const CliResult backups = setup.workspace.runJson({"backups", "shop"}, at(kAfter));
    qInfo("backups after the diff's manifest was deleted: %s", backups.standardOutput.constData());
}

void TestCliErrors::unencryptedWorkspaceWorks() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString database = workspace.dataPath("shop.db");
    QVERIFY(makeDatabase(database, JournalMode::Delete, 4096, 1000));
    CliOptions noPassphrase = at(kFullAt);
    noPassphrase.passphrase = std::nullopt;

    const CliResult init = workspace.run({"init", "--no-encryption"}, noPassphrase);
    TIDEMARK_VERIFY_EXIT(init, 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "shop", "--file", database}, noPassphrase), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"backup", "shop", "--type", "full"}, noPassphrase), 0);
    const QString reference = workspace.dataPath("reference.db");
    QVERIFY(copyDatabase(database, reference));
    QVERIFY(execSql(database, "DELETE FROM orders WHERE id % 2 = 0;"));
    noPassphrase.now = kDiffAt;
    TIDEMARK_VERIFY_EXIT(workspace.run({"backup", "shop", "--type", "diff"}, noPassphrase), 0);
    const QString diffReference = workspace.dataPath("reference-diff.db");
    QVERIFY(copyDatabase(database, diffReference));

    noPassphrase.now = kAfter;
    const CliResult verify = workspace.runJson({"verify"}, noPassphrase);
    TIDEMARK_VERIFY_EXIT(verify, 0);
    QVERIFY2(verify.jsonObject().value("ok") == QJsonValue(true), qPrintable(verify.describe()));

    const QString target = workspace.dataPath("restored.db");
    const CliResult restore = workspace.runJson(
        {"restore", "shop", "--to", "2026-03-01T10:30:00Z", "--as", "restored", "--file", target},
        noPassphrase);
    TIDEMARK_VERIFY_EXIT(restore, 0);
    QString why;
    QVERIFY2(restoredEquals(target, reference, &why), qPrintable(why));

    // The workspace says it is unencrypted somewhere a user looks: init, db list or verify.
    const CliResult list = workspace.run({"db", "list"}, noPassphrase);
    const QString shown = init.text() + list.text() + verify.text();
    static const QRegularExpression unencrypted(
        QStringLiteral("unencrypted|not encrypted|no encryption|without encryption|"
                       "\"?encrypt(ed|ion)\"?\\s*[:=]?\\s*\"?(false|no|none|off|disabled)"),
        QRegularExpression::CaseInsensitiveOption);
    QVERIFY2(shown.contains(unencrypted),
             qPrintable(QStringLiteral("nothing says 'unencrypted' in:\n") + shown));
}

QTEST_GUILESS_MAIN(TestCliErrors)
#include "tst_cli_errors.moc"
