#pragma once

#include "core/Clock.h"
#include "core/JobContext.h"
#include "core/SqliteDb.h"
#include "stretch/StretchStore.h"
#include "stretch/TableShape.h"

namespace tidemark {

// Makes local plus remote equal the table as of the restore point, for one stretch table of a
// database whose remote endpoint is attached as "remote". The restored database is the
// reference: its ledger names every row migrated by the restore point (and its row hash), its
// staging table still holds those migrated within the RPO duration.
//   - remote rows the ledger does not name (migrated after the restore point, or changed) are
//     removed: they are local again, or were not in the table at that point;
//   - ledger rows the remote lacks are re-inserted from staging;
//   - ledger rows the remote lacks and staging no longer holds are listed as unrecoverable;
//   - then local plus remote is compared with local plus ledger: row count and a hash over
//     every row's key and content.
// Every step is idempotent and commits in chunks, so a kill -9 loses nothing: running it again
// finishes the job. Adds its counts to `report`.
Status reconcileTable(SqliteDb& db, const TableShape& shape, JobContext& job,
                      ReconciliationReport& report);

} // namespace tidemark
