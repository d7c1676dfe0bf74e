#pragma once

#include "backup/PageMap.h"
#include "catalog/Catalog.h"
#include "core/Clock.h"
#include "core/JobContext.h"
#include "core/WorkerPool.h"
#include "vault/Vault.h"

#include <functional>

namespace tidemark {

// Takes one backup of one protected database: chooses the base, streams a consistent
// snapshot through the pipeline into packs, writes the manifest, then records it in the
// catalog. Order matters for crash safety: packs durable, then manifest durable, then catalog.
// What continuous capture says about a snapshot, asked at the snapshot's barrier.
struct CaptureMark {
    qint64 lastCommit = -1; // the commit whose state the snapshot holds
    qint64 gapFromMs = -1;  // a rebase: commits since then were not captured
    QString gapReason;
};
using BarrierHook = std::function<Result<CaptureMark>()>;

class BackupEngine {
public:
    BackupEngine(const Vault& vault, Catalog& catalog, const Clock& clock, WorkerPool& pool);
    // With `atBarrier`, the backup is tied to a commit of continuous capture (see CaptureMark).
    Result<BackupInfo> run(const DatabaseInfo& database, BackupType requested, JobContext& job,
                           const BarrierHook& atBarrier = {});

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
