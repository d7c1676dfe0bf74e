#include "capture/CaptureStore.h"

namespace tidemark {

qint64 sealedThrough(const QList<BackupInfo>& backups) {
    qint64 through = -1;
    for (const BackupInfo& b : backups) {
        if (b.captured())
            through = std::max(through, b.lastCommit);
    }
    return through;
}

} // namespace tidemark

namespace tidemark::capture_store {

std::optional<CaptureRecord> load(Catalog& catalog, const QString& databaseUuid) {
    Statement q(catalog.db(),
                "SELECT salt1, salt2, checkpoint_seq, page_size, frames, checksum1, checksum2, "
                "big_endian, device, inode, last_commit, last_stamp_ms, updated_ms, "
                "broken_since_ms, broken_reason, file_mtime_ns, file_size FROM capture_state "
                "WHERE database_uuid=?");
    q.bind(1, databaseUuid);
    if (q.step() != SQLITE_ROW)
        return std::nullopt;
    CaptureRecord r;
    r.cursor.salt1 = uint32_t(q.int64(0));
    r.cursor.salt2 = uint32_t(q.int64(1));
    r.cursor.checkpointSeq = uint32_t(q.int64(2));
    r.cursor.pageSize = uint32_t(q.int64(3));
    r.cursor.frames = uint64_t(q.int64(4));
    r.cursor.checksum1 = uint32_t(q.int64(5));
    r.cursor.checksum2 = uint32_t(q.int64(6));
    r.cursor.bigEndian = q.int64(7) != 0;
    r.device = quint64(q.int64(8));
    r.inode = quint64(q.int64(9));
    r.lastCommit = q.int64(10);
    r.lastStampMs = q.int64(11);
    r.updatedMs = q.int64(12);
    r.brokenSinceMs = q.int64(13);
    r.brokenReason = q.text(14);
    r.fileMtimeNs = q.int64(15);
    r.fileSize = q.int64(16);
    return r;
}

Status save(Catalog& catalog, const QString& databaseUuid, const CaptureRecord& r) {
    Statement q(catalog.db(),
                "INSERT OR REPLACE INTO capture_state(database_uuid, salt1, salt2, "
                "checkpoint_seq, page_size, frames, checksum1, checksum2, big_endian, device, "
                "inode, last_commit, last_stamp_ms, updated_ms, broken_since_ms, broken_reason, "
                "file_mtime_ns, file_size) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    q.bind(1, databaseUuid).bind(2, qint64(r.cursor.salt1)).bind(3, qint64(r.cursor.salt2));
    q.bind(4, qint64(r.cursor.checkpointSeq)).bind(5, qint64(r.cursor.pageSize));
    q.bind(6, qint64(r.cursor.frames)).bind(7, qint64(r.cursor.checksum1));
    q.bind(8, qint64(r.cursor.checksum2)).bind(9, qint64(r.cursor.bigEndian ? 1 : 0));
    q.bind(10, qint64(r.device)).bind(11, qint64(r.inode)).bind(12, r.lastCommit);
    q.bind(13, r.lastStampMs).bind(14, r.updatedMs).bind(15, r.brokenSinceMs);
    q.bind(16, r.brokenReason).bind(17, r.fileMtimeNs).bind(18, r.fileSize);
    return q.run();
}

Status forget(Catalog& catalog, const QString& databaseUuid) {
    Statement q(catalog.db(), "DELETE FROM capture_state WHERE database_uuid=?");
    q.bind(1, databaseUuid);
    return q.run();
}

Status addSegment(Catalog& catalog, const SegmentInfo& s) {
    Statement q(catalog.db(), "INSERT OR REPLACE INTO log_segments(database_uuid, first_commit, "
                              "last_commit, first_ms, last_ms, bytes) VALUES(?,?,?,?,?,?)");
    q.bind(1, s.databaseUuid).bind(2, s.firstCommit).bind(3, s.lastCommit);
    q.bind(4, s.firstMs).bind(5, s.lastMs).bind(6, s.bytes);
    return q.run();
}

QList<SegmentInfo> segments(Catalog& catalog, const QString& databaseUuid) {
    Statement q(catalog.db(), "SELECT first_commit, last_commit, first_ms, last_ms, bytes "
                              "FROM log_segments WHERE database_uuid=? ORDER BY first_commit");
    q.bind(1, databaseUuid);
    QList<SegmentInfo> out;
    while (q.step() == SQLITE_ROW)
        out.append(
            SegmentInfo{databaseUuid, q.int64(0), q.int64(1), q.int64(2), q.int64(3), q.int64(4)});
    return out;
}

Status removeSegmentsThrough(Catalog& catalog, const QString& databaseUuid, qint64 lastCommit) {
    Statement q(catalog.db(), "DELETE FROM log_segments WHERE database_uuid=? AND last_commit<=?");
    q.bind(1, databaseUuid).bind(2, lastCommit);
    return q.run();
}

qint64 highestCommit(Catalog& catalog, const QString& databaseUuid) {
    Statement q(catalog.db(),
                "SELECT max(coalesce((SELECT max(last_commit) FROM backups WHERE "
                "database_uuid=?1), -1), coalesce((SELECT max(last_commit) FROM log_segments "
                "WHERE database_uuid=?1), -1), coalesce((SELECT last_commit FROM capture_state "
                "WHERE database_uuid=?1), -1))");
    q.bind(1, databaseUuid);
    return q.step() == SQLITE_ROW ? q.int64(0) : -1;
}

CaptureStatus status(Catalog& catalog, const QString& databaseUuid, qint64 nowMs) {
    CaptureStatus s;
    auto record = load(catalog, databaseUuid);
    if (!record)
        return s;
    s.captured = true;
    s.lastCommit = record->lastCommit;
    s.confirmedMs = record->updatedMs;
    s.lagMs = record->updatedMs >= 0 ? std::max<qint64>(0, nowMs - record->updatedMs) : -1;
    s.broken = record->brokenSinceMs >= 0;
    s.reason = record->brokenReason;
    return s;
}

} // namespace tidemark::capture_store
