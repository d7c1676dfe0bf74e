#pragma once

#include "backup/BackupEngine.h"
#include "restore/RestorePlan.h"
#include "restore/Restorer.h"
#include "restore/Verifier.h"
#include "retention/Replicator.h"
#include "retention/RetentionPurge.h"
#include "stretch/Stretch.h"
#include "workspace/JobRunner.h"
#include "workspace/RestoreDrill.h"

#include <QJsonObject>

#include <memory>
#include <optional>

namespace tidemark {

class Workspace;

// The engine's jobs, each defined once: the kind recorded in the catalog and the work. The
// CLI, the console and the agent run these same definitions; each leaves a structured result
// in its JobContext, stored with the job as JSON (`jobs --json`, the console's job records).
struct JobDefinition {
    QString kind;
    QString target;
    JobRunner::Work work;
};

enum class JobTrigger { Manual, Scheduled };

// A backup of one database ("backup-TYPE" when asked for, "scheduled-TYPE" from the agent).
// `made`, when given, receives the backup for callers that print it.
JobDefinition backupJob(Workspace& workspace, const QString& database, BackupType type,
                        JobTrigger trigger, BarrierHook atBarrier = {},
                        std::shared_ptr<BackupInfo> made = {});
// A restore drill of one database at `pointMs` (-1: the latest point). A drill that restored
// but did not verify is a failed job (corruption), with the drill recorded either way.
JobDefinition drillJob(Workspace& workspace, const QString& database, qint64 pointMs,
                       std::shared_ptr<DrillResult> result = {});

// One JSON shape for a backup: `backups --json` rows and a backup job's result.
QJsonObject backupJson(const BackupInfo& backup);
// Quick verification of one database (by name) or, with an empty name, of the whole vault
// (target "all"). Its result says what was checked, what was healed and which databases lost
// which backups, so views never read the summary text.
JobDefinition verifyJob(Workspace& workspace, const QString& database,
                        std::shared_ptr<VerifyReport> report = {});

// A restore of one request ("restore", "restore-deleted", "restore-geo" or "restore-ltr" by its
// source). With `plan` (the console's plan page), exactly that plan runs; without, the job plans
// the request on its own connection and runs that plan.
JobDefinition restoreJob(Workspace& workspace, const RestoreRequest& request,
                         std::optional<RestorePlan> plan = std::nullopt,
                         std::shared_ptr<RestoreOutcome> outcome = {});

// Geo-replication of the vault to its secondary (target "secondary").
JobDefinition replicateJob(Workspace& workspace, std::shared_ptr<ReplicationStatus> status = {});
// Stops protecting a database; its backups stay for the retention period.
JobDefinition dropJob(Workspace& workspace, const QString& database,
                      std::shared_ptr<DatabaseInfo> dropped = {});
// Short-term retention of one database (live or dropped) at the workspace clock's now.
JobDefinition retentionJob(Workspace& workspace, const DatabaseInfo& database,
                           std::shared_ptr<PurgeReport> report = {});

// Links a database with stretch tables (a restored copy) to its remote endpoint again, then
// reconciles it ("stretch-reauthorize"). Losses found by reconciliation make a job that
// completed with its report saying so; a refused link or a failed reconciliation fails it.
JobDefinition stretchReauthorizeJob(Workspace& workspace, const QString& database,
                                    const QString& credential, Stretch::Endpoint endpoint,
                                    std::shared_ptr<ReconciliationReport> report = {});

QJsonObject drillResultJson(const DrillResult& drill);
QJsonObject verifyResultJson(const VerifyReport& report, const QString& scope);

} // namespace tidemark
