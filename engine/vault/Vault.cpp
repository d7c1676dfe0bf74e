#include "vault/Vault.h"

#include "core/Compression.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace tidemark {
namespace {
const QString kConfigName = QStringLiteral("tidemark-vault.json");
constexpr int kVaultFormat = 1;

QString configPath(const QString& root) {
    return root + QLatin1Char('/') + kConfigName;
}
QByteArray recordContext(const QString& uuid) {
    return "database/" + uuid.toLatin1();
}

// The configuration's own fields, in a fixed form, for its tag.
QByteArray configFields(const QJsonObject& config) {
    QByteArray fields = config.value(QStringLiteral("format")).toString().toUtf8() + '\n' +
                        QByteArray::number(config.value(QStringLiteral("version")).toInt()) + '\n' +
                        config.value(QStringLiteral("vault_id")).toString().toUtf8();
    // Rotated data keys: the list and the key in use are covered too, so no key can be
    // dropped or an older one put back in use unnoticed.
    if (config.contains(QStringLiteral("data_keys")))
        fields += '\n' +
                  QJsonDocument(config.value(QStringLiteral("data_keys")).toArray())
                      .toJson(QJsonDocument::Compact) +
                  '\n' +
                  QByteArray::number(config.value(QStringLiteral("current_data_key")).toInteger());
    return fields;
}
} // namespace

bool Vault::existsAt(const QString& root) {
    return QFileInfo::exists(configPath(root));
}

Result<std::shared_ptr<Vault>> Vault::create(FileSystem& fs, const QString& root,
                                             const QByteArray* passphrase) {
    if (existsAt(root))
        return Status::alreadyExists(QStringLiteral("a vault already exists at %1").arg(root));
    TM_TRY(fs.makeDirs(root));
    QJsonObject keySection;
    auto keys = KeyRing::create(passphrase, &keySection);
    if (!keys)
        return keys.status();
    std::shared_ptr<Vault> vault(new Vault(fs, QDir(root).absolutePath()));
    vault->vaultId_ = QUuid::createUuid().toString(QUuid::WithoutBraces);
    vault->keys_ = *keys;
    QJsonObject config;
    config[QStringLiteral("format")] = QStringLiteral("tidemark-vault");
    config[QStringLiteral("version")] = kVaultFormat;
    config[QStringLiteral("vault_id")] = vault->vaultId_;
    config[QStringLiteral("keys")] = keySection;
    config[QStringLiteral("config_tag")] = vault->keys_->configTag(configFields(config));
    for (const char* sub : {"packs", "manifests", "databases"})
        TM_TRY(fs.makeDirs(vault->root_ + QLatin1Char('/') + QLatin1String(sub)));
    TM_TRY(writeFileDurably(fs, configPath(vault->root_),
                            QJsonDocument(config).toJson(QJsonDocument::Indented)));
    return vault;
}

Result<std::shared_ptr<Vault>> Vault::open(FileSystem& fs, const QString& root,
                                           const QByteArray* passphrase) {
    auto bytes = fs.readFile(configPath(root));
    if (!bytes) {
        if (bytes.status().isNotFound())
            return Status::notFound(QStringLiteral("no vault at %1").arg(root));
        return bytes.status();
    }
    QJsonParseError err{};
    QJsonDocument doc = QJsonDocument::fromJson(*bytes, &err);
    QJsonObject config = doc.object();
    if (err.error != QJsonParseError::NoError ||
        config.value(QStringLiteral("format")).toString() != QStringLiteral("tidemark-vault"))
        return Status::corruption(QStringLiteral("%1 is damaged").arg(configPath(root)));
    if (config.value(QStringLiteral("version")).toInt() != kVaultFormat)
        return Status::unsupported(QStringLiteral("vault format %1 is not supported")
                                       .arg(config.value(QStringLiteral("version")).toInt()));
    auto keys = KeyRing::unlock(config.value(QStringLiteral("keys")).toObject(), passphrase);
    if (!keys)
        return keys.status();
    std::shared_ptr<Vault> vault(new Vault(fs, QDir(root).absolutePath()));
    vault->vaultId_ = config.value(QStringLiteral("vault_id")).toString();
    vault->keys_ = *keys;
    if (config.value(QStringLiteral("config_tag")).toString() !=
        vault->keys_->configTag(configFields(config)))
        return Status::corruption(
            QStringLiteral("%1 was altered: its fields do not match their tag")
                .arg(configPath(root)));
    if (config.contains(QStringLiteral("data_keys"))) {
        auto rotated = vault->keys_->withDataKeys(
            config.value(QStringLiteral("data_keys")).toArray(),
            quint32(config.value(QStringLiteral("current_data_key")).toInteger()));
        if (!rotated)
            return rotated.status().context(configPath(root));
        vault->keys_ = *rotated;
    }
    return vault;
}

