#pragma once

#include "Catalog.h"
#include "Clock.h"
#include "JobContext.h"
#include "PageMap.h"
#include "Vault.h"
#include "WorkerPool.h"

namespace tidemark {

// Takes one backup of one protected database: chooses the base, streams a consistent
// snapshot through the pipeline into packs, writes the manifest, then records it in the
// catalog. Order matters for crash safety: packs durable, then manifest durable, then catalog.
class BackupEngine {
public:
    BackupEngine(const Vault& vault, Catalog& catalog, const Clock& clock, WorkerPool& pool);
    Result<BackupInfo> run(const DatabaseInfo& database, BackupType requested, JobContext& job);

private:
    const Vault& vault_;
    Catalog& catalog_;
    const Clock& clock_;
    WorkerPool& pool_;
};

// Builds the page state after a chain of backups, reading manifests from the vault.
Result<PageMap> loadChainState(const Vault& vault, const QList<BackupInfo>& chain);

QString newBackupId(qint64 ms);

} // namespace tidemark
