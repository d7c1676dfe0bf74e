#include "stretch/Reconciler.h"

#include "stretch/StretchSql.h"

#include <xxhash.h>

namespace tidemark {
namespace {

constexpr qint64 kChunk = 2000;

// Streams (key, hash) rows in key order into one XXH3-128; returns {rows, hex}.
Result<QPair<qint64, QString>> setHash(SqliteDb& db, const QString& sql) {
    StretchQuery q(db, sql);
    TM_TRY(q.status());
    XXH3_state_t* state = XXH3_createState();
    XXH3_128bits_reset(state);
    qint64 rows = 0;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        QByteArray key = q.text(0).toUtf8();
        QByteArray hash = q.blob(1);
        quint32 n = quint32(key.size());
        XXH3_128bits_update(state, &n, sizeof n);
        XXH3_128bits_update(state, key.constData(), size_t(key.size()));
        XXH3_128bits_update(state, hash.constData(), size_t(hash.size()));
        ++rows;
    }
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(state));
    XXH3_freeState(state);
    if (rc != SQLITE_DONE)
        return db.error(QStringLiteral("hashing the stretch table"));
    QString hex = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(canonical.digest), sizeof canonical.digest)
            .toHex());
    return qMakePair(rows, hex);
}

// Runs `sql` (which handles rows with rowid in [:from, :to) of a temp table) chunk by chunk,
// each chunk its own transaction. Returns the rows changed.
Result<qint64> inChunks(SqliteDb& db, const QString& sql, qint64 last, JobContext& job) {
    qint64 changed = 0;
    for (qint64 from = 1; from <= last; from += kChunk) {
        if (job.cancelled())
            return Status::cancelled();
        Status s = inTransaction(db, [&]() -> Status {
            TM_TRY(execStretchSql(db, sql, {{":from", from}, {":to", from + kChunk}}));
            changed += sqlite3_changes64(db.handle());
            return Status::ok();
        });
        TM_TRY(s);
    }
    return changed;
}

} // namespace

