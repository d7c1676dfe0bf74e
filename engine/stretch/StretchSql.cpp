#include "stretch/StretchSql.h"

namespace tidemark {

StretchQuery::StretchQuery(SqliteDb& db, const QString& sql, const StretchPredicate* predicate,
                           std::initializer_list<NamedValue> named)
    : db_(db) {
    QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(db.handle(), utf8.constData(), -1, &stmt_, nullptr) != SQLITE_OK) {
        status_ = db.error(QStringLiteral("preparing a stretch statement"));
        stmt_ = nullptr;
        return;
    }
    if (predicate)
        predicate->bind(stmt_);
    for (const NamedValue& v : named) {
        int i = sqlite3_bind_parameter_index(stmt_, v.name);
        if (i <= 0)
            continue;
        if (v.value.isNull())
            sqlite3_bind_null(stmt_, i);
        else if (v.value.typeId() == QMetaType::LongLong || v.value.typeId() == QMetaType::Int)
            sqlite3_bind_int64(stmt_, i, v.value.toLongLong());
        else if (v.value.typeId() == QMetaType::QByteArray) {
            QByteArray b = v.value.toByteArray();
            sqlite3_bind_blob(stmt_, i, b.constData(), int(b.size()), SQLITE_TRANSIENT);
        } else {
            QByteArray t = v.value.toString().toUtf8();
            sqlite3_bind_text(stmt_, i, t.constData(), int(t.size()), SQLITE_TRANSIENT);
        }
    }
}

StretchQuery::~StretchQuery() {
    if (stmt_)
        sqlite3_finalize(stmt_);
}

int StretchQuery::step() {
    return stmt_ ? sqlite3_step(stmt_) : SQLITE_MISUSE;
}

Status StretchQuery::run() {
    TM_TRY(status_);
    int rc;
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE)
        return db_.error(QStringLiteral("running a stretch statement"));
    return Status::ok();
}

Result<qint64> StretchQuery::scalar() {
    TM_TRY(status_);
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return qint64(sqlite3_column_int64(stmt_, 0));
    if (rc == SQLITE_DONE)
        return qint64(0);
    return db_.error(QStringLiteral("reading a stretch statement"));
}

QString StretchQuery::text(int c) const {
    const unsigned char* t = sqlite3_column_text(stmt_, c);
    return t ? QString::fromUtf8(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, c))
             : QString();
}

QByteArray StretchQuery::blob(int c) const {
    const void* p = sqlite3_column_blob(stmt_, c);
    return p ? QByteArray(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, c))
             : QByteArray();
}

Status execStretchSql(SqliteDb& db, const QString& sql, std::initializer_list<NamedValue> named) {
    StretchQuery q(db, sql, nullptr, named);
    return q.run();
}

Result<qint64> scalarStretchSql(SqliteDb& db, const QString& sql, const StretchPredicate* predicate,
                                std::initializer_list<NamedValue> named) {
    StretchQuery q(db, sql, predicate, named);
    return q.scalar();
}

} // namespace tidemark