Result<std::shared_ptr<Vault>> Vault::attach(FileSystem& fs, const QString& root,
                                             const Vault& same) {
    auto bytes = fs.readFile(configPath(root));
    if (!bytes)
        return bytes.status().isNotFound()
                   ? Status::notFound(QStringLiteral("no vault at %1").arg(root))
                   : bytes.status();
    QJsonObject config = QJsonDocument::fromJson(*bytes).object();
    if (config.value(QStringLiteral("vault_id")).toString() != same.vaultId_)
        return Status::invalidArgument(
            QStringLiteral("%1 holds another vault than this workspace's").arg(root));
    std::shared_ptr<Vault> vault(new Vault(fs, QDir(root).absolutePath()));
    vault->vaultId_ = same.vaultId_;
    vault->keys_ = same.keys_;
    return vault;
}

Status Vault::changePassphrase(const QByteArray& passphrase) const {
    auto section = keys_->wrapFor(passphrase);
    if (!section)
        return section.status();
    auto bytes = fs_.readFile(configFile());
    if (!bytes)
        return bytes.status();
    QJsonObject config = QJsonDocument::fromJson(*bytes).object();
    config[QStringLiteral("keys")] = *section;
    return writeFileDurably(fs_, configFile(),
                            QJsonDocument(config).toJson(QJsonDocument::Indented));
}

Result<std::shared_ptr<Vault>> Vault::rotateDataKey() const {
    auto bytes = fs_.readFile(configFile());
    if (!bytes)
        return bytes.status();
    QJsonObject config = QJsonDocument::fromJson(*bytes).object();
    QJsonArray list = config.value(QStringLiteral("data_keys")).toArray();
    quint32 next = 1;
    for (quint32 id : keys_->dataKeyIds())
        next = std::max(next, id + 1);
    auto entry = keys_->newDataKey(next);
    if (!entry)
        return entry.status();
    list.append(*entry);
    auto keys = keys_->withDataKeys(list, next);
    if (!keys)
        return keys.status();
    config[QStringLiteral("data_keys")] = list;
    config[QStringLiteral("current_data_key")] = double(next);
    config[QStringLiteral("config_tag")] = keys_->configTag(configFields(config));
    TM_TRY(
        writeFileDurably(fs_, configFile(), QJsonDocument(config).toJson(QJsonDocument::Indented)));
    std::shared_ptr<Vault> vault(new Vault(fs_, root_));
    vault->vaultId_ = vaultId_;
    vault->keys_ = *keys;
    return vault;
}

Status Vault::initializeCopy(FileSystem& fs, const QString& root) const {
    for (const char* sub : {"packs", "manifests", "databases"})
        TM_TRY(fs.makeDirs(root + QLatin1Char('/') + QLatin1String(sub)));
    if (Vault::existsAt(root)) {
        auto bytes = fs.readFile(configPath(root));
        if (bytes &&
            QJsonDocument::fromJson(*bytes).object().value(QStringLiteral("vault_id")) != vaultId_)
            return Status::invalidArgument(
                QStringLiteral("%1 already holds another vault").arg(root));
        return Status::ok();
    }
    auto config = fs.readFile(configFile());
    if (!config)
        return config.status();
    return writeFileDurably(fs, configPath(root), *config);
}

QString Vault::newPackName() {
    return QString::fromLatin1(randomBytes(16).toHex());
}

