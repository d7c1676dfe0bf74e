#pragma once

#include "backup/PageMap.h"
#include "catalog/Catalog.h"
#include "core/JobContext.h"
#include "core/WorkerPool.h"
#include "vault/Vault.h"

#include <functional>
#include <unordered_map>

namespace tidemark {

// A database state to write: pages in vault packs, plus pages held in memory (commits not yet
// folded into packs, and pages a commit added without writing). What to check it against.
struct RestoreInput {
    PageMap state;
    std::unordered_map<uint32_t, QByteArray> overlay; // page number -> bytes; wins over state
    QString expectedLogicalHash;                      // empty: no hash was recorded for this point
    qint64 restoredToMs = 0;
    qint64 restoredToCommit = -1;
    QList<BackupInfo> applied;
};

struct RestoreOutcome {
    QString file;
    QList<BackupInfo> applied;
    qint64 restoredToMs = 0;
    qint64 restoredToCommit = -1;
    QString integrity; // "ok" once integrity_check and the logical hash both passed
    bool logicalHashChecked = true;
    qint64 rebuildMs = 0; // reading, checking and writing pages
    qint64 verifyMs = 0;  // integrity_check, logical hash and fsync
};

// Rebuilds a database file from a chain of backups: every needed segment is read once,
// authenticated, decompressed and checked blob by blob; pages are written into a temporary
// file beside the target, which is synced, checked with PRAGMA integrity_check, compared with
// the logical hash recorded at backup time, and only then renamed to the target name.
// Never overwrites: an existing target is refused.
class Restorer {
public:
    // `files` writes the restored database (outside the vault): tests pass one that fails.
    Restorer(const Vault& vault, WorkerPool& pool, FileSystem& files)
        : vault_(vault), pool_(pool), files_(files) {}
    Result<RestoreOutcome> restore(const QList<BackupInfo>& chain, const QString& targetFile,
                                   JobContext& job);
    Result<RestoreOutcome> restore(const RestoreInput& input, const QString& targetFile,
                                   JobContext& job);
    // Told about every pack found missing or damaged, so the catalog can stop using it.
    std::function<void(const QString& pack, const QString& why)> onDamagedPack;

private:
    const Vault& vault_;
    WorkerPool& pool_;
    FileSystem& files_;
};

// PRAGMA integrity_check and the logical hash of a finished database file.
Status checkRestoredFile(const QString& path, const QString& expectedLogicalHash);

} // namespace tidemark
