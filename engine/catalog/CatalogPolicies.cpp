// What a database's owner asked for: its backup policy (`policies`) and a legal hold (`holds`)
// that retention and LTR expiry honour.
#include "catalog/Catalog.h"

#include <QJsonDocument>

namespace tidemark {

BackupPolicy Catalog::policy(const QString& databaseUuid) {
    Statement q(db_, "SELECT policy FROM policies WHERE database_uuid=?");
    q.bind(1, databaseUuid);
    if (q.step() != SQLITE_ROW)
        return BackupPolicy{};
    return BackupPolicy::fromJson(QJsonDocument::fromJson(q.text(0).toUtf8()).object());
}

Status Catalog::setPolicy(const QString& databaseUuid, const BackupPolicy& policy) {
    Statement q(db_, "INSERT OR REPLACE INTO policies(database_uuid, policy) VALUES(?, ?)");
    q.bind(1, databaseUuid)
        .bind(2, QString::fromUtf8(QJsonDocument(policy.toJson()).toJson(QJsonDocument::Compact)));
    return q.run();
}

qint64 Catalog::holdSince(const QString& databaseUuid) {
    Statement q(db_, "SELECT since_ms FROM holds WHERE database_uuid=?");
    q.bind(1, databaseUuid);
    return q.step() == SQLITE_ROW ? q.int64(0) : -1;
}

Status Catalog::setHold(const QString& databaseUuid, qint64 sinceMs) {
    if (sinceMs < 0) {
        Statement q(db_, "DELETE FROM holds WHERE database_uuid=?");
        q.bind(1, databaseUuid);
        return q.run();
    }
    Statement q(db_, "INSERT OR REPLACE INTO holds(database_uuid, since_ms) VALUES(?, ?)");
    q.bind(1, databaseUuid).bind(2, sinceMs);
    return q.run();
}

} // namespace tidemark
