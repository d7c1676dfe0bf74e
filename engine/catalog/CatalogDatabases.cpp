// The `databases` table: every database Tidemark protects, live or dropped.
#include "catalog/Catalog.h"

namespace tidemark {
namespace {

DatabaseInfo readDatabase(const Statement& q) {
    DatabaseInfo d;
    d.uuid = q.text(0);
    d.name = q.text(1);
    d.file = q.text(2);
    d.maxSize = q.int64(3);
    d.addedMs = q.int64(4);
    d.droppedMs = q.isNull(5) ? -1 : q.int64(5);
    d.journalMode = q.text(6);
    d.pageSize = int(q.int64(7));
    return d;
}

const char* kDatabaseColumns =
    "uuid, name, file, max_size, added_ms, dropped_ms, journal_mode, page_size";

} // namespace

Status Catalog::addDatabase(const DatabaseInfo& d) {
    Statement q(db_, "INSERT INTO databases(uuid, name, file, max_size, added_ms, dropped_ms, "
                     "journal_mode, page_size) VALUES(?,?,?,?,?,?,?,?)");
    q.bind(1, d.uuid).bind(2, d.name).bind(3, d.file).bind(4, d.maxSize).bind(5, d.addedMs);
    if (d.droppedMs >= 0)
        q.bind(6, d.droppedMs);
    else
        q.bindNull(6);
    q.bind(7, d.journalMode).bind(8, qint64(d.pageSize));
    int rc = q.step();
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Status::alreadyExists(
            QStringLiteral("a database named '%1' is already registered").arg(d.name));
    if (rc != SQLITE_DONE)
        return db_.error(QStringLiteral("registering %1").arg(d.name));
    return Status::ok();
}

Status Catalog::updateDatabase(const DatabaseInfo& d) {
    Statement q(db_, "UPDATE databases SET name=?, file=?, max_size=?, dropped_ms=?, "
                     "journal_mode=?, page_size=? WHERE uuid=?");
    q.bind(1, d.name).bind(2, d.file).bind(3, d.maxSize);
    if (d.droppedMs >= 0)
        q.bind(4, d.droppedMs);
    else
        q.bindNull(4);
    q.bind(5, d.journalMode).bind(6, qint64(d.pageSize)).bind(7, d.uuid);
    return q.run();
}

Result<DatabaseInfo> Catalog::findDatabase(const QString& name) {
    Statement q(db_, (QByteArray("SELECT ") + kDatabaseColumns +
                      " FROM databases WHERE name=? AND dropped_ms IS NULL")
                         .constData());
    q.bind(1, name);
    if (q.step() != SQLITE_ROW)
        return Status::notFound(QStringLiteral("no database named '%1' is registered").arg(name));
    return readDatabase(q);
}

Result<DatabaseInfo> Catalog::findDroppedDatabase(const QString& name) {
    Statement q(db_, (QByteArray("SELECT ") + kDatabaseColumns +
                      " FROM databases WHERE name=? AND dropped_ms IS NOT NULL "
                      "ORDER BY dropped_ms DESC LIMIT 1")
                         .constData());
    q.bind(1, name);
    if (q.step() != SQLITE_ROW)
        return Status::notFound(QStringLiteral("no dropped database named '%1'").arg(name));
    return readDatabase(q);
}

Result<DatabaseInfo> Catalog::databaseByUuid(const QString& uuid) {
    Statement q(
        db_,
        (QByteArray("SELECT ") + kDatabaseColumns + " FROM databases WHERE uuid=?").constData());
    q.bind(1, uuid);
    if (q.step() != SQLITE_ROW)
        return Status::notFound(QStringLiteral("unknown database %1").arg(uuid));
    return readDatabase(q);
}

QList<DatabaseInfo> Catalog::databases(bool includeDropped) {
    QByteArray sql = QByteArray("SELECT ") + kDatabaseColumns + " FROM databases" +
                     (includeDropped ? "" : " WHERE dropped_ms IS NULL") + " ORDER BY name";
    Statement q(db_, sql.constData());
    QList<DatabaseInfo> out;
    while (q.step() == SQLITE_ROW)
        out.append(readDatabase(q));
    return out;
}

} // namespace tidemark
