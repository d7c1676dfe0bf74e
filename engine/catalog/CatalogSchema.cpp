// The catalog's tables, as the list of migrations that build them one version at a time, and
// the upgrade that runs them when a catalog is opened.
#include "catalog/Catalog.h"

#include <iterator>

namespace tidemark {
namespace {

// Each entry upgrades the schema by one version. Never edit a shipped entry; append.
const char* const kMigrations[] = {
    R"sql(
    CREATE TABLE databases(
        uuid TEXT PRIMARY KEY, name TEXT NOT NULL, file TEXT NOT NULL,
        max_size INTEGER NOT NULL, added_ms INTEGER NOT NULL, dropped_ms INTEGER,
        journal_mode TEXT, page_size INTEGER);
    CREATE UNIQUE INDEX databases_live_name ON databases(name) WHERE dropped_ms IS NULL;
    CREATE TABLE backups(
        id TEXT PRIMARY KEY, database_uuid TEXT NOT NULL, type TEXT NOT NULL,
        requested_type TEXT NOT NULL, base_id TEXT, full_id TEXT,
        start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, snapshot_ms INTEGER NOT NULL,
        page_size INTEGER NOT NULL, page_count INTEGER NOT NULL, logical_hash TEXT,
        logical_bytes INTEGER NOT NULL, stored_bytes INTEGER NOT NULL,
        status TEXT NOT NULL, note TEXT);
    CREATE INDEX backups_by_database ON backups(database_uuid, snapshot_ms);
    CREATE TABLE packs(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, size INTEGER NOT NULL);
    CREATE TABLE blobs(prefix INTEGER PRIMARY KEY, address BLOB NOT NULL,
        pack_id INTEGER NOT NULL, blob INTEGER NOT NULL);
    CREATE TABLE jobs(
        id INTEGER PRIMARY KEY, kind TEXT NOT NULL, target TEXT, start_ms INTEGER NOT NULL,
        end_ms INTEGER, status TEXT NOT NULL, message TEXT, log TEXT);
    CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT);
    )sql",
    R"sql(
    CREATE TABLE policies(database_uuid TEXT PRIMARY KEY, policy TEXT NOT NULL);
    CREATE TABLE doomed_packs(name TEXT PRIMARY KEY, since_ms INTEGER NOT NULL);
    CREATE TABLE backup_packs(backup_id TEXT NOT NULL, pack TEXT NOT NULL,
        PRIMARY KEY(backup_id, pack)) WITHOUT ROWID;
    CREATE INDEX backup_packs_by_pack ON backup_packs(pack);
    INSERT OR REPLACE INTO settings(key, value) VALUES('pack_references', 'pending');
    )sql",
    R"sql(
    CREATE TABLE ltr_backups(
        id TEXT PRIMARY KEY, database_uuid TEXT NOT NULL, database_name TEXT NOT NULL,
        snapshot_ms INTEGER NOT NULL, kinds TEXT NOT NULL, expires_ms INTEGER NOT NULL,
        immutable_until_ms INTEGER NOT NULL, stored_bytes INTEGER NOT NULL,
        page_size INTEGER NOT NULL, page_count INTEGER NOT NULL, logical_hash TEXT);
    CREATE TABLE holds(database_uuid TEXT PRIMARY KEY, since_ms INTEGER NOT NULL);
    )sql",
    R"sql(
    CREATE TABLE damaged_packs(name TEXT PRIMARY KEY, since_ms INTEGER NOT NULL, reason TEXT);
    ALTER TABLE jobs ADD COLUMN pid INTEGER;
    ALTER TABLE jobs ADD COLUMN host TEXT;
    )sql",
    R"sql(
    CREATE TABLE usage_hourly(
        database_uuid TEXT NOT NULL, hour_ms INTEGER NOT NULL, database_name TEXT NOT NULL,
        redundancy TEXT NOT NULL, full_bytes INTEGER NOT NULL, diff_bytes INTEGER NOT NULL,
        log_bytes INTEGER NOT NULL, ltr_bytes INTEGER NOT NULL, max_data_bytes INTEGER NOT NULL,
        billable_bytes INTEGER NOT NULL, PRIMARY KEY(database_uuid, hour_ms)) WITHOUT ROWID;
    CREATE TABLE usage_rollup(
        period TEXT NOT NULL, database_uuid TEXT NOT NULL, redundancy TEXT NOT NULL,
        database_name TEXT NOT NULL, hours INTEGER NOT NULL, full_bh REAL NOT NULL,
        diff_bh REAL NOT NULL, log_bh REAL NOT NULL, ltr_bh REAL NOT NULL,
        max_data_bh REAL NOT NULL, billable_bh REAL NOT NULL,
        PRIMARY KEY(period, database_uuid, redundancy)) WITHOUT ROWID;
    )sql",
    R"sql(
    CREATE TABLE drills(
        id INTEGER PRIMARY KEY, database_uuid TEXT NOT NULL, point_ms INTEGER NOT NULL,
        at_ms INTEGER NOT NULL, duration_ms INTEGER NOT NULL, passed INTEGER NOT NULL,
        message TEXT);
    )sql",
    R"sql(
    ALTER TABLE backups ADD COLUMN first_commit INTEGER NOT NULL DEFAULT -1;
    ALTER TABLE backups ADD COLUMN last_commit INTEGER NOT NULL DEFAULT -1;
    ALTER TABLE backups ADD COLUMN gap_from_ms INTEGER NOT NULL DEFAULT -1;
    ALTER TABLE backups ADD COLUMN gap_reason TEXT NOT NULL DEFAULT '';
    CREATE TABLE capture_state(
        database_uuid TEXT PRIMARY KEY, salt1 INTEGER NOT NULL, salt2 INTEGER NOT NULL,
        checkpoint_seq INTEGER NOT NULL, page_size INTEGER NOT NULL, frames INTEGER NOT NULL,
        checksum1 INTEGER NOT NULL, checksum2 INTEGER NOT NULL, big_endian INTEGER NOT NULL,
        device INTEGER NOT NULL, inode INTEGER NOT NULL, last_commit INTEGER NOT NULL,
        last_stamp_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
        broken_since_ms INTEGER NOT NULL DEFAULT -1, broken_reason TEXT NOT NULL DEFAULT '');
    CREATE TABLE log_segments(
        database_uuid TEXT NOT NULL, first_commit INTEGER NOT NULL, last_commit INTEGER NOT NULL,
        first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL, bytes INTEGER NOT NULL,
        PRIMARY KEY(database_uuid, first_commit)) WITHOUT ROWID;
    )sql",
    R"sql(
    CREATE TABLE credentials(
        name TEXT PRIMARY KEY, sealed BLOB NOT NULL, created_ms INTEGER NOT NULL);
    CREATE TABLE stretch_databases(
        database_uuid TEXT PRIMARY KEY, remote_file TEXT NOT NULL, credential TEXT NOT NULL,
        rpo_hours INTEGER NOT NULL DEFAULT 8, linked INTEGER NOT NULL,
        restored_from TEXT, restored_to_ms INTEGER, note TEXT);
    CREATE TABLE stretch_tables(
        database_uuid TEXT NOT NULL, table_name TEXT NOT NULL, predicate TEXT NOT NULL,
        batch_rows INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0,
        enabled_ms INTEGER NOT NULL, PRIMARY KEY(database_uuid, table_name));
    CREATE TABLE stretch_reconciliations(
        database_uuid TEXT PRIMARY KEY, state TEXT NOT NULL, restored_to_ms INTEGER,
        report TEXT, started_ms INTEGER, ended_ms INTEGER);
    CREATE TABLE stretch_snapshots(
        id TEXT PRIMARY KEY, database_uuid TEXT NOT NULL, remote_file TEXT NOT NULL,
        taken_ms INTEGER NOT NULL, path TEXT NOT NULL, bytes INTEGER NOT NULL);
    )sql",
    R"sql(
    CREATE TABLE alerts(
        id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, kind TEXT NOT NULL, database_uuid TEXT,
        database_name TEXT, message TEXT NOT NULL, backups TEXT NOT NULL, earliest_ms INTEGER,
        latest_ms INTEGER, cleared_ms INTEGER);
    )sql",
    R"sql(
    ALTER TABLE capture_state ADD COLUMN file_mtime_ns INTEGER NOT NULL DEFAULT -1;
    ALTER TABLE capture_state ADD COLUMN file_size INTEGER NOT NULL DEFAULT -1;
    )sql",
    R"sql(
    ALTER TABLE jobs ADD COLUMN result TEXT;
    )sql",
};

} // namespace

