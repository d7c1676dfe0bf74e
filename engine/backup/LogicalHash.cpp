#include "backup/LogicalHash.h"

#include <QStringList>

#include <algorithm>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace tidemark {
namespace {

constexpr size_t kFlushAt = 256 * 1024;

XXH3_state_t* state(void* p) {
    return static_cast<XXH3_state_t*>(p);
}

QByteArray quoted(const QString& name, char quote) {
    QString q = name;
    q.replace(QLatin1Char(quote), QString(2, QLatin1Char(quote)));
    return (QLatin1Char(quote) + q + QLatin1Char(quote)).toUtf8();
}

Status sqlError(sqlite3* db, const QString& what) {
    return Status::failed(what + QStringLiteral(": ") + QString::fromUtf8(sqlite3_errmsg(db)));
}

QByteArray columnText(sqlite3_stmt* s, int c) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
    return p ? QByteArray(p, sqlite3_column_bytes(s, c)) : QByteArray();
}

} // namespace

LogicalHasher::LogicalHasher(sqlite3* db) : db_(db), hash_(XXH3_createState()) {
    XXH3_128bits_reset(state(hash_));
    buffer_.reserve(kFlushAt);
}

LogicalHasher::~LogicalHasher() {
    sqlite3_finalize(rows_);
    XXH3_freeState(state(hash_));
}

void LogicalHasher::put(const void* p, size_t n) {
    if (buffer_.size() + n > kFlushAt)
        flush();
    if (n > kFlushAt) {
        XXH3_128bits_update(state(hash_), p, n);
        return;
    }
    buffer_.append(static_cast<const char*>(p), n);
}

void LogicalHasher::text(const QByteArray& b) {
    u64(uint64_t(b.size()));
    put(b.constData(), size_t(b.size()));
}

void LogicalHasher::flush() {
    XXH3_128bits_update(state(hash_), buffer_.data(), buffer_.size());
    buffer_.clear();
}

Status LogicalHasher::start() {
    started_ = true;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_,
                           "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                           "ORDER BY type, name",
                           -1, &s, nullptr) != SQLITE_OK)
        return sqlError(db_, QStringLiteral("reading the schema"));
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        QByteArray type = columnText(s, 0), name = columnText(s, 1), table = columnText(s, 2),
                   sql = columnText(s, 3);
        tag('S');
        text(type);
        text(name);
        text(table);
        text(sql);
        // Virtual tables keep their rows in shadow tables, which are hashed as tables.
        QByteArray upper = sql.toUpper();
        if (type == "table" && !upper.startsWith("CREATE VIRTUAL"))
            tables_.append({QString::fromUtf8(name), upper.contains("WITHOUT ROWID")});
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sqlError(db_, QStringLiteral("reading the schema"));
    std::sort(tables_.begin(), tables_.end(),
              [](const Table& a, const Table& b) { return a.name < b.name; });
    return Status::ok();
}

Status LogicalHasher::openTable() {
    const Table& t = tables_[nextTable_++];
    QByteArray sql;
    if (t.withoutRowid) {
        // Rows of a WITHOUT ROWID table are keyed by its primary key columns.
        QStringList order;
        sqlite3_stmt* info = nullptr;
        QByteArray pragma = "SELECT name FROM pragma_table_info(" + quoted(t.name, '\'') +
                            ") WHERE pk > 0 ORDER BY pk";
        if (sqlite3_prepare_v2(db_, pragma.constData(), -1, &info, nullptr) == SQLITE_OK) {
            while (sqlite3_step(info) == SQLITE_ROW)
                order << QString::fromUtf8(quoted(QString::fromUtf8(columnText(info, 0)), '"'));
        }
        sqlite3_finalize(info);
        sql = "SELECT * FROM " + quoted(t.name, '"') + " ORDER BY " + order.join(u',').toUtf8();
    } else {
        sql = "SELECT _rowid_, * FROM " + quoted(t.name, '"') + " ORDER BY _rowid_";
    }
    if (sqlite3_prepare_v2(db_, sql.constData(), -1, &rows_, nullptr) != SQLITE_OK)
        return sqlError(db_, QStringLiteral("reading table %1").arg(t.name));
    tag('T');
    text(t.name.toUtf8());
    columns_ = sqlite3_column_count(rows_);
    rowCount_ = 0;
    return Status::ok();
}

Result<bool> LogicalHasher::step(int budget) {
    if (done_)
        return true;
    if (!started_)
        TM_TRY(start());
    while (budget > 0) {
        if (!rows_) {
            if (nextTable_ >= tables_.size()) {
                flush();
                XXH128_canonical_t canonical;
                XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(state(hash_)));
                result_ = QString::fromLatin1(
                    QByteArray(reinterpret_cast<const char*>(canonical.digest), 16).toHex());
                done_ = true;
                return true;
            }
            TM_TRY(openTable());
        }
        int rc = SQLITE_DONE;
        while (budget-- > 0 && (rc = sqlite3_step(rows_)) == SQLITE_ROW) {
            ++rowCount_;
            tag('R');
            for (int c = 0; c < columns_; ++c) {
                // One call per column: the sqlite3_value_* accessors skip the per-call checks
                // the sqlite3_column_* family repeats.
                sqlite3_value* v = sqlite3_column_value(rows_, c);
                switch (sqlite3_value_type(v)) {
                case SQLITE_INTEGER:
                    tag('i');
                    u64(uint64_t(sqlite3_value_int64(v)));
                    break;
                case SQLITE_FLOAT: {
                    double d = sqlite3_value_double(v);
                    tag('f');
                    put(&d, 8);
                    break;
                }
                case SQLITE_TEXT: {
                    const void* p = sqlite3_value_text(v);
                    uint64_t n = uint64_t(sqlite3_value_bytes(v));
                    tag('t');
                    u64(n);
                    put(p, n);
                    break;
                }
                case SQLITE_BLOB: {
                    const void* p = sqlite3_value_blob(v);
                    uint64_t n = uint64_t(sqlite3_value_bytes(v));
                    tag('b');
                    u64(n);
                    if (n)
                        put(p, n);
                    break;
                }
                default:
                    tag('n');
                }
            }
        }
        if (budget >= 0) {
            // The table ended (or failed) before the budget ran out.
            if (rc != SQLITE_DONE)
                return sqlError(
                    db_, QStringLiteral("reading table %1").arg(tables_[nextTable_ - 1].name));
            sqlite3_finalize(rows_);
            rows_ = nullptr;
            u64(rowCount_);
        }
    }
    return false;
}

Result<QString> LogicalHasher::finish(const std::atomic<bool>* cancel) {
    for (;;) {
        if (cancel && cancel->load())
            return Status::cancelled();
        auto r = step(4096);
        if (!r)
            return r.status();
        if (*r)
            return result_;
    }
}

Result<QString> computeLogicalHash(sqlite3* db, const std::atomic<bool>* cancel) {
    LogicalHasher hasher(db);
    return hasher.finish(cancel);
}

} // namespace tidemark