Status reconcileTable(SqliteDb& db, const TableShape& shape, JobContext& job,
                      ReconciliationReport& report) {
    const QString table = quoteIdent(shape.name);
    const QString ledger = quoteIdent(shape.ledgerTable());
    const QString staging = quoteIdent(shape.stagingTable());
    QStringList keyColumns;
    for (const QString& c : shape.keyColumns)
        keyColumns << quoteIdent(c);
    const QString keyList = keyColumns.join(QStringLiteral(", "));
    QStringList prefixed;
    for (const QString& c : keyColumns)
        prefixed << QStringLiteral("k.") + c;
    const QString kKeyList = prefixed.join(QStringLiteral(", "));

    // What the remote holds now, keyed, in temporary tables of this connection only.
    TM_TRY(db.exec("DROP TABLE IF EXISTS temp.tm_remote; DROP TABLE IF EXISTS temp.tm_remove; "
                   "DROP TABLE IF EXISTS temp.tm_missing"));
    TM_TRY(execStretchSql(db, QStringLiteral("CREATE TEMP TABLE tm_remote AS SELECT %1, %2 AS "
                                             "tm_key, %3 AS tm_hash FROM remote.%4")
                                  .arg(keyList, shape.keyExpr(), shape.rowHashExpr(), table)));
    TM_TRY(db.exec("CREATE INDEX temp.tm_remote_key ON tm_remote(tm_key)"));
    TM_TRY(execStretchSql(
        db, QStringLiteral("CREATE TEMP TABLE tm_remove AS SELECT %1 FROM temp.tm_remote k LEFT "
                           "JOIN main.%2 l ON l.key = k.tm_key WHERE l.key IS NULL OR "
                           "l.row_hash <> k.tm_hash")
                .arg(kKeyList, ledger)));
    TM_TRY(execStretchSql(db, QStringLiteral("CREATE TEMP TABLE tm_missing AS SELECT l.key AS "
                                             "key, l.batch AS batch FROM main.%1 l LEFT JOIN "
                                             "temp.tm_remote k ON k.tm_key = l.key WHERE "
                                             "k.tm_key IS NULL OR k.tm_hash <> l.row_hash")
                                  .arg(ledger)));
    auto toRemove = scalarStretchSql(db, QStringLiteral("SELECT coalesce(max(rowid), 0) FROM "
                                                        "temp.tm_remove"));
    auto missing = scalarStretchSql(db, QStringLiteral("SELECT coalesce(max(rowid), 0) FROM "
                                                       "temp.tm_missing"));
    if (!toRemove)
        return toRemove.status();
    if (!missing)
        return missing.status();
    job.setProgress(0.2, QStringLiteral("removing rows migrated after the restore point"));
    auto removed = inChunks(db,
                            QStringLiteral("DELETE FROM remote.%1 WHERE (%2) IN (SELECT %2 FROM "
                                           "temp.tm_remove WHERE rowid >= :from AND rowid < :to)")
                                .arg(table, keyList),
                            *toRemove, job);
    if (!removed)
        return removed.status();
    report.removed += *removed;
    job.setProgress(0.5, QStringLiteral("re-inserting rows from staging"));
    // Rows under these keys with other content were removed above: a plain INSERT, so a row
    // that appeared since is never overwritten.
    auto reinserted = inChunks(
        db,
        QStringLiteral("INSERT INTO remote.%1(%2) SELECT %3 FROM temp.tm_missing m "
                       "JOIN main.%4 s ON s.tidemark_key = m.key AND s.tidemark_batch = m.batch "
                       "WHERE m.rowid >= :from AND m.rowid < :to")
            .arg(table, shape.columnList(), shape.columnList(QStringLiteral("s")), staging),
        *missing, job);
    if (!reinserted)
        return reinserted.status();
    report.reinserted += *reinserted;
    // Missing rows staging no longer holds: reported, never invented.
    QStringList lost;
    {
        StretchQuery q(db, QStringLiteral("SELECT m.key FROM temp.tm_missing m WHERE NOT EXISTS "
                                          "(SELECT 1 FROM main.%1 s WHERE s.tidemark_key = m.key "
                                          "AND s.tidemark_batch = m.batch) ORDER BY m.rowid")
                               .arg(staging));
        TM_TRY(q.status());
        while (q.step() == SQLITE_ROW)
            lost << q.text(0);
    }
    for (const QString& key : lost)
        report.unrecoverable << shape.name + QStringLiteral(": ") + key;
    TM_TRY(db.exec("CREATE TEMP TABLE IF NOT EXISTS tm_lost(key TEXT PRIMARY KEY); "
                   "DELETE FROM temp.tm_lost"));
    for (const QString& key : lost) {
        StretchQuery ins(db, QStringLiteral("INSERT OR IGNORE INTO temp.tm_lost(key) VALUES(:k)"),
                         nullptr, {{":k", key}});
        TM_TRY(ins.run());
    }
    job.setProgress(0.8, QStringLiteral("verifying local plus remote"));
    auto expected = setHash(
        db, QStringLiteral("SELECT key, h FROM (SELECT %1 AS key, %2 AS h FROM main.%3 UNION ALL "
                           "SELECT key, row_hash FROM main.%4 WHERE key NOT IN (SELECT key FROM "
                           "temp.tm_lost)) ORDER BY key, h")
                .arg(shape.keyExpr(), shape.rowHashExpr(), table, ledger));
    if (!expected)
        return expected.status();
    auto actual = setHash(db, QStringLiteral("SELECT key, h FROM (SELECT %1 AS key, %2 AS h FROM "
                                             "main.%3 UNION ALL SELECT %4, %5 FROM remote.%3 r) "
                                             "ORDER BY key, h")
                                  .arg(shape.keyExpr(), shape.rowHashExpr(), table,
                                       shape.keyExpr(QStringLiteral("r")),
                                       shape.rowHashExpr(QStringLiteral("r"))));
    if (!actual)
        return actual.status();
    report.expectedRows += expected->first;
    report.actualRows += actual->first;
    const bool same = expected->first == actual->first && expected->second == actual->second;
    report.verified = report.verified && same;
    auto join = [](const QString& a, const QString& b) {
        return a.isEmpty() ? b : a + QLatin1Char(',') + b;
    };
    report.expectedHash = join(report.expectedHash, expected->second);
    report.actualHash = join(report.actualHash, actual->second);
    ignoreStatus(db.exec("DROP TABLE IF EXISTS temp.tm_remote; DROP TABLE IF EXISTS "
                         "temp.tm_remove; DROP TABLE IF EXISTS temp.tm_missing; DROP TABLE IF "
                         "EXISTS temp.tm_lost"),
                 "temporary tables vanish with the connection");
    job.log(QStringLiteral("%1: removed %2, re-inserted %3, unrecoverable %4; %5")
                .arg(shape.name)
                .arg(*removed)
                .arg(*reinserted)
                .arg(lost.size())
                .arg(same ? QStringLiteral("local plus remote verified")
                          : QStringLiteral("local plus remote DIFFER from the restore point")));
    return Status::ok();
}

} // namespace tidemark
