#pragma once

#include "backup/BackupEngine.h"
#include "catalog/Catalog.h"
#include "catalog/RestorePlanner.h"
#include "core/Clock.h"
#include "core/JobContext.h"
#include "core/WorkerPool.h"
#include "restore/CommitPlanner.h"
#include "restore/RestorePlan.h"
#include "restore/Restorer.h"
#include "restore/Verifier.h"
#include "retention/Replicator.h"
#include "stretch/Stretch.h"
#include "vault/Location.h"
#include "vault/Locations.h"
#include "vault/Redundancy.h"
#include "vault/Vault.h"
#include "workspace/LocationStatus.h"

#include <memory>

namespace tidemark {

// A workspace folder: workspace.json (where the vault lives), catalog.db, and the vault.
// The one entry point the CLI and the console share: every operation here is the engine's.
// The object is used from one thread; jobs on other threads open their own Catalog.
class Workspace {
public:
    static Result<std::unique_ptr<Workspace>> create(const QString& dir, const QString& location,
                                                     const QByteArray* passphrase,
                                                     std::shared_ptr<const Clock> clock);
    // `locations` opens each location named in `redundancy` (by default: openLocation).
    static Result<std::unique_ptr<Workspace>>
    create(const QString& dir, RedundancyConfig redundancy, const QByteArray* passphrase,
           std::shared_ptr<const Clock> clock, LocationOpener locations = {});
    // `fs` is the local file seam (folder locations, restored files); tests pass one that fails
    // on purpose. `locations` replaces how locations are opened (tests keep them in memory).
    static Result<std::unique_ptr<Workspace>> open(const QString& dir, const QByteArray* passphrase,
                                                   std::shared_ptr<const Clock> clock,
                                                   FileSystem& fs = FileSystem::posix(),
                                                   LocationOpener locations = {});
    static bool existsAt(const QString& dir);

    const QString& dir() const { return dir_; }
    QString catalogPath() const { return dir_ + QStringLiteral("/catalog.db"); }
    const Vault& vault() const { return *vault_; }
    // The local file seam (restored databases, scratch files); the vault goes through its
    // locations.
    FileSystem& files() const { return *files_; }
    // The backups of a database whose manifests have reached the geo secondary, oldest first.
    Result<QList<BackupInfo>> replicatedBackups(const QString& databaseUuid) const;
    // How far the geo secondary trails the primary (nothing copied); NotFound without one.
    Result<ReplicationStatus> replicationLag(Catalog& catalog) const;
    // Each location (primary, synchronous copies, geo secondary): kind, reachability, lag.
    // Asks every location once; safe on another thread with that thread's catalog while the
    // redundancy stays as it is.
    QList<LocationStatus> locationStatus(Catalog& catalog) const;
    Catalog& catalog() { return *catalog_; }
    const Clock& clock() const { return *clock_; }
    WorkerPool& pool() { return *pool_; }
    Result<std::unique_ptr<Catalog>> openCatalog() const { return Catalog::open(catalogPath()); }
    // Stretch tables of this workspace, through the calling thread's catalog connection.
    Stretch stretch(Catalog& catalog) const { return Stretch(vault(), clock(), catalog); }

    const RedundancyConfig& redundancy() const { return redundancy_; }
    // Empty when healthy; otherwise why the workspace reads from a copy.
    const QString& degraded() const { return degraded_; }
    // Applies to future backups; new locations get the vault's key material at once.
    Status setRedundancy(RedundancyConfig next);
    // The residency policy: no geo-redundant backups.
    Status setDenyGeo(bool deny);
    Result<ReplicationStatus> replicate(Catalog& catalog);

    // `maxSize` is the free backup allowance in bytes; -1 takes the file's size rounded up to a
    // whole GiB (at least 1 GiB).
    // `warning` receives what the user should know about a file accepted as it is (no tables).
    Result<DatabaseInfo> addDatabase(const QString& name, const QString& file, qint64 maxSize,
                                     QString* warning = nullptr);
    Result<DatabaseInfo> addDatabase(Catalog& catalog, const QString& name, const QString& file,
                                     qint64 maxSize, QString* warning = nullptr);
    // Stops protecting a database: a final log backup (when its file is still there), then the
    // drop time in the vault's record and the catalog. Its backups stay under retention.
    Result<DatabaseInfo> dropDatabase(Catalog& catalog, const QString& name, JobContext& job);
    // Wraps the master key under a new passphrase everywhere the vault lives (the geo
    // secondary gets it with the next replication).
    Status changePassphrase(const QByteArray& passphrase);
    // Starts a new data key for everything sealed from now on (old backups keep theirs);
    // returns its id. Every location gets the new key list.
    Result<quint32> rotateDataKey();
    // The free backup allowance, from now on (earlier hours keep theirs).
    Status setMaxSize(const QString& name, qint64 maxSize);
    // Validates and stores a policy, in the vault's database record first, then the catalog.
    Status setPolicy(const QString& name, const BackupPolicy& policy);

