// The `backups` table, one row per completed backup, and `backup_packs`, the packs each
// backup's manifest names (what retention and gc ask before a pack may go).
#include "catalog/Catalog.h"

namespace tidemark {
namespace {

BackupType typeFrom(const QString& s) {
    BackupType t = BackupType::Full;
    parseBackupType(s, &t);
    return t;
}

const char* kBackupColumns =
    "id, database_uuid, type, requested_type, base_id, full_id, start_ms, end_ms, snapshot_ms, "
    "page_size, page_count, logical_hash, logical_bytes, stored_bytes, status, note, "
    "first_commit, last_commit, gap_from_ms, gap_reason";

BackupInfo readBackup(const Statement& q) {
    BackupInfo b;
    b.id = q.text(0);
    b.databaseUuid = q.text(1);
    b.type = typeFrom(q.text(2));
    b.requestedType = typeFrom(q.text(3));
    b.baseId = q.text(4);
    b.fullId = q.text(5);
    b.startMs = q.int64(6);
    b.endMs = q.int64(7);
    b.snapshotMs = q.int64(8);
    b.pageSize = uint32_t(q.int64(9));
    b.pageCount = uint32_t(q.int64(10));
    b.logicalHash = q.text(11);
    b.logicalBytes = q.int64(12);
    b.storedBytes = q.int64(13);
    b.status = q.text(14);
    b.note = q.text(15);
    b.firstCommit = q.int64(16);
    b.lastCommit = q.int64(17);
    b.gapFromMs = q.int64(18);
    b.gapReason = q.text(19);
    return b;
}

} // namespace

BackupInfo BackupInfo::fromManifest(const Manifest& m) {
    BackupInfo b;
    b.id = m.backupId;
    b.databaseUuid = m.databaseUuid;
    b.type = m.type;
    b.requestedType = m.requestedType;
    b.baseId = m.baseId;
    b.fullId = m.fullId;
    b.startMs = m.startMs;
    b.endMs = m.endMs;
    b.snapshotMs = m.snapshotMs;
    b.pageSize = m.pageSize;
    b.pageCount = m.pageCount;
    b.logicalHash = m.logicalHash;
    b.logicalBytes = m.logicalBytes;
    b.storedBytes = m.newBytes;
    b.status = QStringLiteral("succeeded");
    b.note = m.note;
    b.firstCommit = m.firstCommit;
    b.lastCommit = m.lastCommit;
    b.gapFromMs = m.gapFromMs;
    b.gapReason = m.gapReason;
    return b;
}

Status Catalog::recordBackup(const BackupInfo& b, const std::vector<NewPack>& packs,
                             const QStringList& referencedPacks) {
    TM_TRY(begin());
    Status s = recordPacks(packs);
    if (s)
        s = insertBackup(b);
    if (s)
        s = setBackupPacks(b.id, referencedPacks);
    if (s)
        s = commit();
    if (!s)
        rollback();
    return s;
}

Status Catalog::insertBackup(const BackupInfo& b) {
    {
        Statement q(db_, (QByteArray("INSERT OR REPLACE INTO backups(") + kBackupColumns +
                          ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                             .constData());
        q.bind(1, b.id).bind(2, b.databaseUuid).bind(3, backupTypeName(b.type));
        q.bind(4, backupTypeName(b.requestedType)).bind(5, b.baseId).bind(6, b.fullId);
        q.bind(7, b.startMs).bind(8, b.endMs).bind(9, b.snapshotMs);
        q.bind(10, qint64(b.pageSize)).bind(11, qint64(b.pageCount)).bind(12, b.logicalHash);
        q.bind(13, b.logicalBytes).bind(14, b.storedBytes).bind(15, b.status).bind(16, b.note);
        q.bind(17, b.firstCommit).bind(18, b.lastCommit).bind(19, b.gapFromMs);
        q.bind(20, b.gapReason);
        return q.run();
    }
}

QList<BackupInfo> Catalog::backups(const QString& databaseUuid) {
    Statement q(db_, (QByteArray("SELECT ") + kBackupColumns +
                      " FROM backups WHERE database_uuid=? ORDER BY snapshot_ms, id")
                         .constData());
    q.bind(1, databaseUuid);
    QList<BackupInfo> out;
    while (q.step() == SQLITE_ROW)
        out.append(readBackup(q));
    return out;
}

Result<BackupInfo> Catalog::backup(const QString& id) {
    Statement q(db_,
                (QByteArray("SELECT ") + kBackupColumns + " FROM backups WHERE id=?").constData());
    q.bind(1, id);
    if (q.step() != SQLITE_ROW)
        return Status::notFound(QStringLiteral("no backup %1").arg(id));
    return readBackup(q);
}

bool Catalog::hasBackup(const QString& id) {
    Statement q(db_, "SELECT 1 FROM backups WHERE id=?");
    q.bind(1, id);
    return q.step() == SQLITE_ROW;
}

int Catalog::backupCount() {
    Statement q(db_, "SELECT count(*) FROM backups");
    return q.step() == SQLITE_ROW ? int(q.int64(0)) : 0;
}

Status Catalog::removeBackups(const QStringList& ids) {
    Statement q(db_, "DELETE FROM backups WHERE id=?");
    Statement refs(db_, "DELETE FROM backup_packs WHERE backup_id=?");
    for (const QString& id : ids) {
        q.bind(1, id);
        TM_TRY(q.run());
        refs.bind(1, id);
        TM_TRY(refs.run());
    }
    return Status::ok();
}

Status Catalog::setBackupPacks(const QString& backupId, const QStringList& packs) {
    Statement q(db_, "INSERT OR IGNORE INTO backup_packs(backup_id, pack) VALUES(?, ?)");
    for (const QString& p : packs) {
        q.bind(1, backupId).bind(2, p);
        TM_TRY(q.run());
    }
    return Status::ok();
}

QStringList Catalog::packsOf(const QString& backupId) {
    Statement q(db_, "SELECT pack FROM backup_packs WHERE backup_id=?");
    q.bind(1, backupId);
    QStringList out;
    while (q.step() == SQLITE_ROW)
        out << q.text(0);
    return out;
}

bool Catalog::packReferenced(const QString& pack) {
    Statement q(db_, "SELECT 1 FROM backup_packs WHERE pack=? LIMIT 1");
    q.bind(1, pack);
    return q.step() == SQLITE_ROW;
}

Status Catalog::removeBackupPacks(const QString& backupId) {
    Statement q(db_, "DELETE FROM backup_packs WHERE backup_id=?");
    q.bind(1, backupId);
    return q.run();
}

} // namespace tidemark
