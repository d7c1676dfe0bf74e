#include "stretch/Migrator.h"

#include "stretch/StretchSql.h"

#include <QUuid>

namespace tidemark {

Status ensureLocalSchema(SqliteDb& db, const TableShape& shape) {
    QStringList columns;
    for (int i = 0; i < int(shape.columns.size()); ++i)
        columns << quoteIdent(shape.columns[i]) + QLatin1Char(' ') + shape.types[i];
    const QString staging = quoteIdent(shape.stagingTable());
    const QString sql =
        QStringLiteral(
            "CREATE TABLE IF NOT EXISTS %1(%2, tidemark_key TEXT NOT NULL, tidemark_batch TEXT "
            "NOT NULL, tidemark_migrated_ms INTEGER NOT NULL);"
            "CREATE INDEX IF NOT EXISTS %3 ON %1(tidemark_batch);"
            "CREATE INDEX IF NOT EXISTS %4 ON %1(tidemark_key);"
            "CREATE TABLE IF NOT EXISTS %5(key TEXT PRIMARY KEY, batch TEXT NOT NULL, row_hash "
            "BLOB NOT NULL) WITHOUT ROWID;"
            "CREATE TABLE IF NOT EXISTS %6(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, table_name "
            "TEXT NOT NULL, state TEXT NOT NULL, rows INTEGER NOT NULL, start_ms INTEGER NOT "
            "NULL, end_ms INTEGER, error TEXT);")
            .arg(staging, columns.join(QStringLiteral(", ")),
                 quoteIdent(shape.stagingTable() + QStringLiteral("_batch")),
                 quoteIdent(shape.stagingTable() + QStringLiteral("_key")),
                 quoteIdent(shape.ledgerTable()), QLatin1String(kBatchesTable));
    return inTransaction(db, [&] { return db.exec(sql.toUtf8().constData()); });
}

Result<int> Migrator::recover() {
    QStringList pending;
    {
        StretchQuery q(db_,
                       QStringLiteral("SELECT id FROM main.%1 WHERE state = 'copying' AND "
                                      "table_name = :table ORDER BY seq")
                           .arg(QLatin1String(kBatchesTable)),
                       nullptr, {{":table", shape_.name}});
        TM_TRY(q.status());
        while (q.step() == SQLITE_ROW)
            pending << q.text(0);
    }
    for (const QString& batch : pending)
        TM_TRY(finish(batch));
    return int(pending.size());
}

Status Migrator::clash(const QString& key, const QString& where) {
    clashKey_ = key;
    return Status::failed(QStringLiteral("key clash in stretch table %1: %2 already holds key %3 "
                                         "with other content; both rows are kept (the local one "
                                         "stays local) and migration of %1 stops until one of "
                                         "them gets another key")
                              .arg(shape_.name, where, key));
}

Result<qint64> Migrator::runBatch(const StretchPredicate& predicate, int rows) {
    clashKey_.clear();
    const QString batch = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const qint64 now = clock_.nowMs();
    const QString table = quoteIdent(shape_.name);
    const QString staging = quoteIdent(shape_.stagingTable());
    const QString eligible =
        QStringLiteral("SELECT * FROM main.%1 WHERE %2%3 ORDER BY %4 LIMIT :limit")
            .arg(table, predicate.whereSql, shape_.keepsNewestRowSql(), shape_.orderBy());
    qint64 moved = 0;
    // 1. Local: rows move from the table into staging and the ledger, in one transaction.
    Status s = inTransaction(db_, [&]() -> Status {
        StretchQuery copy(db_,
                          QStringLiteral("INSERT INTO main.%1(%2, tidemark_key, tidemark_batch, "
                                         "tidemark_migrated_ms) SELECT %2, %3, :batch, :now FROM "
                                         "(%4)")
                              .arg(staging, shape_.columnList(), shape_.keyExpr(), eligible),
                          &predicate, {{":batch", batch}, {":now", now}, {":limit", qint64(rows)}});
        TM_TRY(copy.run());
        moved = sqlite3_changes64(db_.handle());
        if (moved == 0)
            return Status::ok();
        // A key the ledger names with other content was migrated before and handed out again
        // by the application: the batch is rolled back before it would shadow the migrated row.
        StretchQuery reused(db_,
                            QStringLiteral("SELECT s.tidemark_key FROM main.%1 s JOIN main.%2 l ON "
                                           "l.key = s.tidemark_key WHERE s.tidemark_batch = :batch "
                                           "AND l.row_hash <> %3 LIMIT 1")
                                .arg(staging, quoteIdent(shape_.ledgerTable()),
                                     shape_.rowHashExpr(QStringLiteral("s"))),
                            nullptr, {{":batch", batch}});
        TM_TRY(reused.status());
        if (int rc = reused.step(); rc == SQLITE_ROW)
            return clash(reused.text(0), QStringLiteral("the ledger of migrated rows"));
        else if (rc != SQLITE_DONE)
            return db_.error(QStringLiteral("checking migrated keys"));
        TM_TRY(execStretchSql(
            db_,
            QStringLiteral("INSERT OR REPLACE INTO main.%1(key, batch, "
                           "row_hash) SELECT tidemark_key, :batch, %2 FROM "
                           "main.%3 WHERE tidemark_batch = :batch")
                .arg(quoteIdent(shape_.ledgerTable()), shape_.rowHashExpr(), staging),
            {{":batch", batch}}));
        TM_TRY(execStretchSql(db_,
                              QStringLiteral("DELETE FROM main.%1 WHERE %2 IN (SELECT %3 FROM "
                                             "main.%4 WHERE tidemark_batch = :batch)")
                                  .arg(table, shape_.keyTuple(), shape_.orderBy(), staging),
                              {{":batch", batch}}));
        return execStretchSql(
            db_,
            QStringLiteral("INSERT INTO main.%1(id, seq, table_name, state, rows, start_ms) "
                           "VALUES(:batch, (SELECT coalesce(max(seq), 0) + 1 FROM main.%1), "
                           ":table, 'copying', :rows, :now)")
                .arg(QLatin1String(kBatchesTable)),
            {{":batch", batch}, {":table", shape_.name}, {":rows", moved}, {":now", now}});
    });
    TM_TRY(s);
    if (moved == 0)
        return qint64(0);
    TM_TRY(finish(batch));
    return moved;
}

Status Migrator::finish(const QString& batch) {
    clashKey_.clear();
    const QString remote = quoteIdent(shape_.name);
    const QString staging = quoteIdent(shape_.stagingTable());
    const QString sameKey = QStringLiteral("%1 = %2").arg(shape_.keyTuple(QStringLiteral("r")),
                                                          shape_.keyTuple(QStringLiteral("s")));
    // 2. Remote: the batch's rows the remote lacks. A row with the same key and row hash is
    // this batch's copy from before a crash; any other row under that key is a clash.
    Status copied = inTransaction(db_, [&]() -> Status {
        StretchQuery clashing(
            db_,
            QStringLiteral("SELECT s.tidemark_key FROM main.%1 s JOIN remote.%2 r ON %3 WHERE "
                           "s.tidemark_batch = :batch AND %4 <> %5 LIMIT 1")
                .arg(staging, remote, sameKey, shape_.rowHashExpr(QStringLiteral("r")),
                     shape_.rowHashExpr(QStringLiteral("s"))),
            nullptr, {{":batch", batch}});
        TM_TRY(clashing.status());
        if (int rc = clashing.step(); rc == SQLITE_ROW)
            return clash(clashing.text(0), QStringLiteral("the remote endpoint"));
        else if (rc != SQLITE_DONE)
            return db_.error(QStringLiteral("checking remote keys"));
        return execStretchSql(db_,
                              QStringLiteral("INSERT INTO remote.%1(%2) SELECT %3 FROM main.%4 s "
                                             "WHERE s.tidemark_batch = :batch AND NOT EXISTS "
                                             "(SELECT 1 FROM remote.%1 r WHERE %5)")
                                  .arg(remote, shape_.columnList(),
                                       shape_.columnList(QStringLiteral("s")), staging, sameKey),
                              {{":batch", batch}});
    });
    if (!copied) {
        // Kept copying: the next pass retries. The error is visible in the batch status, and
        // the copy's own error is what the caller gets either way.
        const Status noted = inTransaction(db_, [&] {
            return execStretchSql(db_,
                                  QStringLiteral("UPDATE main.%1 SET error = :error WHERE id = "
                                                 ":batch")
                                      .arg(QLatin1String(kBatchesTable)),
                                  {{":error", copied.message()}, {":batch", batch}});
        });
        ignoreStatus(noted, "the copy's own error is returned");
        return copied;
    }
    // 3. Local: done.
    return inTransaction(db_, [&] {
        return execStretchSql(db_,
                              QStringLiteral("UPDATE main.%1 SET state = 'done', end_ms = :now, "
                                             "error = NULL WHERE id = :batch")
                                  .arg(QLatin1String(kBatchesTable)),
                              {{":now", clock_.nowMs()}, {":batch", batch}});
    });
}

Result<qint64> Migrator::purgeStaging(qint64 cutoffMs) {
    qint64 purged = 0;
    Status s = inTransaction(db_, [&]() -> Status {
        TM_TRY(execStretchSql(
            db_,
            QStringLiteral("DELETE FROM main.%1 WHERE tidemark_migrated_ms < "
                           ":cutoff AND tidemark_batch IN (SELECT id FROM "
                           "main.%2 WHERE state = 'done')")
                .arg(quoteIdent(shape_.stagingTable()), QLatin1String(kBatchesTable)),
            {{":cutoff", cutoffMs}}));
        purged = sqlite3_changes64(db_.handle());
        return Status::ok();
    });
    TM_TRY(s);
    return purged;
}

QList<BatchStatus> listBatches(SqliteDb& db, int limit) {
    QList<BatchStatus> out;
    StretchQuery q(db,
                   QStringLiteral("SELECT id, table_name, state, rows, start_ms, end_ms, error "
                                  "FROM main.%1 ORDER BY seq DESC LIMIT :limit")
                       .arg(QLatin1String(kBatchesTable)),
                   nullptr, {{":limit", qint64(limit)}});
    if (!q.status())
        return out;
    while (q.step() == SQLITE_ROW) {
        BatchStatus b;
        b.id = q.text(0);
        b.table = q.text(1);
        b.state = q.text(2);
        b.rows = q.int64(3);
        b.startMs = q.int64(4);
        b.endMs = sqlite3_column_type(q.handle(), 5) == SQLITE_NULL ? -1 : q.int64(5);
        b.error = q.text(6);
        out << b;
    }
    return out;
}

} // namespace tidemark
