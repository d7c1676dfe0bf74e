#pragma once

#include "core/SqliteDb.h"
#include "stretch/StretchPredicate.h"

#include <QVariant>

#include <initializer_list>

namespace tidemark {

// Small helpers for the generated SQL of the stretch steps: the predicate's constants and
// other values (:batch, :now, ...) are bound by name.
struct NamedValue {
    const char* name;
    QVariant value;
};

class StretchQuery {
public:
    StretchQuery(SqliteDb& db, const QString& sql, const StretchPredicate* predicate = nullptr,
                 std::initializer_list<NamedValue> named = {});
    ~StretchQuery();
    StretchQuery(const StretchQuery&) = delete;
    StretchQuery& operator=(const StretchQuery&) = delete;

    Status status() const { return status_; }
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step();
    Status run();
    Result<qint64> scalar();
    sqlite3_stmt* handle() const { return stmt_; }
    QString text(int c) const;
    QByteArray blob(int c) const;
    qint64 int64(int c) const { return sqlite3_column_int64(stmt_, c); }

private:
    SqliteDb& db_;
    sqlite3_stmt* stmt_ = nullptr;
    Status status_;
};

Status execStretchSql(SqliteDb& db, const QString& sql,
                      std::initializer_list<NamedValue> named = {});
Result<qint64> scalarStretchSql(SqliteDb& db, const QString& sql,
                                const StretchPredicate* predicate = nullptr,
                                std::initializer_list<NamedValue> named = {});

// Runs `body` inside BEGIN/COMMIT, rolling back on failure.
template <typename F> Status inTransaction(SqliteDb& db, F&& body, bool immediate = false) {
    TM_TRY(db.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN"));
    Status s = body();
    if (s)
        s = db.exec("COMMIT");
    if (!s)
        ignoreStatus(db.exec("ROLLBACK"), "cleanup after a failure that is already returned");
    return s;
}

} // namespace tidemark
