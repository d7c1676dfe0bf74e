#pragma once

#include "catalog/Catalog.h"
#include "catalog/RestorePlanner.h"
#include "workspace/LocationStatus.h"

namespace tidemark {

class Workspace;

// The one verdict on a database's protection. `status`, `db list`, the console's overview,
// tree badges, tray and integrity page, and the health alerts all show this value; none of
// them works out a verdict of its own.
enum class HealthState { Protected, AtRisk, Unprotected, Dropped };

// Why a database is not simply protected. `code` is stable (scripts and tests match on it);
// `message` is for people and names the facts (which backup, since when, what to do).
struct HealthReason {
    QString code;
    QString message;
};

struct DatabaseHealth {
    QString uuid;
    QString name;
    HealthState state = HealthState::Unprotected;
    QList<HealthReason> reasons;
    RestoreWindow window;   // the same window `restore-window` reports
    qint64 lastGoodMs = -1; // the newest restorable instant (-1: none)
    bool hasReason(const QString& code) const;
};

// Reason codes.
namespace health_code {
inline const QString kNoBackup = QStringLiteral("no_backup");
inline const QString kNothingRestorable = QStringLiteral("nothing_restorable");
inline const QString kUnusableBase = QStringLiteral("unusable_base");
inline const QString kBackupFailing = QStringLiteral("backup_failing");
inline const QString kFileMissing = QStringLiteral("file_missing");
inline const QString kCaptureBreak = QStringLiteral("capture_break");
inline const QString kCaptureStopped = QStringLiteral("capture_stopped");
inline const QString kCaptureStale = QStringLiteral("capture_stale");
inline const QString kBackupsOverdue = QStringLiteral("backups_overdue");
inline const QString kReplicationLag = QStringLiteral("replication_lag");
inline const QString kLocationUnreachable = QStringLiteral("location_unreachable");
inline const QString kRetentionShortfall = QStringLiteral("retention_shortfall");
inline const QString kDamage = QStringLiteral("damage");
inline const QString kAlert = QStringLiteral("alert");
inline const QString kDrillFailed = QStringLiteral("drill_failed");
inline const QString kDropped = QStringLiteral("dropped");
} // namespace health_code

QString healthStateName(HealthState state); // "protected", "at_risk", "unprotected", "dropped"
QString healthStateText(HealthState state); // "Protected", "At risk", ...

// Facts about the workspace as a whole that every database's verdict needs; gathered once.
struct HealthContext {
    qint64 nowMs = 0;
    bool agentRunning = false;
    qint64 replicationLagMs = -1;      // -1: no geo secondary, or it did not answer
    QList<LocationStatus> unreachable; // vault locations that did not answer
};
// `agentIsCaller`: the agent itself asks, so it runs whatever the lock table shows.
HealthContext healthContext(Workspace& workspace, Catalog& catalog, bool agentIsCaller = false);
// The same, with the geo lag taken from a look at the locations already made
// (Workspace::locationStatus) rather than asking the secondary again.
HealthContext healthContext(Workspace& workspace, const QList<LocationStatus>& locations);
// Whether two looks at the locations lead to the same verdicts (the same locations answer, the
// secondary on the same side of the lag limit): the console reloads its views when not.
bool sameHealthFacts(const QList<LocationStatus>& before, const QList<LocationStatus>& after);

// Reads only; `catalog` is the calling thread's connection.
DatabaseHealth databaseHealth(Workspace& workspace, Catalog& catalog, const DatabaseInfo& database,
                              const HealthContext& context);
// Every registered database, then the dropped ones still under retention.
QList<DatabaseHealth> workspaceHealth(Workspace& workspace, Catalog& catalog,
                                      bool agentIsCaller = false);
QList<DatabaseHealth> workspaceHealth(Workspace& workspace, Catalog& catalog,
                                      const HealthContext& context);

// Keeps the alerts table in step with the verdicts: an open alert for each condition a person
// must act on (failing backups, a vanished file, stopped capture, ...), cleared with a note when
// the condition ends. Damage alerts stay verification's to raise and clear.
Status syncHealthAlerts(Catalog& catalog, const QList<DatabaseHealth>& health, qint64 nowMs);

// What every reader of the verdict does (the agent, `status`, the console): the verdicts, with
// the alerts kept in step. A workspace open read-only on a surviving copy cannot record alerts;
// the verdicts are the same either way, and `alertsNotUpdated` says why when it happens.
QList<DatabaseHealth> readHealth(Workspace& workspace, Catalog& catalog,
                                 Status* alertsNotUpdated = nullptr, bool agentIsCaller = false);
QList<DatabaseHealth> readHealth(Workspace& workspace, Catalog& catalog,
                                 const HealthContext& context, Status* alertsNotUpdated = nullptr);

} // namespace tidemark
