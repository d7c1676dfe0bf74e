// Protected databases: registering, policies, backups and dropping.
#include "workspace/Workspace.h"

#include "core/Names.h"
#include "core/SqliteDb.h"
#include "retention/LtrStore.h"
#include "workspace/CatalogSync.h"

#include <QFileInfo>
#include <QUrl>
#include <QUuid>

namespace tidemark {
namespace {

// Facts about a SQLite file, read without writing to it.
struct FileFacts {
    QString journalMode;
    int pageSize = 0;
    qint64 size = 0;
    qint64 tables = 0;
};

Result<FileFacts> inspectDatabase(const QString& path) {
    QFileInfo info(path);
    if (!info.exists())
        return Status::notFound(QStringLiteral("%1 does not exist").arg(path));
    if (!info.isFile())
        return Status::invalidArgument(QStringLiteral("%1 is not a file").arg(path));
    // Immutable: only the main file is read, so no -wal or -shm appears beside a database that
    // has none. A database with a log is read through it: a checkpoint may be half-way, and
    // the main file alone is then not a consistent image.
    SqliteDb db;
    const bool hasLog = QFileInfo::exists(path + QStringLiteral("-wal"));
    QString uri = QUrl::fromLocalFile(info.absoluteFilePath()).toString(QUrl::FullyEncoded) +
                  (hasLog ? QString() : QStringLiteral("?immutable=1"));
    TM_TRY(db.open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX));
    Statement check(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
    if (!check.prepared() || check.step() != SQLITE_ROW) {
        if (sqlite3_errcode(db.handle()) == SQLITE_NOTADB)
            return Status::invalidArgument(QStringLiteral("%1 is not a SQLite database").arg(path));
        return db.error(QStringLiteral("reading %1").arg(path));
    }
    FileFacts facts;
    facts.tables = check.int64(0);
    // Header bytes 18 and 19 are 2 for a database in WAL mode, 1 for a rollback journal.
    sqlite3_file* file = nullptr;
    unsigned char header[20] = {};
    if (sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK &&
        file && file->pMethods->xRead(file, header, sizeof header, 0) == SQLITE_OK)
        facts.journalMode = header[18] == 2 ? QStringLiteral("wal") : QStringLiteral("delete");
    Statement size(db, "PRAGMA page_size");
    if (size.step() == SQLITE_ROW)
        facts.pageSize = int(size.int64(0));
    facts.size = info.size();
    return facts;
}

} // namespace

Result<DatabaseInfo> Workspace::addDatabase(const QString& name, const QString& file,
                                            qint64 maxSize, QString* warning) {
    return addDatabase(*catalog_, name, file, maxSize, warning);
}

Result<DatabaseInfo> Workspace::addDatabase(Catalog& catalog, const QString& name,
                                            const QString& file, qint64 maxSize, QString* warning) {
    TM_TRY(validateDatabaseName(name));
    if (catalog.findDatabase(name))
        return Status::alreadyExists(
            QStringLiteral("a database named '%1' is already registered").arg(name));
    QString path = QFileInfo(file).absoluteFilePath();
    for (const DatabaseInfo& other : catalog.databases()) {
        if (QFileInfo(other.file).canonicalFilePath() == QFileInfo(path).canonicalFilePath() &&
            !other.file.isEmpty() && QFileInfo::exists(path))
            return Status::alreadyExists(
                QStringLiteral("%1 is already protected as '%2'").arg(path, other.name));
    }
    auto facts = inspectDatabase(path);
    if (!facts)
        return facts.status();
    DatabaseInfo d;
    d.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    d.name = name;
    d.file = path;
    const qint64 gib = qint64(1) << 30;
    d.maxSize = maxSize >= 0 ? maxSize : std::max<qint64>(gib, (facts->size + gib - 1) / gib * gib);
    d.addedMs = clock_->nowMs();
    d.journalMode = facts->journalMode;
    d.pageSize = facts->pageSize;
    // The vault's record first: the catalog is only ever an index of what the vault holds.
    TM_TRY(vault_->writeDatabaseRecord(d.uuid, recordFromDatabase(d)));
    TM_TRY(catalog.addDatabase(d));
    // Registering an empty file is allowed (an application may create its tables later), but
    // nobody should learn what that means from a row of failed backups.
    if (warning && facts->tables == 0)
        *warning = QStringLiteral(
                       "%1 has no tables yet: its backups fail with 'nothing to back up', and it "
                       "shows as unprotected with an open alert, until the application creates "
                       "a table; the first backup after that protects it")
                       .arg(name);
    return d;
}

Status Workspace::setMaxSize(const QString& name, qint64 maxSize) {
    auto db = catalog_->findDatabase(name);
    if (!db)
        return db.status();
    if (maxSize < 0)
        return Status::invalidArgument(QStringLiteral("the max data size cannot be negative"));
    db->maxSize = maxSize;
    QJsonObject record = recordFromDatabase(*db);
    record[QStringLiteral("policy")] = catalog_->policy(db->uuid).toJson();
    TM_TRY(vault_->writeDatabaseRecord(db->uuid, record));
    return catalog_->updateDatabase(*db);
}

Status Workspace::setPolicy(const QString& name, const BackupPolicy& policy) {
    auto db = catalog_->findDatabase(name);
    if (!db)
        return db.status();
    TM_TRY(policy.validate());
    QJsonObject record = recordFromDatabase(*db);
    record[QStringLiteral("policy")] = policy.toJson();
    TM_TRY(vault_->writeDatabaseRecord(db->uuid, record));
    return catalog_->setPolicy(db->uuid, policy);
}

Result<BackupInfo> Workspace::backup(Catalog& catalog, const DatabaseInfo& database,
                                     BackupType type, JobContext& job,
                                     const BarrierHook& atBarrier) {
    if (!degraded_.isEmpty())
        return Status::failed(QStringLiteral("no backups while %1").arg(degraded_));
    BackupEngine engine(*vault_, catalog, *clock_, *pool_);
    auto made = engine.run(database, type, job, atBarrier);
    if (made && made->type == BackupType::Full) {
        auto ltr = copyToLtrIfSelected(*vault_, catalog, database, *made, clock_->nowMs());
        if (!ltr)
            job.log(QStringLiteral("long-term copy not made: %1").arg(ltr.status().message()));
        else if (ltr->has_value())
            job.log(QStringLiteral("kept as a long-term backup (%1) until %2")
                        .arg((*ltr)->kinds.join(u','), formatTime((*ltr)->expiresMs)));
    }
    return made;
}

Result<DatabaseInfo> Workspace::dropDatabase(Catalog& catalog, const QString& name,
                                             JobContext& job) {
    auto db = catalog.findDatabase(name);
    if (!db)
        return db.status();
    if (QFileInfo::exists(db->file) && !catalog.backups(db->uuid).isEmpty()) {
        auto last = backup(catalog, *db, BackupType::Log, job);
        if (!last)
            return last.status().context(QStringLiteral("the final log backup failed; %1 is "
                                                        "still protected")
                                             .arg(name));
    } else {
        job.log(QStringLiteral("no final backup: the file is gone or was never backed up"));
    }
    db->droppedMs = clock_->nowMs();
    QJsonObject record = recordFromDatabase(*db);
    record[QStringLiteral("policy")] = catalog.policy(db->uuid).toJson();
    TM_TRY(vault_->writeDatabaseRecord(db->uuid, record));
    TM_TRY(catalog.updateDatabase(*db));
    return *db;
}

} // namespace tidemark