    // The operations. `catalog` is the calling thread's connection.
    // With `atBarrier` (continuous capture runs for the database) the backup is tied to the
    // commit its snapshot holds.
    Result<BackupInfo> backup(Catalog& catalog, const DatabaseInfo& database, BackupType type,
                              JobContext& job, const BarrierHook& atBarrier = {});
    Result<RestoreOutcome> restoreToPoint(Catalog& catalog, const QString& name, qint64 pointMs,
                                          const QString& newName, const QString& file,
                                          JobContext& job, bool dropped = false);
    // A single captured commit (see `backups NAME --commits`).
    Result<RestoreOutcome> restoreToCommit(Catalog& catalog, const QString& name, qint64 commit,
                                           const QString& newName, const QString& file,
                                           JobContext& job, bool dropped = false);
    // The database's restore window, commit-exact where capture ran, and its capture gaps.
    struct Restorable {
        RestoreWindow window;
        QList<CaptureGap> gaps;
        std::optional<CommitPoint> latestCommit;
        // The most a loss of this machine could cost: captured commits reach the vault within
        // the sync interval (SyncInterval.h); without capture, backups come every log interval.
        qint64 rpoMs = -1;
    };
    Restorable restorable(Catalog& catalog, const DatabaseInfo& database) const;
    // How a point in time resolves, without restoring: to a captured commit (the last one at
    // or before it) or to a backup point. Restores and the console's wizard both ask this.
    struct PointPlan {
        qint64 commit = -1;        // >= 0: a commit-exact restore
        qint64 stateMs = -1;       // the instant of the state restored
        QList<BackupInfo> backups; // applied, in order (for a commit: base chain and logs)
        int segments = 0;          // captured commits not yet folded into a log backup
    };
    Result<PointPlan> planPoint(Catalog& catalog, const DatabaseInfo& database, qint64 pointMs,
                                bool dropped = false) const;
    // The newest backup whose whole chain has reached the secondary (no point in time).
    Result<RestoreOutcome> restoreGeo(Catalog& catalog, const QString& name, const QString& newName,
                                      const QString& file, JobContext& job);
    Result<RestoreOutcome> restoreLtr(Catalog& catalog, const QString& ltrId,
                                      const QString& newName, const QString& file, JobContext& job);
    // Turns a restore request into its plan, or a plan refused with the reason (a point
    // outside the window restorable() reports, in a capture gap, or needing backups verify
    // found unusable). Reads the catalog and the manifests it needs; writes nothing.
    RestorePlan planRestore(Catalog& catalog, const RestoreRequest& request) const;
    // Runs exactly `plan`: its backups, to its state, into its new file. Every restore above
    // is a request planned and run through here.
    Result<RestoreOutcome> restore(Catalog& catalog, const RestorePlan& plan, JobContext& job);
    // The newest instant whose plan is not refused; -1 when nothing can be restored.
    qint64 latestRestorablePoint(Catalog& catalog, const DatabaseInfo& database) const;
    VerifyReport verify(Catalog& catalog, const QString& databaseUuid, JobContext& job);

private:
    Workspace() = default;
    Status checkNewName(Catalog& catalog, const QString& newName) const;
    VaultCopies copiesOfVault() const;
    Status copyConfigToSecondary() const;
    static Status writeConfig(const QString& dir, const RedundancyConfig& redundancy,
                              const QString& vaultId);
    // Gives each synchronous copy and the geo secondary the vault's key material.
    static Status initializeCopies(const Vault& vault, const RedundancyConfig& redundancy,
                                   const LocationOpener& locations);
    // The primary, mirrored onto the synchronous copies when there are any.
    std::shared_ptr<Location> vaultLocation() const;
    // Registers a restored file; a restored stretch database is recorded as not linked.
    void registerRestored(Catalog& catalog, const QString& newName, const QString& file,
                          const DatabaseInfo& source, qint64 restoredToMs, JobContext& job);
    // Runs a restore, heals packs found damaged from redundant copies and tries once more,
    // and registers the new database.
    Result<RestoreOutcome> runRestore(Catalog& catalog, const DatabaseInfo& source,
                                      const QString& newName, JobContext& job,
                                      const std::function<Result<RestoreOutcome>(Restorer&)>& run);
    void planInstant(Catalog& catalog, RestorePlan& plan) const;
    void planCommit(Catalog& catalog, RestorePlan& plan) const;
    void planGeo(Catalog& catalog, RestorePlan& plan) const;
    void planLtr(Catalog& catalog, RestorePlan& plan) const;
    Result<RestoreOutcome> restoreFromSecondary(Catalog& catalog, const RestorePlan& plan,
                                                JobContext& job);
    QString dir_;
    RedundancyConfig redundancy_;
    QString degraded_;
    Status openLocations(const RedundancyConfig& redundancy);
    FileSystem* files_ = nullptr;
    LocationOpener locations_;
    // The primary on its own (not mirrored): healing checks its own copy of each object.
    std::shared_ptr<Location> primary_;
    std::vector<std::shared_ptr<Location>> replicas_;
    std::shared_ptr<Location> secondary_;
    std::shared_ptr<Vault> vault_;
    std::unique_ptr<Catalog> catalog_;
    std::shared_ptr<const Clock> clock_;
    std::unique_ptr<WorkerPool> pool_;
};

} // namespace tidemark
