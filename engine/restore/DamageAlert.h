#pragma once

#include "catalog/Catalog.h"
#include "core/JobContext.h"
#include "restore/Verifier.h"

namespace tidemark {

// After verification (and any healing from copies): every backup still affected can no longer
// be restored. They are marked unusable, the honest restore window of each database is
// computed without them, the job log says what was lost (with any database record or LTR copy
// no copy could heal), and one alert per database is raised (none again for backups already
// marked and objects already named). Fills `report.damage`.
void recordUnhealedDamage(Catalog& catalog, VerifyReport& report, qint64 nowMs, JobContext& job);

// After a complete verification of `databaseUuid` (empty: every database): backups marked
// unusable that it found intact (repaired by hand, or healed) become usable again, and a
// database in which it found nothing damaged has its open damage alerts cleared, saying so.
// Fills `report.intactAgain` and `report.clearedAlerts`.
void clearResolvedDamage(Catalog& catalog, VerifyReport& report, const QString& databaseUuid,
                         qint64 nowMs, JobContext& job);

} // namespace tidemark
