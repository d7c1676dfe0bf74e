#pragma once

#include "core/Clock.h"
#include "core/SqliteDb.h"
#include "stretch/StretchPredicate.h"
#include "stretch/TableShape.h"

namespace tidemark {

// Per-batch status, kept in the user's database beside the staging rows.
struct BatchStatus {
    QString id;
    QString table;
    QString state; // copying, done
    qint64 rows = 0;
    qint64 startMs = 0;
    qint64 endMs = -1;
    QString error;
};

// The local half of a stretch table, inside the user's database (so backups carry it):
//   tidemark_stretch_staging_T  migrated rows (the table's columns plus key, batch and time),
//                               kept for the RPO duration
//   tidemark_stretch_ledger_T   key, batch and row hash of every migrated row, never purged:
//                               what the remote endpoint must hold
//   tidemark_stretch_batches    one row per batch: rows, start, end, error
Status ensureLocalSchema(SqliteDb& db, const TableShape& shape);

// Moves cold rows in batches. `db` is the user's database with the remote endpoint attached as
// "remote". A batch is three transactions, each on one file:
//   1. local: eligible rows go into staging and the ledger, leave the table; batch 'copying'
//   2. remote: INSERT of the batch's staging rows the remote lacks (idempotent: a row already
//      there with the same key and row hash is this batch's own earlier copy)
//   3. local: batch 'done'
// A row is therefore always in exactly one place that counts (the table, a copying batch, or
// the remote), whatever moment a kill -9 hits; recover() redoes steps 2-3 of copying batches.
// A remote row is never overwritten: a key the remote (or the ledger) already holds with other
// content is a clash, which stops the batch with both rows kept (see clashKey()).
class Migrator {
public:
    Migrator(SqliteDb& db, const TableShape& shape, const Clock& clock)
        : db_(db), shape_(shape), clock_(clock) {}

    // Finishes batches a crash or a failure left copying; returns how many.
    Result<int> recover();
    // One batch of at most `rows` eligible rows; returns the rows moved (0: nothing eligible).
    Result<qint64> runBatch(const StretchPredicate& predicate, int rows);
    // Removes staging rows of finished batches migrated before `cutoffMs`.
    Result<qint64> purgeStaging(qint64 cutoffMs);
    // The key of the row whose clash stopped the last failed step; empty otherwise.
    const QString& clashKey() const { return clashKey_; }

private:
    Status finish(const QString& batch);
    Status clash(const QString& key, const QString& where);
    SqliteDb& db_;
    const TableShape& shape_;
    const Clock& clock_;
    QString clashKey_;
};

QList<BatchStatus> listBatches(SqliteDb& db, int limit);

} // namespace tidemark
