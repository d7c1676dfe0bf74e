#pragma once

#include "catalog/Policy.h"
#include "catalog/Records.h"
#include "core/Crypto.h"
#include "core/SqliteDb.h"
#include "core/Status.h"
#include "vault/Manifest.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace tidemark {

// The workspace's index of the vault: databases, backups, packs and blob locations, jobs.
// SQLite in WAL mode, versioned by PRAGMA user_version. One Catalog object per thread;
// several processes may use the same catalog at once.
//
// The members are defined one table family a file (each section below names it), so a reader
// finds a table's queries by file name; the tables themselves are in CatalogSchema.cpp.
class Catalog {
public:
    static Result<std::unique_ptr<Catalog>> open(const QString& path);
    SqliteDb& db() { return db_; }

    Status begin();
    Status commit();
    void rollback();

    // Empties the index (not the settings or jobs) before a rebuild from the vault
    // (CatalogSchema.cpp, beside the tables it names).
    Status clearIndex();

    // Databases (CatalogDatabases.cpp).
    Status addDatabase(const DatabaseInfo& info);
    Status updateDatabase(const DatabaseInfo& info);
    Result<DatabaseInfo> findDatabase(const QString& name);
    Result<DatabaseInfo> databaseByUuid(const QString& uuid);
    // The most recently dropped database of that name.
    Result<DatabaseInfo> findDroppedDatabase(const QString& name);
    QList<DatabaseInfo> databases(bool includeDropped = false);

    // Backups and the packs each names (CatalogBackups.cpp).
    struct NewPack {
        QString name;
        qint64 size = 0;
        std::vector<Digest> addresses;
    };
    // Records a completed backup and the packs it wrote, in one transaction.
    Status recordBackup(const BackupInfo& backup, const std::vector<NewPack>& packs,
                        const QStringList& referencedPacks);
    // Inside a transaction the caller holds (begin/commit).
    Status insertBackup(const BackupInfo& backup);
    QList<BackupInfo> backups(const QString& databaseUuid);
    Result<BackupInfo> backup(const QString& id);
    bool hasBackup(const QString& id);
    int backupCount();
    // Retention: backups leave the index; their packs are doomed (out of the dedup index at
    // once, deleted by gc after a grace period, so a backup still running elsewhere that
    // found a blob in one of them a moment ago does not lose it).
    Status removeBackups(const QStringList& ids);
    // Which packs each backup's manifest names, so retention knows what is still needed.
    Status setBackupPacks(const QString& backupId, const QStringList& packs);
    QStringList packsOf(const QString& backupId);
    bool packReferenced(const QString& pack);
    Status removeBackupPacks(const QString& backupId);

    // Packs and the blob address index (CatalogPacks.cpp).
    Status recordPacks(const std::vector<NewPack>& packs);
    bool hasPack(const QString& name);
    // Dedup: 64-bit prefixes (as signed integers, sorted) of every indexed blob address, for a
    // fast "maybe" test before findBlob().
    std::vector<uint64_t> addressPrefixes();
    std::optional<BlobLocation> findBlob(const Digest& address);
    Status doomPack(const QString& name, qint64 nowMs);
    qint64 doomedSince(const QString& name); // -1 when not doomed
    Status forgetDoomed(const QString& name);
    // A pack found damaged or missing (by verify or a restore) leaves the dedup index, so the
    // next backups store those pages again instead of pointing at bad data.
    Status markPackDamaged(const QString& name, qint64 nowMs, const QString& reason);
    bool isPackDamaged(const QString& name);

    // Jobs (CatalogJobs.cpp).
    qint64 startJob(const QString& kind, const QString& target, qint64 startMs);
    void finishJob(qint64 id, const QString& status, qint64 endMs, const QString& message,
                   const QString& log, const QJsonObject& result = {});
    QList<JobInfo> jobs(int limit);
    // The newest backup jobs (asked for, scheduled, capture's), without logs or results: what
    // the health verdict reads on every refresh.
    QList<JobInfo> backupJobs(int limit);
    // Jobs left "running" by processes that died; returns how many were marked interrupted.
    int markInterruptedJobs(qint64 nowMs);

    // Policies and legal holds (CatalogPolicies.cpp).
    // The default policy for a database that has none stored.
    BackupPolicy policy(const QString& databaseUuid);
    Status setPolicy(const QString& databaseUuid, const BackupPolicy& policy);
    // Legal hold: -1 when none.
    qint64 holdSince(const QString& databaseUuid);
    Status setHold(const QString& databaseUuid, qint64 sinceMs); // sinceMs < 0 clears

    // Long-term retention copies (CatalogLtr.cpp).
    Status addLtr(const LtrInfo& ltr);
    QList<LtrInfo> ltrBackups(const QString& databaseUuid = {});
    Status removeLtr(const QString& id);

    // Restore drills (CatalogDrills.cpp).
    Status recordDrill(const QString& databaseUuid, qint64 pointMs, qint64 atMs, qint64 durationMs,
                       bool passed, const QString& message);
    QList<DrillInfo> drills(const QString& databaseUuid, int limit = 50);

    // Settings (CatalogSettings.cpp).
    QString setting(const QString& key, const QString& fallback = {});
    Status setSetting(const QString& key, const QString& value);

private:
    Status migrate();
    SqliteDb db_;
};

} // namespace tidemark
