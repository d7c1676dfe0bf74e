#pragma once

#include "catalog/Catalog.h"
#include "core/JobContext.h"

namespace tidemark {

class Workspace;

struct DrillResult {
    QString database;
    qint64 pointMs = 0;      // the instant restored
    qint64 restoredToMs = 0; // the backup point it resolved to
    qint64 durationMs = 0;
    bool passed = false;
    int foreignKeyViolations = 0;
    QString message;
};

// A restore drill ("deep verify"): restores a point into a scratch folder of the workspace,
// which checks PRAGMA integrity_check and the logical hash recorded at backup time, then runs
// PRAGMA foreign_key_check, removes the scratch file and records the outcome in the catalog.
// Without a point, a random instant of the restore window is drilled.
Result<DrillResult> runRestoreDrill(Workspace& workspace, Catalog& catalog, const QString& name,
                                    qint64 pointMs, JobContext& job);

} // namespace tidemark
