#include "LogicalHash.h"

#include "Crypto.h"

#include <QStringList>

#include <string>

namespace tidemark {
namespace {

// Batches small pieces so the digest sees large updates.
class HashBuffer {
public:
    void put(const void* p, size_t n) {
        if (buf_.size() + n > kFlushAt)
            flush();
        if (n > kFlushAt) {
            hash_.update(p, n);
            return;
        }
        buf_.append(static_cast<const char*>(p), n);
    }
    void tag(char t) { buf_.push_back(t); }
    void u64(uint64_t v) { put(&v, 8); }
    void text(const QByteArray& b) {
        u64(uint64_t(b.size()));
        put(b.constData(), size_t(b.size()));
    }
    QString finish() {
        flush();
        return digestHex(hash_.finish());
    }

private:
    static constexpr size_t kFlushAt = 256 * 1024;
    void flush() {
        hash_.update(buf_.data(), buf_.size());
        buf_.clear();
    }
    std::string buf_;
    Sha256Stream hash_;
};

QByteArray quoted(const QString& name) {
    QString q = name;
    q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return (QLatin1Char('"') + q + QLatin1Char('"')).toUtf8();
}

Status sqlError(sqlite3* db, const QString& what) {
    return Status::failed(what + QStringLiteral(": ") + QString::fromUtf8(sqlite3_errmsg(db)));
}

} // namespace

Result<QString> computeLogicalHash(sqlite3* db, const std::atomic<bool>* cancel) {
    HashBuffer h;
    struct Table {
        QString name;
        bool withoutRowid = false;
    };
    QList<Table> tables;
    {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db,
                               "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                               "ORDER BY type, name",
                               -1, &s, nullptr) != SQLITE_OK)
            return sqlError(db, QStringLiteral("reading the schema"));
        while (sqlite3_step(s) == SQLITE_ROW) {
            QByteArray type(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
            QByteArray name(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
            QByteArray table(reinterpret_cast<const char*>(sqlite3_column_text(s, 2)));
            QByteArray sql(reinterpret_cast<const char*>(sqlite3_column_text(s, 3)));
            h.tag('S');
            h.text(type);
            h.text(name);
            h.text(table);
            h.text(sql);
            // Virtual tables keep their rows in shadow tables, which are hashed as tables.
            if (type == "table" && !sql.toUpper().startsWith("CREATE VIRTUAL"))
                tables.append({QString::fromUtf8(name), sql.toUpper().contains("WITHOUT ROWID")});
        }
        sqlite3_finalize(s);
    }
    std::sort(tables.begin(), tables.end(),
              [](const Table& a, const Table& b) { return a.name < b.name; });
    for (const Table& t : tables) {
        QByteArray sql;
        if (t.withoutRowid) {
            // WITHOUT ROWID tables are stored in primary key order; scan the table itself.
            QStringList keys;
            sqlite3_stmt* info = nullptr;
            QByteArray pragma = "SELECT name FROM pragma_table_info(" +
                                quoted(t.name).replace('"', '\'') + ") WHERE pk > 0 ORDER BY pk";
            if (sqlite3_prepare_v2(db, pragma.constData(), -1, &info, nullptr) == SQLITE_OK) {
                while (sqlite3_step(info) == SQLITE_ROW)
                    keys << QString::fromUtf8(
                        reinterpret_cast<const char*>(sqlite3_column_text(info, 0)));
            }
            sqlite3_finalize(info);
            QStringList order;
            for (const QString& k : keys)
                order << QString::fromUtf8(quoted(k));
            sql = "SELECT * FROM " + quoted(t.name) + " ORDER BY " + order.join(u',').toUtf8();
        } else {
            sql = "SELECT _rowid_, * FROM " + quoted(t.name) + " ORDER BY _rowid_";
        }
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql.constData(), -1, &s, nullptr) != SQLITE_OK)
            return sqlError(db, QStringLiteral("reading table %1").arg(t.name));
        h.tag('T');
        h.text(t.name.toUtf8());
        int columns = sqlite3_column_count(s);
        uint64_t rows = 0;
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            if ((++rows & 0xfff) == 0 && cancel && cancel->load()) {
                sqlite3_finalize(s);
                return Status::cancelled();
            }
            h.tag('R');
            for (int c = 0; c < columns; ++c) {
                switch (sqlite3_column_type(s, c)) {
                case SQLITE_INTEGER:
                    h.tag('i');
                    h.u64(uint64_t(sqlite3_column_int64(s, c)));
                    break;
                case SQLITE_FLOAT: {
                    double d = sqlite3_column_double(s, c);
                    h.tag('f');
                    h.put(&d, 8);
                    break;
                }
                case SQLITE_TEXT: {
                    const void* p = sqlite3_column_text(s, c);
                    uint64_t n = uint64_t(sqlite3_column_bytes(s, c));
                    h.tag('t');
                    h.u64(n);
                    h.put(p, n);
                    break;
                }
                case SQLITE_BLOB: {
                    const void* p = sqlite3_column_blob(s, c);
                    uint64_t n = uint64_t(sqlite3_column_bytes(s, c));
                    h.tag('b');
                    h.u64(n);
                    if (n)
                        h.put(p, n);
                    break;
                }
                default:
                    h.tag('n');
                }
            }
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
            return sqlError(db, QStringLiteral("reading table %1").arg(t.name));
        h.u64(rows);
    }
    return h.finish();
}

} // namespace tidemark
