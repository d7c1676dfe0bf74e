#include "vault/Vault.h"

#include "core/Compression.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace tidemark {
namespace {

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

bool Vault::existsAt(Location& location) {
    return location.exists(configObject());
}

Result<std::shared_ptr<Vault>> Vault::create(std::shared_ptr<Location> location,
                                             const QByteArray* passphrase) {
    if (existsAt(*location))
        return Status::alreadyExists(
            QStringLiteral("a vault already exists at %1").arg(location->url()));
    QJsonObject keySection;
    auto keys = KeyRing::create(passphrase, &keySection);
    if (!keys)
        return keys.status();
    std::shared_ptr<Vault> vault(new Vault(std::move(location)));
    vault->vaultId_ = QUuid::createUuid().toString(QUuid::WithoutBraces);
    vault->keys_ = *keys;
    QJsonObject config;
    config[QStringLiteral("format")] = QStringLiteral("tidemark-vault");
    config[QStringLiteral("version")] = kFormat;
    config[QStringLiteral("vault_id")] = vault->vaultId_;
    config[QStringLiteral("keys")] = keySection;
    config[QStringLiteral("config_tag")] = vault->keys_->configTag(configFields(config));
    TM_TRY(vault->location_->publish(configObject(),
                                     QJsonDocument(config).toJson(QJsonDocument::Indented)));
    return vault;
}

Result<std::shared_ptr<Vault>> Vault::open(std::shared_ptr<Location> location,
                                           const QByteArray* passphrase) {
    const QString configAddress = location->address(configObject());
    auto bytes = location->read(configObject());
    if (!bytes) {
        if (bytes.status().isNotFound())
            return Status::notFound(QStringLiteral("no vault at %1").arg(location->url()));
        return bytes.status();
    }
    QJsonParseError err{};
    QJsonDocument doc = QJsonDocument::fromJson(*bytes, &err);
    QJsonObject config = doc.object();
    if (err.error != QJsonParseError::NoError ||
        config.value(QStringLiteral("format")).toString() != QStringLiteral("tidemark-vault"))
        return Status::corruption(QStringLiteral("%1 is damaged").arg(configAddress));
    if (config.value(QStringLiteral("version")).toInt() != kFormat)
        return Status::unsupported(QStringLiteral("vault format %1 is not supported")
                                       .arg(config.value(QStringLiteral("version")).toInt()));
    auto keys = KeyRing::unlock(config.value(QStringLiteral("keys")).toObject(), passphrase);
    if (!keys)
        return keys.status();
    std::shared_ptr<Vault> vault(new Vault(std::move(location)));
    vault->vaultId_ = config.value(QStringLiteral("vault_id")).toString();
    vault->keys_ = *keys;
    if (config.value(QStringLiteral("config_tag")).toString() !=
        vault->keys_->configTag(configFields(config)))
        return Status::corruption(
            QStringLiteral("%1 was altered: its fields do not match their tag").arg(configAddress));
    if (config.contains(QStringLiteral("data_keys"))) {
        auto rotated = vault->keys_->withDataKeys(
            config.value(QStringLiteral("data_keys")).toArray(),
            quint32(config.value(QStringLiteral("current_data_key")).toInteger()));
        if (!rotated)
            return rotated.status().context(configAddress);
        vault->keys_ = *rotated;
    }
    return vault;
}

Result<std::shared_ptr<Vault>> Vault::attach(std::shared_ptr<Location> location,
                                             const Vault& same) {
    auto bytes = location->read(configObject());
    if (!bytes)
        return bytes.status().isNotFound()
                   ? Status::notFound(QStringLiteral("no vault at %1").arg(location->url()))
                   : bytes.status();
    QJsonObject config = QJsonDocument::fromJson(*bytes).object();
    if (config.value(QStringLiteral("vault_id")).toString() != same.vaultId_)
        return Status::invalidArgument(
            QStringLiteral("%1 holds another vault than this workspace's").arg(location->url()));
    std::shared_ptr<Vault> vault(new Vault(std::move(location)));
    vault->vaultId_ = same.vaultId_;
    vault->keys_ = same.keys_;
    return vault;
}

Status Vault::replaceConfig(const QJsonObject& config, const QString& version) const {
    auto replaced = location_->replaceIfUnchanged(
        configObject(), QJsonDocument(config).toJson(QJsonDocument::Indented), version);
    return replaced ? Status::ok() : replaced.status();
}

Result<Vault::StoredConfig> Vault::readConfig() const {
    // The version first: if the configuration changes before it is read, the replacement
    // compares against the older version and is refused rather than losing the change.
    auto info = location_->stat(configObject());
    if (!info)
        return info.status();
    auto bytes = location_->read(configObject());
    if (!bytes)
        return bytes.status();
    return StoredConfig{QJsonDocument::fromJson(*bytes).object(), info->version};
}

Status Vault::changePassphrase(const QByteArray& passphrase) const {
    auto section = keys_->wrapFor(passphrase);
    if (!section)
        return section.status();
    auto stored = readConfig();
    if (!stored)
        return stored.status();
    stored->config[QStringLiteral("keys")] = *section;
    return replaceConfig(stored->config, stored->version);
}

Result<std::shared_ptr<Vault>> Vault::rotateDataKey() const {
    auto stored = readConfig();
    if (!stored)
        return stored.status();
    QJsonObject& config = stored->config;
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
    TM_TRY(replaceConfig(config, stored->version));
    std::shared_ptr<Vault> vault(new Vault(location_));
    vault->vaultId_ = vaultId_;
    vault->keys_ = *keys;
    return vault;
}

Status Vault::initializeCopy(Location& location) const {
    if (Vault::existsAt(location)) {
        auto bytes = location.read(configObject());
        if (bytes &&
            QJsonDocument::fromJson(*bytes).object().value(QStringLiteral("vault_id")) != vaultId_)
            return Status::invalidArgument(
                QStringLiteral("%1 already holds another vault").arg(location.url()));
        return Status::ok();
    }
    auto config = location_->read(configObject());
    if (!config)
        return config.status();
    return location.publish(configObject(), *config);
}

QString Vault::newPackName() {
    return QString::fromLatin1(randomBytes(16).toHex());
}

QString Vault::packObject(const QString& name) {
    return QStringLiteral("packs/") + name.left(2) + QLatin1Char('/') + name +
           QStringLiteral(".pack");
}

Result<std::unique_ptr<PackReader>> Vault::openPack(const QString& name) const {
    auto reader = PackReader::open(*location_, *keys_, packObject(name), name);
    if (!reader && reader.status().isNotFound())
        return Status::notFound(QStringLiteral("pack %1 is missing from the vault").arg(name));
    return reader;
}

Result<std::shared_ptr<const PackIndex>> Vault::packIndex(const QString& name) const {
    if (auto known = indexes_->find(name))
        return known;
    auto reader = openPack(name);
    if (!reader)
        return reader.status();
    auto index = std::make_shared<const PackIndex>((*reader)->index());
    indexes_->keep(name, index);
    return std::shared_ptr<const PackIndex>(index);
}

QStringList Vault::listPacks() const {
    QStringList names;
    auto objects = location_->listNames(QStringLiteral("packs/"));
    if (!objects)
        return names;
    for (const QString& name : *objects) {
        const QString file = name.section(QLatin1Char('/'), -1);
        if (name.count(QLatin1Char('/')) == 2 && file.endsWith(QStringLiteral(".pack")))
            names << file.chopped(5);
    }
    return names;
}

QString Vault::manifestObject(const QString& databaseUuid, const QString& backupId) {
    return QStringLiteral("manifests/") + databaseUuid + QLatin1Char('/') + backupId +
           QStringLiteral(".tmm");
}

QString Vault::databaseRecordObject(const QString& uuid) {
    return QStringLiteral("databases/") + uuid + QStringLiteral(".tmd");
}

Status Vault::writeManifest(const Manifest& manifest) const {
    QByteArray sealed = manifest.seal(*keys_);
    if (sealed.isEmpty())
        return Status::failed(QStringLiteral("could not seal manifest"));
    return location_->publish(manifestObject(manifest.databaseUuid, manifest.backupId), sealed);
}

Result<Manifest> Vault::readManifest(const QString& databaseUuid, const QString& backupId) const {
    auto bytes = location_->read(manifestObject(databaseUuid, backupId));
    if (!bytes && bytes.status().isNotFound()) {
        // A full kept only as a long-term copy: same manifest, in the LTR area.
        auto copy = location_->read(QStringLiteral("ltr/") + databaseUuid + QLatin1Char('/') +
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
    auto objects = location_->listNames(QStringLiteral("manifests/"));
    if (!objects)
        return refs;
    for (const QString& name : *objects) {
        const QStringList parts = name.split(QLatin1Char('/'));
        if (parts.size() == 3 && parts[2].endsWith(QStringLiteral(".tmm")))
            refs.append({parts[1], parts[2].chopped(4)});
    }
    return refs;
}

Status Vault::writeDatabaseRecord(const QString& uuid, const QJsonObject& record) const {
    QByteArray raw = QJsonDocument(record).toJson(QJsonDocument::Compact);
    auto sealed = keys_->seal(raw, recordContext(uuid));
    if (!sealed)
        return sealed.status();
    // A record changes when its database is dropped or renamed: the one object that is replaced.
    return location_->put(databaseRecordObject(uuid), *sealed);
}

Result<QJsonObject> Vault::readDatabaseRecord(const QString& uuid) const {
    auto bytes = location_->read(databaseRecordObject(uuid));
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
    auto objects = location_->listNames(QStringLiteral("databases/"));
    if (!objects)
        return uuids;
    for (const QString& name : *objects) {
        const QStringList parts = name.split(QLatin1Char('/'));
        if (parts.size() == 2 && parts[1].endsWith(QStringLiteral(".tmd")))
            uuids << parts[1].chopped(4);
    }
    return uuids;
}

} // namespace tidemark
