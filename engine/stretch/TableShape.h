#pragma once

#include "core/Status.h"

#include <QString>
#include <QStringList>

#include <sqlite3.h>

namespace tidemark {

// Double-quoted SQL identifier.
QString quoteIdent(const QString& name);

// The columns and primary key of a stretch table, and the SQL fragments every stretch step
// builds on. A row's key is the text of its primary key values (SQLite's quote(), joined by
// commas): the same row has the same key locally, in staging and on the remote endpoint.
struct TableShape {
    QString name;
    QStringList columns;
    QStringList types; // declared types, so staging keeps each column's affinity
    QStringList keyColumns;
    QString createSql; // the table's own CREATE TABLE, used on the remote endpoint
    // The key is an INTEGER PRIMARY KEY without AUTOINCREMENT: SQLite gives a new row
    // max(id) + 1, so it would hand out the id of a migrated row again.
    bool reusesIds = false;

    // "a"."c1", "a"."c2", ... (no prefix when alias is empty)
    QString columnList(const QString& alias = {}) const;
    QString keyExpr(const QString& alias = {}) const;
    // ("k1", "k2") row value of the key columns.
    QString keyTuple(const QString& alias = {}) const;
    QString rowHashExpr(const QString& alias = {}) const;
    QString orderBy() const;
    // " AND ..." keeping the row with the highest id local when the table reusesIds: while it
    // stays, SQLite's next id is above every migrated one. Holding one row back is the least
    // surprising way to get there: refusing such tables would refuse SQLite's commonest key,
    // and a placeholder row would show up in the application's own queries. Empty for other
    // tables (AUTOINCREMENT keeps sqlite_sequence; other keys come from the application, and
    // a reused key is caught as a clash).
    QString keepsNewestRowSql() const;

    QString stagingTable() const { return QStringLiteral("tidemark_stretch_staging_") + name; }
    QString ledgerTable() const { return QStringLiteral("tidemark_stretch_ledger_") + name; }
};

inline const char* kBatchesTable = "tidemark_stretch_batches";

// Reads `schema`.`table` from the connection; refuses a missing table or one without a
// primary key.
Result<TableShape> readTableShape(sqlite3* db, const QString& schema, const QString& table);

// Registers tidemark_row_hash(...) on the connection: a 128-bit XXH3 of the typed values, so
// a row hashes the same wherever it is stored.
Status registerStretchFunctions(sqlite3* db);

} // namespace tidemark
