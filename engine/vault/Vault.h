#pragma once

#include "core/FileSystem.h"
#include "vault/KeyRing.h"
#include "vault/Manifest.h"
#include "vault/Pack.h"

#include <QJsonObject>

#include <memory>

namespace tidemark {

struct ManifestRef {
    QString databaseUuid;
    QString backupId;
};

// One vault on one storage location (a folder or mount point):
//   tidemark-vault.json          format, vault id, key material (wrapped master key)
//   packs/XX/NAME.pack           immutable packs of page blobs
//   manifests/DBUUID/ID.tmm      one sealed manifest per completed backup
//   databases/DBUUID.tmd         sealed record of each protected database
// The vault is the source of truth; the catalog is an index rebuilt from it.
// Thread-safe after open: all members are immutable, files are written once.
class Vault {
public:
    static Result<std::shared_ptr<Vault>> create(FileSystem& fs, const QString& root,
                                                 const QByteArray* passphrase);
    static Result<std::shared_ptr<Vault>> open(FileSystem& fs, const QString& root,
                                               const QByteArray* passphrase);
    static bool existsAt(const QString& root);
    // Another location of the same vault (a zone, a copy, the geo secondary), read with keys
    // already unlocked. Refuses a folder that holds a different vault.
    static Result<std::shared_ptr<Vault>> attach(FileSystem& fs, const QString& root,
                                                 const Vault& same);
    // Rewrites the key material for a new passphrase (durably, in every mirrored copy).
    Status changePassphrase(const QByteArray& passphrase) const;
    // Starts a new random data key for everything sealed from now on; objects sealed before
    // keep opening with their own key. Writes the configuration durably (in every mirrored
    // copy) and returns this vault with the new key in use.
    Result<std::shared_ptr<Vault>> rotateDataKey() const;
    // Makes `root` a location of this vault: its folders and its key material.
    Status initializeCopy(FileSystem& fs, const QString& root) const;

    FileSystem& fs() const { return fs_; }
    const KeyRing& keys() const { return *keys_; }
    const QString& root() const { return root_; }
    const QString& vaultId() const { return vaultId_; }
    bool encrypted() const { return keys_->encrypted(); }
    QString configFile() const { return root_ + QStringLiteral("/tidemark-vault.json"); }

    QString packsDir() const { return root_ + QStringLiteral("/packs"); }
    QString packPath(const QString& name) const { return PackWriter::pathFor(packsDir(), name); }
    static QString newPackName();
    Result<std::unique_ptr<PackReader>> openPack(const QString& name) const;
    QStringList listPacks() const;

    Status writeManifest(const Manifest& manifest) const;
    Result<Manifest> readManifest(const QString& databaseUuid, const QString& backupId) const;
    QString manifestPath(const QString& databaseUuid, const QString& backupId) const;
    QList<ManifestRef> listManifests() const;

    Status writeDatabaseRecord(const QString& uuid, const QJsonObject& record) const;
    Result<QJsonObject> readDatabaseRecord(const QString& uuid) const;
    QStringList listDatabaseRecords() const;

private:
    Vault(FileSystem& fs, QString root) : fs_(fs), root_(std::move(root)) {}
    FileSystem& fs_;
    QString root_;
    QString vaultId_;
    std::shared_ptr<KeyRing> keys_;
};

} // namespace tidemark
