#include "stretch/TableShape.h"

#include "core/SqliteDb.h"

#include <QRegularExpression>

#include <xxhash.h>

#include <cstring>
#include <string>

namespace tidemark {
namespace {

void rowHash(sqlite3_context* context, int argc, sqlite3_value** argv) {
    std::string buffer;
    for (int i = 0; i < argc; ++i) {
        int type = sqlite3_value_type(argv[i]);
        buffer.push_back(char(type));
        if (type == SQLITE_INTEGER) {
            sqlite3_int64 v = sqlite3_value_int64(argv[i]);
            buffer.append(reinterpret_cast<const char*>(&v), sizeof v);
        } else if (type == SQLITE_FLOAT) {
            double v = sqlite3_value_double(argv[i]);
            buffer.append(reinterpret_cast<const char*>(&v), sizeof v);
        } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
            const void* p = type == SQLITE_TEXT
                                ? static_cast<const void*>(sqlite3_value_text(argv[i]))
                                : sqlite3_value_blob(argv[i]);
            uint64_t n = uint64_t(sqlite3_value_bytes(argv[i]));
            buffer.append(reinterpret_cast<const char*>(&n), sizeof n);
            if (n > 0)
                buffer.append(static_cast<const char*>(p), size_t(n));
        }
    }
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits(buffer.data(), buffer.size()));
    sqlite3_result_blob(context, canonical.digest, sizeof canonical.digest, SQLITE_TRANSIENT);
}

QString prefixed(const QString& alias, const QString& column) {
    return alias.isEmpty() ? quoteIdent(column) : alias + QLatin1Char('.') + quoteIdent(column);
}

} // namespace

QString quoteIdent(const QString& name) {
    QString q = name;
    q.replace(u'"', QStringLiteral("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString TableShape::columnList(const QString& alias) const {
    QStringList out;
    for (const QString& c : columns)
        out << prefixed(alias, c);
    return out.join(QStringLiteral(", "));
}

QString TableShape::keyExpr(const QString& alias) const {
    QStringList out;
    for (const QString& c : keyColumns)
        out << QStringLiteral("quote(%1)").arg(prefixed(alias, c));
    return out.join(QStringLiteral(" || ',' || "));
}

QString TableShape::keyTuple(const QString& alias) const {
    QStringList out;
    for (const QString& c : keyColumns)
        out << prefixed(alias, c);
    return QStringLiteral("(%1)").arg(out.join(QStringLiteral(", ")));
}

QString TableShape::rowHashExpr(const QString& alias) const {
    return QStringLiteral("tidemark_row_hash(%1)").arg(columnList(alias));
}

QString TableShape::orderBy() const {
    QStringList out;
    for (const QString& c : keyColumns)
        out << quoteIdent(c);
    return out.join(QStringLiteral(", "));
}

QString TableShape::keepsNewestRowSql() const {
    if (!reusesIds)
        return {};
    return QStringLiteral(" AND %1 < (SELECT max(%1) FROM main.%2)")
        .arg(quoteIdent(keyColumns.at(0)), quoteIdent(name));
}

Result<TableShape> readTableShape(sqlite3* db, const QString& schema, const QString& table) {
    TableShape shape;
    {
        QByteArray sql = QStringLiteral("SELECT name, sql FROM %1.sqlite_schema WHERE type = "
                                        "'table' AND name = ?1 COLLATE NOCASE")
                             .arg(quoteIdent(schema))
                             .toUtf8();
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.constData(), -1, &stmt, nullptr) != SQLITE_OK)
            return Status::ioError(QString::fromUtf8(sqlite3_errmsg(db)));
        QByteArray name = table.toUtf8();
        sqlite3_bind_text(stmt, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            shape.name =
                QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
            shape.createSql =
                QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)));
        }
        sqlite3_finalize(stmt);
    }
    if (shape.name.isEmpty())
        return Status::notFound(QStringLiteral("the database has no table '%1'").arg(table));
    QByteArray info = QStringLiteral("PRAGMA %1.table_info(%2)")
                          .arg(quoteIdent(schema), quoteIdent(shape.name))
                          .toUtf8();
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, info.constData(), -1, &stmt, nullptr) != SQLITE_OK)
        return Status::ioError(QString::fromUtf8(sqlite3_errmsg(db)));
    QList<QPair<int, QString>> keys;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        QString column =
            QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)));
        const unsigned char* type = sqlite3_column_text(stmt, 2);
        shape.columns << column;
        shape.types << (type ? QString::fromUtf8(reinterpret_cast<const char*>(type)) : QString());
        int pk = sqlite3_column_int(stmt, 5);
        if (pk > 0)
            keys << qMakePair(pk, column);
    }
    sqlite3_finalize(stmt);
    std::sort(keys.begin(), keys.end());
    for (const auto& k : keys)
        shape.keyColumns << k.second;
    if (keys.size() == 1) {
        static const QRegularExpression withoutRowid(QStringLiteral("WITHOUT\\s+ROWID\\s*;?\\s*$"),
                                                     QRegularExpression::CaseInsensitiveOption);
        const QString type = shape.types.at(shape.columns.indexOf(keys[0].second));
        shape.reusesIds =
            type.trimmed().compare(QStringLiteral("INTEGER"), Qt::CaseInsensitive) == 0 &&
            !shape.createSql.contains(withoutRowid) &&
            !shape.createSql.contains(QStringLiteral("AUTOINCREMENT"), Qt::CaseInsensitive);
    }
    if (shape.keyColumns.isEmpty())
        return Status::invalidArgument(
            QStringLiteral("the table '%1' has no primary key; a stretch table needs one so every "
                           "row can be found again on the remote endpoint")
                .arg(shape.name));
    return shape;
}

Status registerStretchFunctions(sqlite3* db) {
    int rc =
        sqlite3_create_function_v2(db, "tidemark_row_hash", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   nullptr, rowHash, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return Status::ioError(QString::fromUtf8(sqlite3_errmsg(db)));
    return Status::ok();
}

} // namespace tidemark
