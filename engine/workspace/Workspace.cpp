// Opening and creating a workspace, its configuration, its locations and keys.
#include "workspace/Workspace.h"

#include "retention/Replicator.h"
#include "vault/Locations.h"
#include "vault/MirroredLocation.h"
#include "workspace/CatalogSync.h"
#include "workspace/StorageCredentials.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace tidemark {
namespace {
const QString kWorkspaceFile = QStringLiteral("workspace.json");

Result<QJsonObject> readConfig(const QString& dir) {
    auto bytes = FileSystem::posix().readFile(dir + QLatin1Char('/') + kWorkspaceFile);
    if (!bytes) {
        if (bytes.status().isNotFound())
            return Status::notFound(
                QStringLiteral("%1 is not a Tidemark workspace (run 'tidemark-cli init' first)")
                    .arg(dir));
        return bytes.status();
    }
    QJsonDocument doc = QJsonDocument::fromJson(*bytes);
    if (!doc.isObject() || doc.object().value(QStringLiteral("format")).toString() !=
                               QStringLiteral("tidemark-workspace"))
        return Status::corruption(QStringLiteral("%1/%2 is damaged").arg(dir, kWorkspaceFile));
    return doc.object();
}

} // namespace

bool Workspace::existsAt(const QString& dir) {
    return QFileInfo::exists(dir + QLatin1Char('/') + kWorkspaceFile);
}

Result<std::unique_ptr<Workspace>> Workspace::create(const QString& dirIn, const QString& location,
                                                     const QByteArray* passphrase,
                                                     std::shared_ptr<const Clock> clock) {
    RedundancyConfig redundancy;
    if (!location.isEmpty())
        redundancy.locations << location;
    return create(dirIn, redundancy, passphrase, std::move(clock));
}

Result<std::unique_ptr<Workspace>>
Workspace::create(const QString& dirIn, RedundancyConfig redundancy, const QByteArray* passphrase,
                  std::shared_ptr<const Clock> clock, LocationOpener locations) {
    QString dir = QDir(dirIn).absolutePath();
    if (existsAt(dir))
        return Status::alreadyExists(QStringLiteral("%1 is already a workspace").arg(dir));
    if (redundancy.locations.isEmpty())
        redundancy.locations << dir + QStringLiteral("/vault");
    for (QString& l : redundancy.locations)
        l = normalizeLocation(l);
    redundancy.secondary = normalizeLocation(redundancy.secondary);
    TM_TRY(redundancy.validate());
    FileSystem& fs = FileSystem::posix();
    TM_TRY(fs.makeDirs(dir));
    if (!locations)
        locations = [files = &fs](const QString& spec) { return openLocation(spec, *files); };
    auto primary = locations(redundancy.primary());
    if (!primary)
        return primary.status();
    std::shared_ptr<Vault> vault;
    if (Vault::existsAt(**primary)) {
        // Joining an existing vault (a new machine, or a rebuilt workspace).
        auto opened = Vault::open(*primary, passphrase);
        if (!opened)
            return opened.status();
        vault = *opened;
    } else {
        auto created = Vault::create(*primary, passphrase);
        if (!created)
            return created.status();
        vault = *created;
    }
    TM_TRY(initializeCopies(*vault, redundancy, locations));
    TM_TRY(writeConfig(dir, redundancy, vault->vaultId()));
    return open(dir, passphrase, std::move(clock), fs, locations);
}

Status Workspace::initializeCopies(const Vault& vault, const RedundancyConfig& redundancy,
                                   const LocationOpener& locations) {
    QStringList copies = redundancy.synchronousReplicas();
    if (redundancy.geo())
        copies << redundancy.secondary;
    for (const QString& spec : copies) {
        auto location = locations(spec);
        if (!location)
            return location.status();
        TM_TRY(vault.initializeCopy(**location));
    }
    return Status::ok();
}

Status Workspace::writeConfig(const QString& dir, const RedundancyConfig& redundancy,
                              const QString& vaultId) {
    QJsonObject config = redundancy.toJson();
    config[QStringLiteral("format")] = QStringLiteral("tidemark-workspace");
    config[QStringLiteral("version")] = 1;
    config[QStringLiteral("vault_id")] = vaultId;
    return writeFileDurably(FileSystem::posix(), dir + QLatin1Char('/') + kWorkspaceFile,
                            QJsonDocument(config).toJson(QJsonDocument::Indented));
}

Status Workspace::openLocations(const RedundancyConfig& redundancy) {
    auto primary = locations_(redundancy.primary());
    if (!primary)
        return primary.status();
    std::vector<std::shared_ptr<Location>> replicas;
    for (const QString& spec : redundancy.synchronousReplicas()) {
        auto replica = locations_(spec);
        if (!replica)
            return replica.status();
        replicas.push_back(*replica);
    }
    std::shared_ptr<Location> secondary;
    if (redundancy.geo()) {
        auto opened = locations_(redundancy.secondary);
        if (!opened)
            return opened.status();
        secondary = *opened;
    }
    primary_ = *primary;
    replicas_ = std::move(replicas);
    secondary_ = std::move(secondary);
    return Status::ok();
}

std::shared_ptr<Location> Workspace::vaultLocation() const {
    if (replicas_.empty())
        return primary_;
    return std::make_shared<MirroredLocation>(primary_, replicas_);
}

