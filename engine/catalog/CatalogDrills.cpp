// The `drills` table: the outcome of each restore drill, newest first.
#include "catalog/Catalog.h"

namespace tidemark {

Status Catalog::recordDrill(const QString& databaseUuid, qint64 pointMs, qint64 atMs,
                            qint64 durationMs, bool passed, const QString& message) {
    Statement q(db_, "INSERT INTO drills(database_uuid, point_ms, at_ms, duration_ms, passed, "
                     "message) VALUES(?,?,?,?,?,?)");
    q.bind(1, databaseUuid).bind(2, pointMs).bind(3, atMs).bind(4, durationMs);
    q.bind(5, qint64(passed ? 1 : 0)).bind(6, message);
    return q.run();
}

QList<DrillInfo> Catalog::drills(const QString& databaseUuid, int limit) {
    Statement q(db_, "SELECT point_ms, at_ms, duration_ms, passed, message FROM drills WHERE "
                     "database_uuid=? ORDER BY at_ms DESC, id DESC LIMIT ?");
    q.bind(1, databaseUuid).bind(2, qint64(limit));
    QList<DrillInfo> out;
    while (q.step() == SQLITE_ROW)
        out.append(DrillInfo{q.int64(0), q.int64(1), q.int64(2), q.int64(3) != 0, q.text(4)});
    return out;
}

} // namespace tidemark
