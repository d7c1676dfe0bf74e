#pragma once

#include "core/Status.h"

#include <QByteArray>
#include <QString>

#include <sqlite3.h>

namespace tidemark {

// Thin RAII wrappers over the SQLite C API for the engine's own databases (the catalog and
// restored files). One connection belongs to one thread.
class SqliteDb {
public:
    SqliteDb() = default;
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    Status open(const QString& path, int flags, const char* vfs = nullptr);
    void close();
    sqlite3* handle() const { return db_; }
    Status exec(const char* sql);
    QString lastError() const;
    Status error(const QString& what) const;

private:
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(const SqliteDb& db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool prepared() const { return stmt_ != nullptr; }
    Statement& bind(int i, qint64 v);
    Statement& bind(int i, const QString& v);
    Statement& bind(int i, const QByteArray& v);
    Statement& bindNull(int i);
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step();
    Status run(); // step to completion, ok on SQLITE_DONE
    void reset();
    qint64 int64(int c) const { return sqlite3_column_int64(stmt_, c); }
    QString text(int c) const;
    QByteArray blob(int c) const;
    bool isNull(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
    sqlite3_stmt* handle() const { return stmt_; }

private:
    const SqliteDb& db_;
    sqlite3_stmt* stmt_ = nullptr;
};

} // namespace tidemark