Result<std::unique_ptr<Workspace>> Workspace::open(const QString& dirIn,
                                                   const QByteArray* passphrase,
                                                   std::shared_ptr<const Clock> clock,
                                                   FileSystem& fs, LocationOpener locations) {
    QString dir = QDir(dirIn).absolutePath();
    auto config = readConfig(dir);
    if (!config)
        return config.status();
    RedundancyConfig redundancy = RedundancyConfig::fromJson(*config);
    if (redundancy.locations.isEmpty())
        return Status::corruption(QStringLiteral("the workspace names no vault location"));
    std::unique_ptr<Workspace> ws(new Workspace);
    ws->redundancy_ = redundancy;
    ws->files_ = &fs;
    if (locations) {
        ws->locations_ = std::move(locations);
    } else {
        // Stored account credentials open before any location: the vault may live on one.
        auto secrets = StorageCredentials::load(dir, passphrase);
        if (!secrets)
            return secrets.status();
        ws->locations_ = [files = &fs, secrets = *secrets](const QString& spec) {
            return openLocation(spec, *files, secrets);
        };
    }
    TM_TRY(ws->openLocations(redundancy));
    auto vault = Vault::open(ws->vaultLocation(), passphrase);
    if (!vault && vault.status().isNotFound()) {
        // The primary location is gone: open the first surviving copy, read-only, so restores
        // (and geo-restore) still work. Backups are refused until the primary is back.
        std::vector<std::shared_ptr<Location>> survivors = ws->replicas_;
        if (ws->secondary_)
            survivors.push_back(ws->secondary_);
        for (const auto& survivor : survivors) {
            auto copy = Vault::open(survivor, passphrase);
            if (copy) {
                vault = copy;
                ws->degraded_ = QStringLiteral("the primary location %1 is unavailable; reading "
                                               "from %2")
                                    .arg(redundancy.primary(), survivor->url());
                break;
            }
        }
    }
    if (!vault)
        return vault.status();
    auto catalog = Catalog::open(dir + QStringLiteral("/catalog.db"));
    if (!catalog)
        return catalog.status();
    ws->dir_ = dir;
    ws->vault_ = *vault;
    ws->catalog_ = std::move(*catalog);
    ws->clock_ = std::move(clock);
    ws->pool_ = std::make_unique<WorkerPool>(std::max(2u, std::thread::hardware_concurrency()));
    // A crash after a manifest became durable but before the catalog was written leaves a
    // backup only the vault knows; take it in now.
    auto synced = syncCatalogFromVault(*ws->vault_, *ws->catalog_);
    if (!synced)
        return synced.status();
    ws->catalog_->markInterruptedJobs(ws->clock_->nowMs());
    return ws;
}

Status Workspace::setRedundancy(RedundancyConfig next) {
    next.denyGeo = redundancy_.denyGeo;
    for (QString& l : next.locations)
        l = normalizeLocation(l);
    if (next.locations.isEmpty())
        next.locations = QStringList{redundancy_.primary()};
    if (next.locations.first() != redundancy_.primary())
        return Status::invalidArgument(
            QStringLiteral("the primary location stays %1; name it first")
                .arg(redundancy_.primary()));
    next.secondary = normalizeLocation(next.secondary);
    TM_TRY(next.validate());
    TM_TRY(initializeCopies(*vault_, next, locations_));
    TM_TRY(writeConfig(dir_, next, vault_->vaultId()));
    // Future writes go to the new set of locations.
    redundancy_ = next;
    TM_TRY(openLocations(next));
    auto reopened = Vault::attach(vaultLocation(), *vault_);
    if (!reopened)
        return reopened.status();
    vault_ = *reopened;
    return Status::ok();
}

Status Workspace::setDenyGeo(bool deny) {
    if (deny && redundancy_.geo())
        return Status::invalidArgument(
            QStringLiteral(
                "the workspace uses %1, which is geo-redundant: switch to LRS or ZRS before "
                "denying geo-redundant backups")
                .arg(redundancyName(redundancy_.kind)));
    redundancy_.denyGeo = deny;
    return writeConfig(dir_, redundancy_, vault_->vaultId());
}

Status Workspace::changePassphrase(const QByteArray& passphrase) {
    TM_TRY(vault_->changePassphrase(passphrase));
    TM_TRY(StorageCredentials::followPassphrase(dir_, *vault_));
    return copyConfigToSecondary();
}

Status Workspace::copyConfigToSecondary() const {
    if (secondary_ && Vault::existsAt(*secondary_)) {
        auto bytes = vault_->location().read(Vault::configObject());
        if (bytes)
            TM_TRY(secondary_->put(Vault::configObject(), *bytes));
    }
    return Status::ok();
}

Result<quint32> Workspace::rotateDataKey() {
    if (!degraded_.isEmpty())
        return Status::failed(
            QStringLiteral("the data key cannot be rotated while %1").arg(degraded_));
    auto rotated = vault_->rotateDataKey();
    if (!rotated)
        return rotated.status();
    vault_ = *rotated;
    TM_TRY(copyConfigToSecondary());
    return vault_->keys().currentDataKey();
}

Result<ReplicationStatus> Workspace::replicate(Catalog& catalog) {
    if (!redundancy_.geo())
        return Status::invalidArgument(
            QStringLiteral("%1 has no secondary location to replicate to")
                .arg(redundancyName(redundancy_.kind)));
    return replicateToSecondary(*vault_, *secondary_, catalog, clock_->nowMs());
}

Result<ReplicationStatus> Workspace::replicationLag(Catalog& catalog) const {
    if (!secondary_)
        return Status::notFound(QStringLiteral("no secondary location"));
    return replicationStatus(*secondary_, catalog, clock_->nowMs());
}

VaultCopies Workspace::copiesOfVault() const {
    VaultCopies copies;
    if (auto own = Vault::attach(primary_, *vault_))
        copies.own = *own;
    for (const auto& replica : replicas_) {
        if (auto c = Vault::attach(replica, *vault_))
            copies.synchronous << *c;
    }
    if (secondary_) {
        if (auto c = Vault::attach(secondary_, *vault_))
            copies.sources << *c;
    }
    return copies;
}

} // namespace tidemark
