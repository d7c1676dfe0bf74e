// The `ltr_backups` table: the long-term retention copies of full backups.
#include "catalog/Catalog.h"

namespace tidemark {

Status Catalog::addLtr(const LtrInfo& l) {
    Statement q(db_, "INSERT OR REPLACE INTO ltr_backups(id, database_uuid, database_name, "
                     "snapshot_ms, kinds, expires_ms, immutable_until_ms, stored_bytes, page_size, "
                     "page_count, logical_hash) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    q.bind(1, l.id).bind(2, l.databaseUuid).bind(3, l.databaseName).bind(4, l.snapshotMs);
    q.bind(5, l.kinds.join(u',')).bind(6, l.expiresMs).bind(7, l.immutableUntilMs);
    q.bind(8, l.storedBytes).bind(9, qint64(l.pageSize)).bind(10, qint64(l.pageCount));
    q.bind(11, l.logicalHash);
    return q.run();
}

QList<LtrInfo> Catalog::ltrBackups(const QString& databaseUuid) {
    Statement q(db_, "SELECT id, database_uuid, database_name, snapshot_ms, kinds, expires_ms, "
                     "immutable_until_ms, stored_bytes, page_size, page_count, logical_hash "
                     "FROM ltr_backups WHERE ?1 = '' OR database_uuid = ?1 ORDER BY snapshot_ms");
    q.bind(1, databaseUuid);
    QList<LtrInfo> out;
    while (q.step() == SQLITE_ROW) {
        LtrInfo l;
        l.id = q.text(0);
        l.databaseUuid = q.text(1);
        l.databaseName = q.text(2);
        l.snapshotMs = q.int64(3);
        l.kinds = q.text(4).split(u',', Qt::SkipEmptyParts);
        l.expiresMs = q.int64(5);
        l.immutableUntilMs = q.int64(6);
        l.storedBytes = q.int64(7);
        l.pageSize = uint32_t(q.int64(8));
        l.pageCount = uint32_t(q.int64(9));
        l.logicalHash = q.text(10);
        out.append(l);
    }
    return out;
}

Status Catalog::removeLtr(const QString& id) {
    Statement q(db_, "DELETE FROM ltr_backups WHERE id=?");
    q.bind(1, id);
    TM_TRY(q.run());
    return removeBackupPacks(ltrReference(id));
}

} // namespace tidemark
