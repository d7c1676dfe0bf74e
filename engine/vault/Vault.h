#pragma once

#include "vault/KeyRing.h"
#include "vault/Location.h"
#include "vault/Manifest.h"
#include "vault/Pack.h"
#include "vault/PackIndexCache.h"

#include <QJsonObject>

#include <memory>

namespace tidemark {

struct ManifestRef {
    QString databaseUuid;
    QString backupId;
};

// One vault on one storage location (a Location: a folder, or an object-store container):
//   tidemark-vault.json          format, vault id, key material (wrapped master key)
//   packs/XX/NAME.pack           immutable packs of page blobs
//   manifests/DBUUID/ID.tmm      one sealed manifest per completed backup
//   databases/DBUUID.tmd         sealed record of each protected database
// The vault is the source of truth; the catalog is an index rebuilt from it.
// Thread-safe after open: all members are immutable, objects are written once.
class Vault {
public:
    static Result<std::shared_ptr<Vault>> create(std::shared_ptr<Location> location,
                                                 const QByteArray* passphrase);
    static Result<std::shared_ptr<Vault>> open(std::shared_ptr<Location> location,
                                               const QByteArray* passphrase);
    static bool existsAt(Location& location);
    // Another location of the same vault (a zone, a copy, the geo secondary), read with keys
    // already unlocked. Refuses a location that holds a different vault.
    static Result<std::shared_ptr<Vault>> attach(std::shared_ptr<Location> location,
                                                 const Vault& same);
    // Rewrites the key material for a new passphrase (durably, in every mirrored copy).
    Status changePassphrase(const QByteArray& passphrase) const;
    // Starts a new random data key for everything sealed from now on; objects sealed before
    // keep opening with their own key. Writes the configuration durably (in every mirrored
    // copy) and returns this vault with the new key in use.
    Result<std::shared_ptr<Vault>> rotateDataKey() const;
    // Makes `location` a location of this vault: its key material.
    Status initializeCopy(Location& location) const;

    Location& location() const { return *location_; }
    const KeyRing& keys() const { return *keys_; }
    // Where the vault lives, as the user recognises it (a folder path or a URL).
    QString root() const { return location_->url(); }
    const QString& vaultId() const { return vaultId_; }
    bool encrypted() const { return keys_->encrypted(); }
    // The vault layout this build writes and reads (the configuration's "version").
    static constexpr int kFormat = 1;
    static QString configObject() { return QStringLiteral("tidemark-vault.json"); }
    QString configFile() const { return location_->address(configObject()); }

    static QString packObject(const QString& name);
    // Full addresses, for messages (and for tests that damage a folder's files on purpose).
    QString packPath(const QString& name) const { return location_->address(packObject(name)); }
    static QString newPackName();
    // A writer that publishes pack `name` into this vault's location.
    PackWriter packWriter(const QString& name) const {
        return PackWriter(*location_, packObject(name), name);
    }
    Result<std::unique_ptr<PackReader>> openPack(const QString& name) const;
    // A pack's index, read from the location once per process (packs never change).
    Result<std::shared_ptr<const PackIndex>> packIndex(const QString& name) const;
    // Keeps the index of a pack this process just published, so the next backup reads none.
    void rememberPackIndex(const QString& name, const PackIndex& index) const {
        indexes_->keep(name, std::make_shared<const PackIndex>(index));
    }
    QStringList listPacks() const;

    Status writeManifest(const Manifest& manifest) const;
    Result<Manifest> readManifest(const QString& databaseUuid, const QString& backupId) const;
    static QString manifestObject(const QString& databaseUuid, const QString& backupId);
    QString manifestPath(const QString& databaseUuid, const QString& backupId) const {
        return location_->address(manifestObject(databaseUuid, backupId));
    }
    QList<ManifestRef> listManifests() const;

    static QString databaseRecordObject(const QString& uuid);
    Status writeDatabaseRecord(const QString& uuid, const QJsonObject& record) const;
    Result<QJsonObject> readDatabaseRecord(const QString& uuid) const;
    QStringList listDatabaseRecords() const;

private:
    explicit Vault(std::shared_ptr<Location> location) : location_(std::move(location)) {}
    struct StoredConfig {
        QJsonObject config;
        QString version;
    };
    Result<StoredConfig> readConfig() const;
    // Writes the configuration in place of the one whose version is `version`.
    Status replaceConfig(const QJsonObject& config, const QString& version) const;
    std::shared_ptr<Location> location_;
    QString vaultId_;
    std::shared_ptr<KeyRing> keys_;
    std::shared_ptr<PackIndexCache> indexes_ = std::make_shared<PackIndexCache>();
};

} // namespace tidemark
