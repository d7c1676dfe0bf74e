#include "stretch/RemoteEndpoint.h"

#include "core/Crypto.h"
#include "core/FileSystem.h"
#include "core/SqliteDb.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <unistd.h>

namespace tidemark {
namespace {

const char* kLinkSchema =
    "CREATE TABLE IF NOT EXISTS tidemark_stretch_link(id INTEGER PRIMARY KEY CHECK (id = 1), "
    "owner_uuid TEXT NOT NULL, owner_name TEXT NOT NULL, salt BLOB NOT NULL, "
    "verifier BLOB NOT NULL, linked_ms INTEGER NOT NULL)";

QByteArray verifierFor(const QByteArray& secret, const QByteArray& salt) {
    KeyedHasher h(secret);
    QByteArray input = QByteArrayLiteral("tidemark stretch link\n") + salt;
    return digestBytes(h.hash(input.constData(), size_t(input.size())));
}

Status openRemote(SqliteDb& db, const QString& file, bool create) {
    if (!create && !QFileInfo::exists(file))
        return Status::notFound(
            QStringLiteral("the remote endpoint %1 is unreachable (no such file)").arg(file));
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    TM_TRY(db.open(file, flags));
    sqlite3_busy_timeout(db.handle(), 30000);
    return db.exec("PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL");
}

struct LinkRow {
    QString owner;
    QString ownerName;
    QByteArray salt;
    QByteArray verifier;
};

Result<LinkRow> readLink(SqliteDb& db, const QString& file) {
    Statement q(db, "SELECT owner_uuid, owner_name, salt, verifier FROM tidemark_stretch_link "
                    "WHERE id = 1");
    if (!q.prepared() || q.step() != SQLITE_ROW)
        return Status::failed(QStringLiteral("%1 is not a Tidemark remote endpoint").arg(file));
    return LinkRow{q.text(0), q.text(1), q.blob(2), q.blob(3)};
}

Status wrongCredential(const QString& file) {
    return Status::wrongKey(
        QStringLiteral("the credential does not match the remote endpoint %1").arg(file));
}

} // namespace

QString remoteFileFor(const QString& dir, const QString& databaseUuid) {
    return QDir(dir).absoluteFilePath(databaseUuid + QStringLiteral(".stretch.db"));
}

Status linkRemote(const QString& file, const QByteArray& secret, const QString& ownerUuid,
                  const QString& ownerName, qint64 nowMs) {
    TM_TRY(FileSystem::posix().makeDirs(QFileInfo(file).absolutePath()));
    SqliteDb db;
    TM_TRY(openRemote(db, file, true));
    TM_TRY(db.exec("BEGIN IMMEDIATE"));
    Status s = db.exec(kLinkSchema);
    if (s) {
        auto existing = readLink(db, file);
        if (existing && existing->verifier != verifierFor(secret, existing->salt))
            s = wrongCredential(file);
    }
    if (s) {
        QByteArray salt = randomBytes(16);
        Statement q(db, "INSERT OR REPLACE INTO tidemark_stretch_link(id, owner_uuid, "
                        "owner_name, salt, verifier, linked_ms) VALUES(1, ?, ?, ?, ?, ?)");
        q.bind(1, ownerUuid).bind(2, ownerName).bind(3, salt).bind(4, verifierFor(secret, salt));
        q.bind(5, nowMs);
        s = q.run();
    }
    if (s)
        s = db.exec("COMMIT");
    if (!s)
        ignoreStatus(db.exec("ROLLBACK"), "cleanup after a failure that is already returned");
    return s;
}

Status verifyRemoteSecret(const QString& file, const QByteArray& secret) {
    SqliteDb db;
    TM_TRY(openRemote(db, file, false));
    auto link = readLink(db, file);
    if (!link)
        return link.status();
    if (link->verifier != verifierFor(secret, link->salt))
        return wrongCredential(file);
    return Status::ok();
}

Status checkRemoteLink(const QString& file, const QByteArray& secret, const QString& ownerUuid) {
    SqliteDb db;
    TM_TRY(openRemote(db, file, false));
    auto link = readLink(db, file);
    if (!link)
        return link.status();
    if (link->verifier != verifierFor(secret, link->salt))
        return wrongCredential(file);
    if (link->owner != ownerUuid)
        return Status::failed(QStringLiteral("not linked: the remote endpoint %1 now serves the "
                                             "database '%2'")
                                  .arg(file, link->ownerName));
    return Status::ok();
}

Status ensureRemoteTable(const QString& file, const TableShape& shape) {
    SqliteDb db;
    TM_TRY(openRemote(db, file, false));
    Statement q(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
    q.bind(1, shape.name);
    if (q.step() == SQLITE_ROW && q.int64(0) > 0)
        return Status::ok();
    return db.exec(shape.createSql.toUtf8().constData());
}

Status copyRemote(const QString& from, const QString& to) {
    if (QFileInfo::exists(to))
        return Status::alreadyExists(QStringLiteral("%1 already exists").arg(to));
    SqliteDb source;
    TM_TRY(openRemote(source, from, false));
    QString temporary = to + QStringLiteral(".tmp");
    QFile::remove(temporary);
    {
        SqliteDb target;
        TM_TRY(target.open(temporary,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX));
        sqlite3_backup* b = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
        if (!b)
            return target.error(QStringLiteral("copying the remote endpoint"));
        int rc = sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE)
            return target.error(QStringLiteral("copying the remote endpoint"));
        TM_TRY(target.exec("PRAGMA journal_mode=DELETE"));
    }
    // fsync the copy, then rename it into place and make the folder durable.
    {
        QFile f(temporary);
        if (!f.open(QIODevice::ReadWrite) || ::fsync(f.handle()) != 0)
            return Status::ioError(QStringLiteral("syncing %1").arg(temporary));
    }
    TM_TRY(FileSystem::posix().renameNoReplace(temporary, to));
    return FileSystem::posix().syncDir(QFileInfo(to).absolutePath());
}

} // namespace tidemark
