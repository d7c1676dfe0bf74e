#pragma once

#include "catalog/Catalog.h"
#include "core/Clock.h"
#include "core/JobContext.h"
#include "vault/Vault.h"

#include <optional>

namespace tidemark {

// What a log interval of continuous capture did: the log backup it sealed, or nothing when no
// commits were waiting (a success: an idle database). `summary` says which, for the job record.
struct SealOutcome {
    std::optional<BackupInfo> backup;
    QString summary;
};

// Folds a database's durable log segments (a contiguous run of captured commits) into one log
// backup: their pages go into a pack (identical page images stored once), the manifest lists
// every commit with its pages so a restore can stop at any of them, and the segments are
// removed once the catalog holds the backup. A run whose base verify declared unusable is
// never built on: it stays as segments, and the next run (after capture's new full) is sealed.
Result<SealOutcome> sealCapturedLog(const Vault& vault, Catalog& catalog, const Clock& clock,
                                    const DatabaseInfo& database, JobContext& job);

// Segment files already folded into a log backup (a crash between the catalog and the delete).
void removeFoldedSegments(const Vault& vault, Catalog& catalog, const QString& databaseUuid);

} // namespace tidemark
