#pragma once

#include "JobContext.h"

#include <QMutex>
#include <QString>

namespace tidemark {

// One backup of a database at a time in this process (scheduled backups, capture's rebases
// and sealed logs, backups asked for by hand): held for the whole backup, so the next one
// chooses its base from, and deduplicates against, a catalog that lists the one before it.
// Two backups of the same database in flight would each store every new page.
class BackupTurn {
public:
    // Waits for the database's previous backup to end; says so in the job log if it must.
    BackupTurn(const QString& databaseUuid, JobContext& job);
    ~BackupTurn();
    BackupTurn(const BackupTurn&) = delete;
    BackupTurn& operator=(const BackupTurn&) = delete;

private:
    QMutex* mutex_;
};

} // namespace tidemark
