// Credentials of blob locations through the real CLI against the pinned Azurite: a credential
// stored in the workspace serves every command without the environment; a read-only SAS
// restores and verifies while a backup with it fails clearly as a recorded job, losing nothing;
// an expired SAS and a wrong key say so. No key or SAS signature ever reaches workspace.json,
// the catalog, a job record or anything the CLI prints.
#include "Azurite.h"
#include "AzuriteSas.h"
#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark::testsupport;
using tidemark::testing::Azurite;
using tidemark::testing::azuriteAccountSas;

namespace {

const QString kLocation = QStringLiteral("azure://devstoreaccount1/auth");

QString writeSecret(const QString& path, const QString& secret) {
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(secret.toUtf8() + '\n');
    return path;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCliAzureAuth : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aStoredKeyServesEveryCommandWithoutTheEnvironment();
    void aReadOnlySasRestoresAndVerifiesButABackupFailsClearly();
    void aNewPassphraseOpensTheStoredCredential();
    void anExpiredSasAndAWrongKeySaySo();
    void noSecretIsWrittenOrPrinted();

private:
    // The credential variables as the test gives them: none unless named.
    CliOptions withCredential(const QString& connectionString = {}, const QString& key = {}) const;
    CliResult run(const QStringList& command, const CliOptions& options);
    QString endpoint() const;
    QString latestPoint() const;
    // Restores the latest point as `asName`, compares it with the reference and verifies.
    bool restoresAndVerifies(const QString& asName, QString* why);
    // Secret files live apart, so the leak check can read everything else under the root.
    QString secretPath(const QString& name) const { return secretsDir_.filePath(name); }

    Azurite azurite_;
    TestWorkspace workspace_;
    QTemporaryDir secretsDir_;
    QString database_;
    QString reference_;
    QStringList secrets_;
    QByteArray everythingPrinted_;
    int backupsBefore_ = 0;
    QString passphrase_ = kTestPassphrase;
};

void TestCliAzureAuth::initTestCase() {
    const QString problem = azurite_.start();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(workspace_.isValid());
    secrets_ << Azurite::developmentKey();
}

QString TestCliAzureAuth::endpoint() const {
    return QStringLiteral("http://127.0.0.1:%1/%2").arg(azurite_.port()).arg(Azurite::account());
}

QString TestCliAzureAuth::latestPoint() const {
    return workspace_.runJson({"restore-window", "shop"}, withCredential())
        .jsonObject()
        .value("latest")
        .toString();
}

bool TestCliAzureAuth::restoresAndVerifies(const QString& asName, QString* why) {
    const QString restored = workspace_.dataPath(asName + QStringLiteral(".db"));
    const CliResult restore =
        run({"restore", "shop", "--to", latestPoint(), "--as", asName, "--file", restored},
            withCredential());
    const CliResult verify = run({"verify", "shop"}, withCredential());
    if (!exitedWith(restore, 0) || !exitedWith(verify, 0)) {
        *why = restore.describe() + verify.describe();
        return false;
    }
    return restoredEquals(restored, reference_, why);
}

CliOptions TestCliAzureAuth::withCredential(const QString& connectionString,
                                            const QString& key) const {
    CliOptions options;
    options.environment.insert(QStringLiteral("AZURE_STORAGE_CONNECTION_STRING"), connectionString);
    options.environment.insert(QStringLiteral("AZURE_STORAGE_KEY"), key);
    options.environment.insert(QStringLiteral("AZURE_STORAGE_SAS_TOKEN"), QString());
    options.passphrase = passphrase_;
    return options;
}

CliResult TestCliAzureAuth::run(const QStringList& command, const CliOptions& options) {
    const CliResult result = workspace_.run(command, options);
    everythingPrinted_ += result.standardOutput + result.standardError;
    const CliResult json = workspace_.runJson(QStringList{"jobs"}, withCredential());
    everythingPrinted_ += json.standardOutput + json.standardError;
    return result;
}

void TestCliAzureAuth::aStoredKeyServesEveryCommandWithoutTheEnvironment() {
    database_ = workspace_.dataPath(QStringLiteral("shop.db"));
    QVERIFY(makeDatabase(database_, JournalMode::Wal, 4096, 800));
    TIDEMARK_VERIFY_EXIT(
        run({"init", "--location", kLocation}, withCredential(azurite_.connectionString())), 0);
    TIDEMARK_VERIFY_EXIT(run({"db", "add", "shop", "--file", database_},
                             withCredential(azurite_.connectionString())),
                         0);
    const QString keyFile =
        writeSecret(secretPath(QStringLiteral("key.txt")), azurite_.connectionString());
    const CliResult stored = run({"credential", "create", "blobkey", "--storage-account",
                                  Azurite::account(), "--secret-file", keyFile},
                                 withCredential(azurite_.connectionString()));
    TIDEMARK_VERIFY_EXIT(stored, 0);
    QVERIFY2(stored.text().contains(QStringLiteral("blobkey stored for storage account")),
             qPrintable(stored.describe()));

    // From here on the environment holds no credential: the stored one opens the vault.
    TIDEMARK_VERIFY_EXIT(run({"backup", "shop", "--type", "full"}, withCredential()), 0);
    reference_ = workspace_.dataPath(QStringLiteral("reference.db"));
    QVERIFY(copyDatabase(database_, reference_));
    QString why;
    QVERIFY2(restoresAndVerifies(QStringLiteral("shop_key"), &why), qPrintable(why));
    backupsBefore_ = workspace_.runJson({"backups", "shop"}, withCredential()).jsonArray().size();
    QCOMPARE(backupsBefore_, 1);

    // Write-once on a container is the engine's discipline only, and the CLI says so.
    const CliResult ltr =
        run({"ltr", "shop", "--monthly", "P12M", "--immutable-days", "30"}, withCredential());
    TIDEMARK_VERIFY_EXIT(ltr, 0);
    QVERIFY2(ltr.text().contains(QStringLiteral("Write-once is kept by Tidemark only: %1 does not "
                                                "enforce it")
                                     .arg(kLocation)),
             qPrintable(ltr.describe()));
    const QJsonObject shown = workspace_.runJson({"ltr", "shop"}, withCredential()).jsonObject();
    QCOMPARE(shown.value("write_once_by_store"), QJsonValue(false));
}

void TestCliAzureAuth::aReadOnlySasRestoresAndVerifiesButABackupFailsClearly() {
    const QString sas =
        azuriteAccountSas(QStringLiteral("rl"), QStringLiteral("2099-01-01T00:00:00Z"));
    secrets_ << sas.mid(sas.indexOf(QStringLiteral("sig=")) + 4);
    const QString connection =
        QStringLiteral("BlobEndpoint=%1;SharedAccessSignature=%2").arg(endpoint(), sas);
    const QString sasFile = writeSecret(secretPath(QStringLiteral("sas.txt")), connection);
    const CliResult replaced = run({"credential", "create", "reader", "--storage-account",
                                    Azurite::account(), "--secret-file", sasFile},
                                   withCredential());
    TIDEMARK_VERIFY_EXIT(replaced, 0);
    QVERIFY2(replaced.text().contains(QStringLiteral("replaces credential blobkey")),
             qPrintable(replaced.describe()));

    QString why;
    QVERIFY2(restoresAndVerifies(QStringLiteral("shop_sas"), &why), qPrintable(why));

    QVERIFY(
        execSql(database_, QStringLiteral("UPDATE orders SET status = 'sas' WHERE id % 3 = 0;")));
    const CliResult backup = run({"backup", "shop", "--type", "full"}, withCredential());
    QVERIFY2(!exitedWith(backup, 0), qPrintable(backup.describe()));
    QVERIFY2(backup.text().contains(
                 QStringLiteral("the SAS token does not allow writing to %1/").arg(kLocation)),
             qPrintable(backup.describe()));

    // A recorded failed job, with the same words.
    const QJsonArray jobs = workspace_.runJson({"jobs"}, withCredential()).jsonArray();
    bool recorded = false;
    for (const QJsonValue& job : jobs) {
        const QJsonObject o = job.toObject();
        if (o.value("target").toString() == QStringLiteral("shop") &&
            o.value("status").toString() == QStringLiteral("failed") &&
            o.value("message").toString().contains(QStringLiteral("does not allow writing")))
            recorded = true;
    }
    QVERIFY2(recorded, qPrintable(jsonText(jobs)));

    // Nothing lost: the backups are those before, they restore and verify.
    QCOMPARE(workspace_.runJson({"backups", "shop"}, withCredential()).jsonArray().size(),
             backupsBefore_);
    TIDEMARK_VERIFY_EXIT(run({"verify", "shop"}, withCredential()), 0);

    // With the key again, the next backup works.
    TIDEMARK_VERIFY_EXIT(
        run({"backup", "shop", "--type", "full"}, withCredential(azurite_.connectionString())), 0);
}

void TestCliAzureAuth::aNewPassphraseOpensTheStoredCredential() {
    const QString keyFile = secretPath(QStringLiteral("key.txt"));
    TIDEMARK_VERIFY_EXIT(run({"credential", "create", "blobkey", "--storage-account",
                              Azurite::account(), "--secret-file", keyFile},
                             withCredential(azurite_.connectionString())),
                         0);
    const QString next = QStringLiteral("a new passphrase for blob credentials");
    CliOptions change = withCredential();
    change.environment.insert(QStringLiteral("TIDEMARK_NEW_PASSPHRASE"), next);
    TIDEMARK_VERIFY_EXIT(run({"passphrase", "change"}, change), 0);
    const CliResult old = run({"backups", "shop"}, withCredential());
    QVERIFY2(!exitedWith(old, 0), qPrintable(old.describe()));
    passphrase_ = next;
    // The credentials file follows the vault: the new passphrase opens both, nothing else.
    TIDEMARK_VERIFY_EXIT(run({"backup", "shop", "--type", "full"}, withCredential()), 0);
}

void TestCliAzureAuth::anExpiredSasAndAWrongKeySaySo() {
    const QString expired =
        azuriteAccountSas(QStringLiteral("rl"), QStringLiteral("2020-01-01T00:00:00Z"));
    secrets_ << expired.mid(expired.indexOf(QStringLiteral("sig=")) + 4);
    const CliResult old = run(
        {"backups", "shop"},
        withCredential(
            QStringLiteral("BlobEndpoint=%1;SharedAccessSignature=%2").arg(endpoint(), expired)));
    QVERIFY2(!exitedWith(old, 0), qPrintable(old.describe()));
    QVERIFY2(old.text().contains(QStringLiteral("the SAS token for devstoreaccount1 expired at "
                                                "2020-01-01T00:00:00Z")),
             qPrintable(old.describe()));

    const QString wrongKey = QString::fromLatin1(QByteArray(64, 'w').toBase64());
    secrets_ << wrongKey;
    const CliResult wrong = run({"backup", "shop", "--type", "log"},
                                withCredential(azurite_.connectionString(wrongKey)));
    QVERIFY2(!exitedWith(wrong, 0), qPrintable(wrong.describe()));
    QVERIFY2(wrong.text().contains(
                 QStringLiteral("the storage key or SAS for devstoreaccount1 was refused")),
             qPrintable(wrong.describe()));
}

void TestCliAzureAuth::noSecretIsWrittenOrPrinted() {
    QVERIFY(!everythingPrinted_.isEmpty());
    QMap<QString, QByteArray> places;
    places.insert(QStringLiteral("everything the CLI printed"), everythingPrinted_);
    // workspace.json, the catalog, its WAL, the credentials file, logs under HOME, restores.
    QDirIterator files(workspace_.root(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        places.insert(path, readAll(path));
    }
    QVERIFY(places.contains(workspace_.workspaceDir() + QStringLiteral("/workspace.json")));
    QVERIFY(places.contains(workspace_.catalogPath()));
    for (const QString& secret : std::as_const(secrets_)) {
        QVERIFY(!secret.isEmpty());
        const QByteArray decoded = QByteArray::fromPercentEncoding(secret.toLatin1());
        for (auto it = places.cbegin(); it != places.cend(); ++it) {
            QVERIFY2(!it.value().contains(secret.toLatin1()),
                     qPrintable(QStringLiteral("a secret in %1").arg(it.key())));
            QVERIFY2(!it.value().contains(decoded),
                     qPrintable(QStringLiteral("a secret in %1").arg(it.key())));
        }
    }
}

QTEST_GUILESS_MAIN(TestCliAzureAuth)
#include "tst_cli_azure_auth.moc"
