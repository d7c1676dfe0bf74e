#include "core/SqliteDb.h"

#include <QFile>

namespace tidemark {

SqliteDb::~SqliteDb() {
    close();
}

Status SqliteDb::open(const QString& path, int flags, const char* vfs) {
    close();
    int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &db_, flags, vfs);
    if (rc != SQLITE_OK) {
        Status s = Status::ioError(
            QStringLiteral("cannot open %1: %2").arg(path, QString::fromUtf8(sqlite3_errstr(rc))));
        close();
        return s;
    }
    sqlite3_extended_result_codes(db_, 1);
    return Status::ok();
}

void SqliteDb::close() {
    if (db_) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
    }
}

Status SqliteDb::exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        QString text = QString::fromUtf8(err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
            return Status::busy(text);
        if ((rc & 0xff) == SQLITE_FULL)
            return Status::noSpace(text);
        return Status::failed(text);
    }
    return Status::ok();
}

QString SqliteDb::lastError() const {
    return db_ ? QString::fromUtf8(sqlite3_errmsg(db_)) : QStringLiteral("not open");
}

Status SqliteDb::error(const QString& what) const {
    int rc = db_ ? sqlite3_errcode(db_) : SQLITE_MISUSE;
    QString text = what + QStringLiteral(": ") + lastError();
    if (rc == SQLITE_FULL)
        return Status::noSpace(text);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return Status::busy(text);
    if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
        return Status::corruption(text);
    return Status::failed(text);
}

Statement::Statement(const SqliteDb& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
        SQLITE_OK)
        stmt_ = nullptr;
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int i, qint64 v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
}
Statement& Statement::bind(int i, const QString& v) {
    QByteArray u = v.toUtf8();
    sqlite3_bind_text(stmt_, i, u.constData(), int(u.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind(int i, const QByteArray& v) {
    sqlite3_bind_blob(stmt_, i, v.constData(), int(v.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bindNull(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
}

int Statement::step() {
    return stmt_ ? sqlite3_step(stmt_) : SQLITE_MISUSE;
}

Status Statement::run() {
    if (!stmt_)
        return db_.error(QStringLiteral("preparing a catalog statement"));
    int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_.error(QStringLiteral("updating the catalog"));
    return Status::ok();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

QString Statement::text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(stmt_, c)) : QString();
}

QByteArray Statement::blob(int c) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, c));
    return p ? QByteArray(p, sqlite3_column_bytes(stmt_, c)) : QByteArray();
}

} // namespace tidemark
