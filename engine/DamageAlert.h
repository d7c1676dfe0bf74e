#pragma once

#include "Catalog.h"
#include "JobContext.h"
#include "Verifier.h"

namespace tidemark {

// After verification (and any healing from copies): every backup still affected can no longer
// be restored. They are marked unusable, the honest restore window of each database is
// computed without them, the job log says what was lost, and one alert per database is raised
// (none again for backups already marked). Fills `report.damage`.
void recordUnhealedDamage(Catalog& catalog, VerifyReport& report, qint64 nowMs, JobContext& job);

} // namespace tidemark
