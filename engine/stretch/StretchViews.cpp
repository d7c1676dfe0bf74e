#include "stretch/Stretch.h"

#include "stretch/StretchSession.h"
#include "stretch/StretchSql.h"

namespace tidemark {

Result<StretchStatus> Stretch::status(const QString& database) {
    auto s = openSession(database, true, false);
    if (!s)
        return s.status();
    Session& session = **s;
    StretchStatus out;
    out.database = session.db.name;
    out.enabled = !session.tables.isEmpty();
    out.linked = session.link.linked && session.remoteAttached;
    out.remoteFile = session.link.remoteFile;
    out.credential = session.link.credential;
    out.rpoHours = session.link.rpoHours;
    out.restoredFrom = session.link.restoredFrom;
    out.restoredToMs = session.link.restoredToMs;
    out.note = session.link.linked ? session.remoteProblem : session.link.note;
    out.reconciliation = store_.reconciliation(session.db.uuid);
    out.snapshots = store_.snapshots(session.db.uuid);
    out.recentBatches = listBatches(session.conn, 20);
    for (const StretchTableConfig& t : session.tables) {
        StretchTableStatus ts;
        ts.table = t.table;
        ts.predicate = t.predicate;
        ts.remoteFile = session.link.remoteFile;
        ts.batchRows = t.batchRows;
        ts.paused = t.paused;
        auto shape = readTableShape(session.conn.handle(), QStringLiteral("main"), t.table);
        if (!shape) {
            ts.state = QStringLiteral("missing");
            ts.lastError = shape.status().message();
            out.tables << ts;
            continue;
        }
        const QString table = quoteIdent(shape->name);
        ts.localRows = scalarStretchSql(session.conn,
                                        QStringLiteral("SELECT count(*) FROM main.%1").arg(table))
                           .value();
        if (auto p = parseStretchPredicate(t.predicate, shape->columns)) {
            auto eligible =
                scalarStretchSql(session.conn,
                                 QStringLiteral("SELECT count(*) FROM main.%1 WHERE %2%3")
                                     .arg(table, p->whereSql, shape->keepsNewestRowSql()),
                                 &*p);
            ts.eligibleRows = eligible ? *eligible : 0;
        }
        auto staging = scalarStretchSql(
            session.conn,
            QStringLiteral("SELECT count(*) FROM main.%1").arg(quoteIdent(shape->stagingTable())));
        ts.stagingRows = staging ? *staging : 0;
        if (session.remoteAttached) {
            auto remote = scalarStretchSql(
                session.conn, QStringLiteral("SELECT count(*) FROM remote.%1").arg(table));
            ts.remoteRows = remote ? *remote : -1;
        }
        for (const BatchStatus& b : out.recentBatches) {
            if (b.table == t.table && b.state == QStringLiteral("copying") && !b.error.isEmpty()) {
                ts.lastError = b.error;
                break;
            }
        }
        if (!out.linked)
            ts.state = QStringLiteral("not_linked");
        else if (blocksMigration(out.reconciliation.state))
            ts.state = QStringLiteral("reconciling");
        else if (t.paused)
            ts.state = QStringLiteral("paused");
        else if (!ts.lastError.isEmpty())
            ts.state = QStringLiteral("failing");
        else if (ts.eligibleRows > 0)
            ts.state = QStringLiteral("migrating");
        else
            ts.state = QStringLiteral("up_to_date");
        out.tables << ts;
    }
    return out;
}

Result<StretchQueryResult> Stretch::query(const QString& database, const QString& sql) {
    auto s = openSession(database, true, true);
    if (!s)
        return s.status();
    SqliteDb& conn = (*s)->conn;
    // Each stretch table's name resolves to a temporary view (temp is searched first) of its
    // local rows, its remote rows, and rows of a batch a crash or a key clash left half-copied
    // (unless the remote already holds that very row).
    for (const StretchTableConfig& t : (*s)->tables) {
        auto shape = readTableShape(conn.handle(), QStringLiteral("main"), t.table);
        if (!shape)
            return shape.status();
        const QString table = quoteIdent(shape->name);
        TM_TRY(execStretchSql(
            conn,
            QStringLiteral("CREATE TEMP VIEW %1 AS SELECT %2 FROM main.%1 UNION ALL SELECT "
                           "%2 FROM remote.%1 UNION ALL SELECT %3 FROM main.%4 s WHERE "
                           "s.tidemark_batch IN (SELECT id FROM main.%5 WHERE state = "
                           "'copying') AND NOT EXISTS (SELECT 1 FROM remote.%1 r WHERE %6 = "
                           "%7 AND %8 = %9)")
                .arg(table, shape->columnList(), shape->columnList(QStringLiteral("s")),
                     quoteIdent(shape->stagingTable()), QLatin1String(kBatchesTable),
                     shape->keyTuple(QStringLiteral("r")), shape->keyTuple(QStringLiteral("s")),
                     shape->rowHashExpr(QStringLiteral("r")),
                     shape->rowHashExpr(QStringLiteral("s")))));
    }
    TM_TRY(conn.exec("PRAGMA query_only=1"));
    // Only reading: no attaching other files, no pragmas (query_only stays on).
    sqlite3_set_authorizer(
        conn.handle(),
        [](void*, int action, const char*, const char*, const char*, const char*) {
            return action == SQLITE_ATTACH || action == SQLITE_DETACH || action == SQLITE_PRAGMA
                       ? SQLITE_DENY
                       : SQLITE_OK;
        },
        nullptr);
    QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(conn.handle(), utf8.constData(), int(utf8.size()), &stmt, &tail) !=
        SQLITE_OK)
        return Status::invalidArgument(
            QStringLiteral("the query does not compile: %1").arg(conn.lastError()));
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(stmt, sqlite3_finalize);
    if (!stmt)
        return Status::invalidArgument(QStringLiteral("the query is empty"));
    if (tail && !QString::fromUtf8(tail).trimmed().isEmpty() &&
        QString::fromUtf8(tail).trimmed() != QStringLiteral(";"))
        return Status::invalidArgument(QStringLiteral("one statement at a time"));
    if (!sqlite3_stmt_readonly(stmt))
        return Status::invalidArgument(QStringLiteral("stretch query is read-only"));
    StretchQueryResult result;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c)
        result.columns << QString::fromUtf8(sqlite3_column_name(stmt, c));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        QVariantList row;
        for (int c = 0; c < int(result.columns.size()); ++c) {
            switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER:
                row << QVariant(qint64(sqlite3_column_int64(stmt, c)));
                break;
            case SQLITE_FLOAT:
                row << QVariant(sqlite3_column_double(stmt, c));
                break;
            case SQLITE_NULL:
                row << QVariant();
                break;
            case SQLITE_BLOB:
                row << QVariant(QByteArray(static_cast<const char*>(sqlite3_column_blob(stmt, c)),
                                           sqlite3_column_bytes(stmt, c)));
                break;
            default:
                row << QVariant(
                    QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c))));
            }
        }
        result.rows << row;
    }
    if (rc != SQLITE_DONE)
        return conn.error(QStringLiteral("running the query"));
    return result;
}

} // namespace tidemark