Status Catalog::migrate() {
    int current = 0;
    {
        Statement version(db_, "PRAGMA user_version");
        current = version.step() == SQLITE_ROW ? int(version.int64(0)) : 0;
    }
    const int target = int(std::size(kMigrations));
    if (current > target)
        return Status::unsupported(
            QStringLiteral("the catalog was written by a newer Tidemark (schema %1)").arg(current));
    for (int v = current; v < target; ++v) {
        TM_TRY(db_.exec("BEGIN IMMEDIATE"));
        // Another process may have migrated while we waited for the lock.
        qint64 now = 0;
        {
            Statement again(db_, "PRAGMA user_version");
            now = again.step() == SQLITE_ROW ? again.int64(0) : 0;
        }
        if (now > v) {
            // Only a read happened in this transaction; ending it cannot lose anything.
            ignoreStatus(db_.exec("COMMIT"), "ends a read-only transaction");
            continue;
        }
        Status s = db_.exec(kMigrations[v]);
        if (s)
            s = db_.exec(QStringLiteral("PRAGMA user_version=%1").arg(v + 1).toUtf8().constData());
        if (!s) {
            ignoreStatus(db_.exec("ROLLBACK"), "cleanup after a failure that is already returned");
            return s.context(QStringLiteral("upgrading the catalog"));
        }
        TM_TRY(db_.exec("COMMIT"));
    }
    return Status::ok();
}

Status Catalog::clearIndex() {
    return db_.exec("DELETE FROM blobs; DELETE FROM packs; DELETE FROM backups; "
                    "DELETE FROM databases; DELETE FROM backup_packs; DELETE FROM policies; "
                    "DELETE FROM ltr_backups; DELETE FROM holds; DELETE FROM log_segments;");
}

} // namespace tidemark
