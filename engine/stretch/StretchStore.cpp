#include "stretch/StretchStore.h"

#include "core/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tidemark {

QJsonObject ReconciliationReport::toJson() const {
    QJsonObject o;
    o[QStringLiteral("state")] = state;
    o[QStringLiteral("restored_to")] =
        restoredToMs >= 0 ? QJsonValue(formatTime(restoredToMs)) : QJsonValue();
    o[QStringLiteral("removed")] = double(removed);
    o[QStringLiteral("reinserted")] = double(reinserted);
    o[QStringLiteral("unrecoverable")] = QJsonArray::fromStringList(unrecoverable);
    o[QStringLiteral("verified")] = verified;
    o[QStringLiteral("expected_rows")] = double(expectedRows);
    o[QStringLiteral("actual_rows")] = double(actualRows);
    o[QStringLiteral("expected_hash")] = expectedHash;
    o[QStringLiteral("actual_hash")] = actualHash;
    o[QStringLiteral("message")] = message;
    o[QStringLiteral("started")] =
        startedMs >= 0 ? QJsonValue(formatTime(startedMs)) : QJsonValue();
    o[QStringLiteral("ended")] = endedMs >= 0 ? QJsonValue(formatTime(endedMs)) : QJsonValue();
    return o;
}

ReconciliationReport ReconciliationReport::fromJson(const QJsonObject& o) {
    ReconciliationReport r;
    r.state = o.value(QStringLiteral("state")).toString(QStringLiteral("none"));
    QString to = o.value(QStringLiteral("restored_to")).toString();
    r.restoredToMs = to.isEmpty() ? -1 : parseTime(to);
    r.removed = qint64(o.value(QStringLiteral("removed")).toDouble());
    r.reinserted = qint64(o.value(QStringLiteral("reinserted")).toDouble());
    for (const QJsonValue& v : o.value(QStringLiteral("unrecoverable")).toArray())
        r.unrecoverable << v.toString();
    r.verified = o.value(QStringLiteral("verified")).toBool();
    r.expectedRows = qint64(o.value(QStringLiteral("expected_rows")).toDouble());
    r.actualRows = qint64(o.value(QStringLiteral("actual_rows")).toDouble());
    r.expectedHash = o.value(QStringLiteral("expected_hash")).toString();
    r.actualHash = o.value(QStringLiteral("actual_hash")).toString();
    r.message = o.value(QStringLiteral("message")).toString();
    QString started = o.value(QStringLiteral("started")).toString();
    r.startedMs = started.isEmpty() ? -1 : parseTime(started);
    QString ended = o.value(QStringLiteral("ended")).toString();
    r.endedMs = ended.isEmpty() ? -1 : parseTime(ended);
    return r;
}

namespace {
const char* kLinkColumns = "database_uuid, remote_file, credential, rpo_hours, linked, "
                           "restored_from, restored_to_ms, note";

StretchLink readLink(const Statement& q) {
    StretchLink l;
    l.databaseUuid = q.text(0);
    l.remoteFile = q.text(1);
    l.credential = q.text(2);
    l.rpoHours = int(q.int64(3));
    l.linked = q.int64(4) != 0;
    l.restoredFrom = q.text(5);
    l.restoredToMs = q.isNull(6) ? -1 : q.int64(6);
    l.note = q.text(7);
    return l;
}
} // namespace

std::optional<StretchLink> StretchStore::link(const QString& databaseUuid) {
    QByteArray sql = QStringLiteral("SELECT %1 FROM stretch_databases WHERE database_uuid = ?")
                         .arg(QLatin1String(kLinkColumns))
                         .toUtf8();
    Statement q(db_, sql.constData());
    q.bind(1, databaseUuid);
    if (q.step() != SQLITE_ROW)
        return std::nullopt;
    return readLink(q);
}

QList<StretchLink> StretchStore::links() {
    QByteArray sql = QStringLiteral("SELECT %1 FROM stretch_databases")
                         .arg(QLatin1String(kLinkColumns))
                         .toUtf8();
    Statement q(db_, sql.constData());
    QList<StretchLink> out;
    while (q.step() == SQLITE_ROW)
        out << readLink(q);
    return out;
}

