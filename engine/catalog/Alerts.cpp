#include "catalog/Alerts.h"

namespace tidemark {

Result<qint64> raiseAlert(Catalog& catalog, const Alert& a) {
    Statement q(catalog.db(),
                "INSERT INTO alerts(at_ms, kind, database_uuid, database_name, message, backups, "
                "earliest_ms, latest_ms) VALUES(?,?,?,?,?,?,?,?)");
    q.bind(1, a.atMs).bind(2, a.kind).bind(3, a.databaseUuid).bind(4, a.databaseName);
    q.bind(5, a.message).bind(6, a.backups.join(QLatin1Char(' ')));
    q.bind(7, a.earliestMs).bind(8, a.latestMs);
    TM_TRY(q.run());
    return qint64(sqlite3_last_insert_rowid(catalog.db().handle()));
}

QList<Alert> listAlerts(Catalog& catalog, bool includeCleared) {
    Statement q(catalog.db(),
                includeCleared
                    ? "SELECT id, at_ms, kind, database_uuid, database_name, message, backups, "
                      "earliest_ms, latest_ms, cleared_ms FROM alerts ORDER BY id DESC"
                    : "SELECT id, at_ms, kind, database_uuid, database_name, message, backups, "
                      "earliest_ms, latest_ms, cleared_ms FROM alerts WHERE cleared_ms IS NULL "
                      "ORDER BY id DESC");
    QList<Alert> out;
    while (q.step() == SQLITE_ROW) {
        Alert a;
        a.id = q.int64(0);
        a.atMs = q.int64(1);
        a.kind = q.text(2);
        a.databaseUuid = q.text(3);
        a.databaseName = q.text(4);
        a.message = q.text(5);
        a.backups = q.text(6).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        a.earliestMs = q.isNull(7) ? -1 : q.int64(7);
        a.latestMs = q.isNull(8) ? -1 : q.int64(8);
        a.clearedMs = q.isNull(9) ? -1 : q.int64(9);
        out.append(a);
    }
    return out;
}

int openAlertCount(Catalog& catalog) {
    Statement q(catalog.db(), "SELECT count(*) FROM alerts WHERE cleared_ms IS NULL");
    return q.step() == SQLITE_ROW ? int(q.int64(0)) : 0;
}

Status clearAlert(Catalog& catalog, qint64 id, qint64 nowMs) {
    Statement q(catalog.db(), "UPDATE alerts SET cleared_ms=? WHERE id=? AND cleared_ms IS NULL");
    q.bind(1, nowMs).bind(2, id);
    TM_TRY(q.run());
    if (sqlite3_changes(catalog.db().handle()) == 0)
        return Status::notFound(QStringLiteral("there is no open alert %1").arg(id));
    return Status::ok();
}

Status resolveAlert(Catalog& catalog, qint64 id, qint64 nowMs, const QString& why) {
    Statement q(catalog.db(), "UPDATE alerts SET cleared_ms=?, message=message || ? WHERE id=? AND "
                              "cleared_ms IS NULL");
    q.bind(1, nowMs).bind(2, QStringLiteral(" -- ") + why).bind(3, id);
    TM_TRY(q.run());
    if (sqlite3_changes(catalog.db().handle()) == 0)
        return Status::notFound(QStringLiteral("there is no open alert %1").arg(id));
    return Status::ok();
}

namespace {

Status setBackupStatus(Catalog& catalog, const QStringList& ids, const QString& status,
                       const QString& note) {
    for (const QString& id : ids) {
        Statement q(catalog.db(), "UPDATE backups SET status=?, note=? WHERE id=?");
        q.bind(1, status).bind(2, note).bind(3, id);
        TM_TRY(q.run());
    }
    return Status::ok();
}

} // namespace

Status markBackupsUnusable(Catalog& catalog, const QStringList& ids, const QString& reason) {
    return setBackupStatus(catalog, ids, kUnusable, reason);
}

Status markBackupsUsable(Catalog& catalog, const QStringList& ids, const QString& note) {
    return setBackupStatus(catalog, ids, QStringLiteral("succeeded"), note);
}

} // namespace tidemark
