#pragma once

#include "catalog/Catalog.h"
#include "core/JobContext.h"

#include <QMutex>
#include <QString>

namespace tidemark {

// One backup of a database at a time (scheduled backups, capture's rebases and sealed logs,
// backups asked for by hand, in this process or another one on the workspace): held for the
// whole backup, so the next one chooses its base from, and deduplicates against, a catalog that
// lists the one before it. Two backups of the same database in flight would each store every
// new page. Across processes the turn is an exclusive lock on a file beside the catalog
// (locks/backup-UUID.lock), released by the kernel if its holder dies.
class BackupTurn {
public:
    // Waits for the database's previous backup to end; says so in the job log if it must. A
    // job cancelled while it waits stops waiting: held() is then false and nothing is held.
    BackupTurn(Catalog& catalog, const QString& databaseUuid, JobContext& job);
    bool held() const { return held_; }
    ~BackupTurn();
    BackupTurn(const BackupTurn&) = delete;
    BackupTurn& operator=(const BackupTurn&) = delete;

private:
    QMutex* mutex_;
    int fd_ = -1;
    bool held_ = false;
};

} // namespace tidemark
