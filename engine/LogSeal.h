#pragma once

#include "Catalog.h"
#include "Clock.h"
#include "JobContext.h"
#include "Vault.h"

namespace tidemark {

// Folds a database's durable log segments (a contiguous run of captured commits) into one log
// backup: their pages go into a pack (identical page images stored once), the manifest lists
// every commit with its pages so a restore can stop at any of them, and the segments are
// removed once the catalog holds the backup. NotFound when there is nothing to fold.
Result<BackupInfo> sealCapturedLog(const Vault& vault, Catalog& catalog, const Clock& clock,
                                   const DatabaseInfo& database, JobContext& job);

// Segment files already folded into a log backup (a crash between the catalog and the delete).
void removeFoldedSegments(const Vault& vault, Catalog& catalog, const QString& databaseUuid);

} // namespace tidemark