Result<std::unique_ptr<PackReader>> Vault::openPack(const QString& name) const {
    auto reader = PackReader::open(fs_, *keys_, packPath(name), name);
    if (!reader && reader.status().isNotFound())
        return Status::notFound(QStringLiteral("pack %1 is missing from the vault").arg(name));
    return reader;
}

QStringList Vault::listPacks() const {
    QStringList names;
    for (const QString& sub : fs_.list(packsDir())) {
        if (sub.size() != 2)
            continue;
        for (const QString& file : fs_.list(packsDir() + QLatin1Char('/') + sub)) {
            if (file.endsWith(QStringLiteral(".pack")) && !file.startsWith(QLatin1Char('.')))
                names << file.chopped(5);
        }
    }
    return names;
}

QString Vault::manifestPath(const QString& databaseUuid, const QString& backupId) const {
    return root_ + QStringLiteral("/manifests/") + databaseUuid + QLatin1Char('/') + backupId +
           QStringLiteral(".tmm");
}

Status Vault::writeManifest(const Manifest& manifest) const {
    QString path = manifestPath(manifest.databaseUuid, manifest.backupId);
    TM_TRY(fs_.makeDirs(QFileInfo(path).absolutePath()));
    QByteArray sealed = manifest.seal(*keys_);
    if (sealed.isEmpty())
        return Status::failed(QStringLiteral("could not seal manifest"));
    return writeFileDurably(fs_, path, sealed);
}

Result<Manifest> Vault::readManifest(const QString& databaseUuid, const QString& backupId) const {
    auto bytes = fs_.readFile(manifestPath(databaseUuid, backupId));
    if (!bytes && bytes.status().isNotFound()) {
        // A full kept only as a long-term copy: same manifest, in the LTR area.
        auto copy = fs_.readFile(root_ + QStringLiteral("/ltr/") + databaseUuid + QLatin1Char('/') +
                                 backupId + QStringLiteral(".tmm"));
        if (copy)
            bytes = copy;
    }
    if (!bytes) {
        if (bytes.status().isNotFound())
            return Status::notFound(
                QStringLiteral("the manifest of backup %1 is missing from the vault")
                    .arg(backupId));
        return bytes.status();
    }
    return Manifest::open(*keys_, *bytes, backupId);
}

QList<ManifestRef> Vault::listManifests() const {
    QList<ManifestRef> refs;
    QString dir = root_ + QStringLiteral("/manifests");
    for (const QString& db : fs_.list(dir)) {
        for (const QString& file : fs_.list(dir + QLatin1Char('/') + db)) {
            if (file.endsWith(QStringLiteral(".tmm")) && !file.startsWith(QLatin1Char('.')))
                refs.append({db, file.chopped(4)});
        }
    }
    return refs;
}

Status Vault::writeDatabaseRecord(const QString& uuid, const QJsonObject& record) const {
    QByteArray raw = QJsonDocument(record).toJson(QJsonDocument::Compact);
    auto sealed = keys_->seal(raw, recordContext(uuid));
    if (!sealed)
        return sealed.status();
    return writeFileDurably(
        fs_, root_ + QStringLiteral("/databases/") + uuid + QStringLiteral(".tmd"), *sealed);
}

Result<QJsonObject> Vault::readDatabaseRecord(const QString& uuid) const {
    auto bytes =
        fs_.readFile(root_ + QStringLiteral("/databases/") + uuid + QStringLiteral(".tmd"));
    if (!bytes)
        return bytes.status();
    auto raw = keys_->open(*bytes, recordContext(uuid));
    if (!raw)
        return raw.status().context(QStringLiteral("database record %1").arg(uuid));
    QJsonDocument doc = QJsonDocument::fromJson(*raw);
    if (!doc.isObject())
        return Status::corruption(QStringLiteral("database record %1 is damaged").arg(uuid));
    return doc.object();
}

QStringList Vault::listDatabaseRecords() const {
    QStringList uuids;
    for (const QString& file : fs_.list(root_ + QStringLiteral("/databases"))) {
        if (file.endsWith(QStringLiteral(".tmd")) && !file.startsWith(QLatin1Char('.')))
            uuids << file.chopped(4);
    }
    return uuids;
}

} // namespace tidemark
