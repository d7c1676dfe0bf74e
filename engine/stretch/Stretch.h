#pragma once

#include "core/JobContext.h"
#include "stretch/Migrator.h"
#include "stretch/StretchStore.h"

#include <QVariant>

#include <functional>
#include <memory>

namespace tidemark {

class Vault;
class Clock;

struct StretchTableStatus {
    QString table;
    QString predicate;
    QString remoteFile;
    qint64 localRows = 0;
    qint64 eligibleRows = 0; // local rows the predicate selects, not yet migrated
    qint64 stagingRows = 0;
    qint64 remoteRows = -1; // -1 when the remote cannot be read (not linked, unreachable)
    int batchRows = 0;
    bool paused = false;
    // not_linked, reconciling, paused, failing, migrating (eligible rows wait), up_to_date
    QString state;
    QString lastError;
};

// What the console's Stretch tab and `stretch status` show for one database.
struct StretchStatus {
    QString database;
    bool enabled = false;
    bool linked = false;
    QString remoteFile;
    QString credential;
    int rpoHours = 8;
    QString restoredFrom;
    qint64 restoredToMs = -1;
    QString note; // why it is not linked
    QList<StretchTableStatus> tables;
    ReconciliationReport reconciliation;
    QList<RemoteSnapshot> snapshots;
    QList<BatchStatus> recentBatches;
};

struct MigrationReport {
    int batches = 0;
    qint64 rows = 0;
    int recovered = 0; // batches a crash had left half-done, finished now
    qint64 purgedStaging = 0;
};

struct StretchQueryResult {
    QStringList columns;
    QList<QVariantList> rows;
};

// Stretch tables: cold rows of a protected database's tables live on a remote endpoint.
// The one engine entry point for the CLI, the console and the agent. `catalog` is the calling
// thread's connection.
class Stretch {
public:
    Stretch(const Vault& vault, const Clock& clock, Catalog& catalog);

    Status createCredential(const QString& name, const QByteArray& secret);
    // Enables (or changes the predicate of) a stretch table. `remoteDir` holds the endpoint.
    Status enable(const QString& database, const QString& table, const QString& predicate,
                  const QString& remoteDir, const QString& credential, int batchRows);
    // Runs pending batches now: every eligible row, or at most `maxBatches` batches (> 0).
    Result<MigrationReport> migrate(const QString& database, int maxBatches, JobContext& job);
    Status setPaused(const QString& database, const QString& table, bool paused);
    Result<int> rpoHours(const QString& database);
    Status setRpoHours(const QString& database, int hours);
    // How reauthorize treats an endpoint another registered database is still linked to.
    enum class Endpoint {
        Relink,   // refused while another database is linked to the endpoint
        WithCopy, // link to a copy of the endpoint; the other database keeps its link
        TakeOver, // take the endpoint; the other database is unlinked until reauthorized
    };
    // Links a database (a restored copy, or one whose endpoint was restored) to its remote
    // endpoint again, or to a copy of it; reconciliation is then pending.
    Status reauthorize(const QString& database, const QString& credential, Endpoint endpoint);
    Result<ReconciliationReport> reconcile(const QString& database, JobContext& job);
    Result<StretchStatus> status(const QString& database);
    // Read-only SQL over local plus remote rows of the stretch tables.
    Result<StretchQueryResult> query(const QString& database, const QString& sql);
    Result<RemoteSnapshot> snapshot(const QString& database);
    Result<QList<RemoteSnapshot>> snapshots(const QString& database);
    // Replaces the remote endpoint with a snapshot; the database is then not linked until
    // reauthorized (which reconciles).
    Status restoreRemote(const QString& database, const QString& snapshotId);

    // The agent's pass: pending reconciliations, migration batches, staging purge, remote
    // snapshots. Returns when it wants to run again.
    qint64 runPass(const std::function<void(const QString&)>& log);

    // Called when `newUuid` was restored from `sourceUuid`: the copy keeps the stretch
    // configuration but is not linked.
    static Status noteRestore(Catalog& catalog, const QString& sourceUuid,
                              const QString& sourceName, const QString& newUuid,
                              qint64 restoredToMs);

    static constexpr int kMinRpoHours = 8;

private:
    struct Session;
    Result<std::unique_ptr<Session>> openSession(const QString& database, bool readOnly,
                                                 bool needRemote);
    Status migrateSession(Session& s, int maxBatches, JobContext& job, MigrationReport& report);
    Status reconcileSession(Session& s, JobContext& job, ReconciliationReport& report);
    Result<QByteArray> secret(const QString& credential);
    // Refuses to relink `db` to `endpoint` while another registered database is linked to it.
    Status refuseLiveEndpoint(const DatabaseInfo& db, const QString& endpoint);

    const Vault& vault_;
    const Clock& clock_;
    Catalog& catalog_;
    StretchStore store_;
};

} // namespace tidemark