Status StretchStore::putLink(const StretchLink& l) {
    Statement q(db_, "INSERT OR REPLACE INTO stretch_databases(database_uuid, remote_file, "
                     "credential, rpo_hours, linked, restored_from, restored_to_ms, note) "
                     "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, l.databaseUuid).bind(2, l.remoteFile).bind(3, l.credential);
    q.bind(4, qint64(l.rpoHours)).bind(5, qint64(l.linked ? 1 : 0)).bind(6, l.restoredFrom);
    if (l.restoredToMs >= 0)
        q.bind(7, l.restoredToMs);
    else
        q.bindNull(7);
    q.bind(8, l.note);
    return q.run();
}

QList<StretchTableConfig> StretchStore::tables(const QString& databaseUuid) {
    Statement q(db_, "SELECT database_uuid, table_name, predicate, batch_rows, paused, "
                     "enabled_ms FROM stretch_tables WHERE database_uuid = ? ORDER BY table_name");
    q.bind(1, databaseUuid);
    QList<StretchTableConfig> out;
    while (q.step() == SQLITE_ROW) {
        StretchTableConfig t;
        t.databaseUuid = q.text(0);
        t.table = q.text(1);
        t.predicate = q.text(2);
        t.batchRows = int(q.int64(3));
        t.paused = q.int64(4) != 0;
        t.enabledMs = q.int64(5);
        out << t;
    }
    return out;
}

Status StretchStore::putTable(const StretchTableConfig& t) {
    Statement q(db_, "INSERT OR REPLACE INTO stretch_tables(database_uuid, table_name, "
                     "predicate, batch_rows, paused, enabled_ms) VALUES(?, ?, ?, ?, ?, ?)");
    q.bind(1, t.databaseUuid).bind(2, t.table).bind(3, t.predicate);
    q.bind(4, qint64(t.batchRows)).bind(5, qint64(t.paused ? 1 : 0)).bind(6, t.enabledMs);
    return q.run();
}

ReconciliationReport StretchStore::reconciliation(const QString& databaseUuid) {
    Statement q(db_, "SELECT report FROM stretch_reconciliations WHERE database_uuid = ?");
    q.bind(1, databaseUuid);
    if (q.step() != SQLITE_ROW)
        return {};
    return ReconciliationReport::fromJson(QJsonDocument::fromJson(q.text(0).toUtf8()).object());
}

Status StretchStore::putReconciliation(const QString& databaseUuid, const ReconciliationReport& r) {
    Statement q(db_, "INSERT OR REPLACE INTO stretch_reconciliations(database_uuid, state, "
                     "restored_to_ms, report, started_ms, ended_ms) VALUES(?, ?, ?, ?, ?, ?)");
    q.bind(1, databaseUuid).bind(2, r.state).bind(3, r.restoredToMs);
    q.bind(4, QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact)));
    q.bind(5, r.startedMs).bind(6, r.endedMs);
    return q.run();
}

Status StretchStore::addSnapshot(const RemoteSnapshot& s) {
    Statement q(db_, "INSERT INTO stretch_snapshots(id, database_uuid, remote_file, taken_ms, "
                     "path, bytes) VALUES(?, ?, ?, ?, ?, ?)");
    q.bind(1, s.id).bind(2, s.databaseUuid).bind(3, s.remoteFile).bind(4, s.takenMs);
    q.bind(5, s.path).bind(6, s.bytes);
    return q.run();
}

QList<RemoteSnapshot> StretchStore::snapshots(const QString& databaseUuid) {
    Statement q(db_, "SELECT id, database_uuid, remote_file, taken_ms, path, bytes FROM "
                     "stretch_snapshots WHERE database_uuid = ? ORDER BY taken_ms");
    q.bind(1, databaseUuid);
    QList<RemoteSnapshot> out;
    while (q.step() == SQLITE_ROW) {
        RemoteSnapshot s;
        s.id = q.text(0);
        s.databaseUuid = q.text(1);
        s.remoteFile = q.text(2);
        s.takenMs = q.int64(3);
        s.path = q.text(4);
        s.bytes = q.int64(5);
        out << s;
    }
    return out;
}

Status StretchStore::removeSnapshot(const QString& id) {
    Statement q(db_, "DELETE FROM stretch_snapshots WHERE id = ?");
    q.bind(1, id);
    return q.run();
}

Status StretchStore::putCredential(const QString& name, const QByteArray& sealed, qint64 nowMs) {
    Statement q(db_, "INSERT INTO credentials(name, sealed, created_ms) VALUES(?, ?, ?)");
    q.bind(1, name).bind(2, sealed).bind(3, nowMs);
    int rc = q.step();
    if (rc == SQLITE_CONSTRAINT)
        return Status::alreadyExists(
            QStringLiteral("a credential named '%1' already exists").arg(name));
    if (rc != SQLITE_DONE)
        return db_.error(QStringLiteral("storing the credential"));
    return Status::ok();
}

Result<QByteArray> StretchStore::credential(const QString& name) {
    Statement q(db_, "SELECT sealed FROM credentials WHERE name = ?");
    q.bind(1, name);
    if (q.step() != SQLITE_ROW)
        return Status::notFound(QStringLiteral("no credential named '%1' (create it with "
                                               "'tidemark-cli credential create %1')")
                                    .arg(name));
    return q.blob(0);
}

} // namespace tidemark
