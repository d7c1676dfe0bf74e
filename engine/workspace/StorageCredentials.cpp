#include "workspace/StorageCredentials.h"

#include "core/Names.h"
#include "vault/azure/AzureBlobLocation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace tidemark {

namespace {

const QString kFormat = QStringLiteral("tidemark-storage-credentials");

QString pathIn(const QString& dir) {
    return dir + QLatin1Char('/') + StorageCredentials::fileName();
}

QByteArray contextFor(const QString& account) {
    return QByteArrayLiteral("tidemark-storage-credential:") + account.toUtf8();
}

// The file as stored; an empty object when there is none.
Result<QJsonObject> readFile(const QString& dir) {
    auto bytes = FileSystem::posix().readFile(pathIn(dir));
    if (!bytes) {
        if (bytes.status().isNotFound())
            return QJsonObject();
        return bytes.status();
    }
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes);
    if (!doc.isObject() || doc.object().value(QStringLiteral("format")).toString() != kFormat)
        return Status::corruption(QStringLiteral("%1 is damaged").arg(pathIn(dir)));
    return doc.object();
}

Status writeFile(const QString& dir, const QJsonObject& content) {
    TM_TRY(writeFileDurably(FileSystem::posix(), pathIn(dir),
                            QJsonDocument(content).toJson(QJsonDocument::Indented)));
    // Sealed, yet nobody else on this machine needs to read it.
    QFile::setPermissions(pathIn(dir), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return Status::ok();
}

// The master key wrapped under the passphrase, exactly as the vault configuration holds it.
Result<QJsonObject> wrappedMasterKey(const Vault& vault) {
    auto bytes = vault.location().read(Vault::configObject());
    if (!bytes)
        return bytes.status();
    return QJsonDocument::fromJson(*bytes).object().value(QStringLiteral("keys")).toObject();
}

} // namespace

Result<StorageSecrets> StorageCredentials::load(const QString& dir, const QByteArray* passphrase) {
    auto content = readFile(dir);
    if (!content)
        return content.status();
    StorageSecrets secrets;
    const QJsonArray entries = content->value(QStringLiteral("credentials")).toArray();
    if (entries.isEmpty())
        return secrets;
    auto keys = KeyRing::unlock(content->value(QStringLiteral("keys")).toObject(), passphrase);
    if (!keys)
        return keys.status().context(QStringLiteral("the stored storage credentials"));
    for (const QJsonValue& value : entries) {
        const QJsonObject entry = value.toObject();
        const QString account = entry.value(QStringLiteral("account")).toString();
        auto secret = (*keys)->open(
            QByteArray::fromBase64(entry.value(QStringLiteral("sealed")).toString().toLatin1()),
            contextFor(account));
        if (!secret)
            return secret.status().context(
                QStringLiteral("the stored credential for storage account %1").arg(account));
        secrets.insert(account, *secret);
    }
    return secrets;
}

Result<QString> StorageCredentials::store(const QString& dir, const Vault& vault,
                                          const QString& name, const QString& account,
                                          const QByteArray& secret) {
    TM_TRY(validateDatabaseName(name).context(QStringLiteral("credential name")));
    if (!vault.encrypted())
        return Status::invalidArgument(
            QStringLiteral("this vault is not encrypted, so a storage credential cannot be "
                           "sealed in the workspace; give it in AZURE_STORAGE_CONNECTION_STRING, "
                           "AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN instead"));
    // Refuses what is not a credential for this account, without repeating it.
    auto parsed = azure::accountFromSecret(account, secret);
    if (!parsed)
        return parsed.status();
    auto content = readFile(dir);
    if (!content)
        return content.status();
    auto wrapped = wrappedMasterKey(vault);
    if (!wrapped)
        return wrapped.status();
    // Sealed with the key derived from the master key itself, which the passphrase alone
    // reaches; rotated data keys live in the vault configuration only.
    auto masterOnly = vault.keys().withDataKeys({}, 0);
    if (!masterOnly)
        return masterOnly.status();
    auto sealed = (*masterOnly)->seal(secret, contextFor(account));
    if (!sealed)
        return sealed.status();
    QString replaced;
    QJsonArray entries;
    for (const QJsonValue& value : content->value(QStringLiteral("credentials")).toArray()) {
        if (value.toObject().value(QStringLiteral("account")).toString() == account)
            replaced = value.toObject().value(QStringLiteral("name")).toString();
        else
            entries.append(value);
    }
    entries.append(
        QJsonObject{{QStringLiteral("name"), name},
                    {QStringLiteral("account"), account},
                    {QStringLiteral("sealed"), QString::fromLatin1(sealed->toBase64())}});
    QJsonObject next{{QStringLiteral("format"), kFormat},
                     {QStringLiteral("version"), 1},
                     {QStringLiteral("keys"), *wrapped},
                     {QStringLiteral("credentials"), entries}};
    TM_TRY(writeFile(dir, next));
    return replaced;
}

Status StorageCredentials::followPassphrase(const QString& dir, const Vault& vault) {
    auto content = readFile(dir);
    if (!content)
        return content.status();
    if (content->isEmpty())
        return Status::ok();
    auto wrapped = wrappedMasterKey(vault);
    if (!wrapped)
        return wrapped.status();
    (*content)[QStringLiteral("keys")] = *wrapped;
    return writeFile(dir, *content);
}

} // namespace tidemark
