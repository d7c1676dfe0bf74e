#pragma once

#include "capture/WalFormat.h"
#include "catalog/Catalog.h"

#include <optional>

namespace tidemark {

// What the catalog keeps about a database's continuous capture between agent runs: where in
// which log incarnation reading stopped, the file it was reading, and the last commit numbered.
struct CaptureRecord {
    WalCursor cursor;
    quint64 device = 0;
    quint64 inode = 0;
    qint64 lastCommit = -1;
    qint64 lastStampMs = -1;
    qint64 updatedMs = 0;
    qint64 brokenSinceMs = -1; // a break seen and not yet closed by a rebase backup
    QString brokenReason;
    // While no log has been seen (cursor.pageSize == 0): the database file as last looked at.
    // Any commit made since would have reached the file through a checkpoint and changed it.
    qint64 fileMtimeNs = -1;
    qint64 fileSize = -1;
};

// The last commit folded into a log backup, among a database's backups; -1 if none.
qint64 sealedThrough(const QList<BackupInfo>& backups);

// A durable log segment not yet folded into a log backup.
struct SegmentInfo {
    QString databaseUuid;
    qint64 firstCommit = 0;
    qint64 lastCommit = 0;
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    qint64 bytes = 0;
};

// What `status` and the console show about a database's capture.
struct CaptureStatus {
    bool captured = false; // capture has run for this database
    qint64 lastCommit = -1;
    qint64 confirmedMs = -1; // every commit before this instant is captured
    qint64 lagMs = -1;       // now - confirmedMs: grows while no agent runs
    bool broken = false;     // a break waits for its rebase
    QString reason;
};

// The catalog's capture tables (capture_state, log_segments). Calls that change two tables
// run inside a transaction the caller holds.
namespace capture_store {
std::optional<CaptureRecord> load(Catalog& catalog, const QString& databaseUuid);
Status save(Catalog& catalog, const QString& databaseUuid, const CaptureRecord& record);
Status forget(Catalog& catalog, const QString& databaseUuid);
Status addSegment(Catalog& catalog, const SegmentInfo& segment);
QList<SegmentInfo> segments(Catalog& catalog, const QString& databaseUuid);
Status removeSegmentsThrough(Catalog& catalog, const QString& databaseUuid, qint64 lastCommit);
// The highest commit number the catalog knows for a database (backups and segments); -1 if none.
qint64 highestCommit(Catalog& catalog, const QString& databaseUuid);
CaptureStatus status(Catalog& catalog, const QString& databaseUuid, qint64 nowMs);
} // namespace capture_store

} // namespace tidemark
