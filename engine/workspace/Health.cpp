#include "workspace/Health.h"

#include "capture/CaptureStore.h"
#include "catalog/Alerts.h"
#include "core/Clock.h"
#include "core/Units.h"
#include "retention/Replicator.h"
#include "retention/Scheduler.h"
#include "workspace/AgentLock.h"
#include "workspace/Workspace.h"

#include <QFileInfo>
#include <QHash>

namespace tidemark {

namespace {

// How late a backup may run before it counts as missed: an agent pass that is busy with other
// databases, or a machine waking from sleep, should not turn the console red.
constexpr qint64 kOverdueGraceMs = 15 * 60 * 1000;
// Azure's geo-replication objective: the secondary is at most an hour behind.
constexpr qint64 kReplicationLagLimitMs = 3600 * 1000;
constexpr qint64 kHourMs = 3600 * 1000;

// The conditions health raises and clears alerts for itself. Damage is verification's and
// other alerts (stretch clashes, ...) are their raiser's: health only reads those.
const QStringList& alertableCodes() {
    static const QStringList codes{
        health_code::kUnusableBase,        health_code::kBackupFailing,
        health_code::kFileMissing,         health_code::kCaptureBreak,
        health_code::kCaptureStopped,      health_code::kBackupsOverdue,
        health_code::kReplicationLag,      health_code::kRetentionShortfall,
        health_code::kDrillFailed,         health_code::kCaptureStale,
        health_code::kLocationUnreachable,
    };
    return codes;
}

bool isBackupJob(const QString& kind) {
    return kind.startsWith(QStringLiteral("backup")) ||
           kind.startsWith(QStringLiteral("scheduled-")) ||
           kind == QStringLiteral("capture-rebase");
}

// What the job history says about a database's backups: the newest outcome, and for a run of
// failures how many and since when.
struct BackupAttempts {
    JobInfo newest;
    int failuresInARow = 0;
    qint64 failingSinceMs = -1;
    qint64 lastSuccessMs = -1;
    bool running = false; // a backup of it is in progress now
};

QHash<QString, BackupAttempts> backupAttempts(Catalog& catalog) {
    QHash<QString, BackupAttempts> byName;
    QSet<QString> runEnded;
    for (const JobInfo& j : catalog.backupJobs(2000)) { // newest first
        if (!isBackupJob(j.kind))
            continue;
        BackupAttempts& a = byName[j.target];
        // A job left "running" by a process that died is marked interrupted at the next open;
        // one running now serves the slot it was started for.
        if (j.status == QStringLiteral("running")) {
            a.running = true;
            continue;
        }
        if (a.newest.id == 0)
            a.newest = j;
        const bool failed = j.status == QStringLiteral("failed");
        if (failed && !runEnded.contains(j.target)) {
            ++a.failuresInARow;
            a.failingSinceMs = j.startMs;
        } else {
            runEnded.insert(j.target);
        }
        if (j.status == QStringLiteral("succeeded") && a.lastSuccessMs < 0)
            a.lastSuccessMs = j.endMs >= 0 ? j.endMs : j.startMs;
    }
    return byName;
}

// Alerts name their database first ("shop: ..."); a reason is always read beside the name.
QString withoutName(const QString& message, const QString& name) {
    const QString prefix = name + QStringLiteral(": ");
    return message.startsWith(prefix) ? message.mid(prefix.size()) : message;
}

void add(DatabaseHealth& h, const QString& code, const QString& message) {
    h.reasons.append(HealthReason{code, message});
}

// The newest backup that is restorable and a full: damage before it no longer puts the
// database at risk (its hole stays visible in the restore window's gaps).
qint64 newestGoodFullMs(const QList<BackupInfo>& backups, const QSet<QString>& broken) {
    qint64 newest = -1;
    for (const BackupInfo& b : backups)
        if (b.type == BackupType::Full && b.status != kUnusable && !broken.contains(b.id))
            newest = std::max(newest, b.snapshotMs);
    return newest;
}

void checkBackups(DatabaseHealth& h, const QList<BackupInfo>& backups, const QSet<QString>& broken,
                  const QList<Alert>& alerts, const DatabaseInfo& db) {
    if (!backups.isEmpty()) {
        const BackupInfo& newest = backups.last();
        if (broken.contains(newest.id) || newest.status == kUnusable)
            add(h, health_code::kUnusableBase,
                QStringLiteral("the newest backup %1 (%2) cannot be restored because its chain "
                               "is damaged; the next backup must be a full")
                    .arg(newest.id, formatTime(newest.snapshotMs)));
    }
    const qint64 goodFullMs = newestGoodFullMs(backups, broken);
    QHash<QString, qint64> snapshotOf;
    for (const BackupInfo& b : backups)
        snapshotOf.insert(b.id, b.snapshotMs);
    for (const Alert& a : alerts) {
        if (!a.open() || a.databaseUuid != db.uuid || alertableCodes().contains(a.kind))
            continue;
        if (a.kind == health_code::kDamage) {
            // Damage confined to backups older than a good full is history, not risk.
            bool current = a.backups.isEmpty();
            for (const QString& id : a.backups)
                if (!snapshotOf.contains(id) || snapshotOf.value(id) >= goodFullMs)
                    current = true;
            if (current)
                add(h, health_code::kDamage, withoutName(a.message, db.name));
        } else {
            add(h, health_code::kAlert, withoutName(a.message, db.name));
        }
    }
}

void checkAttempts(DatabaseHealth& h, const BackupAttempts& attempts) {
    if (attempts.newest.status != QStringLiteral("failed"))
        return;
    const QString message =
        attempts.newest.message.isEmpty() ? QStringLiteral("no message") : attempts.newest.message;
    add(h, health_code::kBackupFailing,
        attempts.failuresInARow == 1
            ? QStringLiteral("the last backup failed at %1: %2")
                  .arg(formatTime(attempts.newest.startMs), message)
            : QStringLiteral("%1 backups in a row failed since %2; the last: %3")
                  .arg(attempts.failuresInARow)
                  .arg(formatTime(attempts.failingSinceMs), message));
}

void checkSchedule(DatabaseHealth& h, const DatabaseInfo& db, const QList<BackupInfo>& backups,
                   const BackupPolicy& policy, const BackupAttempts& attempts, bool capturing,
                   const HealthContext& context) {
    const ScheduleState next = scheduleFor(policy, backups, db.addedMs);
    // A log slot is served by any successful backup job, a "nothing changed" one included, and
    // for a captured database by capture itself.
    qint64 lastServedMs = attempts.lastSuccessMs;
    for (const BackupInfo& b : backups)
        lastServedMs = std::max(lastServedMs, b.endMs);
    const qint64 logDueMs =
        capturing ? std::numeric_limits<qint64>::max()
                  : (lastServedMs >= 0 ? lastServedMs + policy.logIntervalMs() : db.addedMs);
    const qint64 dueMs = std::min({next.nextFullMs, next.nextDiffMs, logDueMs});
    if (context.nowMs - dueMs <= kOverdueGraceMs || attempts.running)
        return;
    const QString why = context.agentRunning
                            ? QString()
                            : QStringLiteral("; no agent runs for this workspace (start "
                                             "`tidemark-cli agent` or the console)");
    add(h, health_code::kBackupsOverdue,
        backups.isEmpty() ? QStringLiteral("the first full was due %1%2")
                                .arg(humanAge(context.nowMs - dueMs), why)
                          : QStringLiteral("backups are overdue: one was due %1%2")
                                .arg(humanAge(context.nowMs - dueMs), why));
}

void checkCapture(DatabaseHealth& h, const CaptureStatus& capture, const BackupPolicy& policy,
                  const HealthContext& context) {
    if (!capture.captured)
        return;
    // A running capture confirms the log every few seconds, idle or not; one that stopped
    // confirming (the file left WAL mode, the log cannot be opened, ...) protects nothing new.
    if (context.agentRunning && !capture.broken && capture.confirmedMs >= 0 &&
        context.nowMs - capture.confirmedMs > policy.logIntervalMs() + kOverdueGraceMs)
        add(h, health_code::kCaptureStale,
            QStringLiteral("continuous capture has confirmed nothing since %1 although the agent "
                           "runs; see the agent's log")
                .arg(formatTime(capture.confirmedMs)));
    if (capture.broken)
        add(h, health_code::kCaptureBreak,
            QStringLiteral("continuous capture broke (%1); the next backup rebases it")
                .arg(capture.reason));
    if (!context.agentRunning)
        add(h, health_code::kCaptureStopped,
            capture.confirmedMs >= 0
                ? QStringLiteral("continuous capture stopped: no agent runs for this workspace; "
                                 "commits after %1 are not captured")
                      .arg(formatTime(capture.confirmedMs))
                : QStringLiteral("continuous capture stopped: no agent runs for this workspace"));
}

void checkRetention(DatabaseHealth& h, const QList<BackupInfo>& backups, const BackupPolicy& policy,
                    const HealthContext& context) {
    if (backups.isEmpty() || h.window.empty())
        return;
    qint64 firstMs = backups.first().snapshotMs;
    for (const BackupInfo& b : backups)
        firstMs = std::min(firstMs, b.snapshotMs);
    const qint64 promisedFromMs = context.nowMs - policy.retentionMs();
    if (firstMs < promisedFromMs - kHourMs && h.window.earliestMs > promisedFromMs + kHourMs)
        add(h, health_code::kRetentionShortfall,
            QStringLiteral("the restore window starts %1, later than the %2 days of retention "
                           "promise")
                .arg(formatTime(h.window.earliestMs))
                .arg(policy.retentionDays));
}

} // namespace

bool DatabaseHealth::hasReason(const QString& code) const {
    for (const HealthReason& r : reasons)
        if (r.code == code)
            return true;
    return false;
}

QString healthStateName(HealthState state) {
    switch (state) {
    case HealthState::Protected:
        return QStringLiteral("protected");
    case HealthState::AtRisk:
        return QStringLiteral("at_risk");
    case HealthState::Unprotected:
        return QStringLiteral("unprotected");
    case HealthState::Dropped:
        return QStringLiteral("dropped");
    }
    return QStringLiteral("unprotected");
}

QString healthStateText(HealthState state) {
    switch (state) {
    case HealthState::Protected:
        return QStringLiteral("Protected");
    case HealthState::AtRisk:
        return QStringLiteral("At risk");
    case HealthState::Unprotected:
        return QStringLiteral("Unprotected");
    case HealthState::Dropped:
        return QStringLiteral("Dropped");
    }
    return QStringLiteral("Unprotected");
}

HealthContext healthContext(Workspace& workspace, Catalog& catalog, bool agentIsCaller) {
    HealthContext c = healthContext(workspace, workspace.locationStatus(catalog));
    c.agentRunning = c.agentRunning || agentIsCaller;
    return c;
}

HealthContext healthContext(Workspace& workspace, const QList<LocationStatus>& locations) {
    HealthContext c;
    c.nowMs = workspace.clock().nowMs();
    c.agentRunning = AgentLock::isHeld(workspace.dir());
    c.replicationLagMs = secondaryLagMs(locations);
    for (const LocationStatus& l : locations) {
        if (!l.reachable)
            c.unreachable << l;
    }
    return c;
}

bool sameHealthFacts(const QList<LocationStatus>& before, const QList<LocationStatus>& after) {
    const auto facts = [](const QList<LocationStatus>& locations) {
        QStringList out;
        for (const LocationStatus& l : locations)
            out << QStringLiteral("%1 %2 %3")
                       .arg(l.url)
                       .arg(l.reachable)
                       .arg(l.lagMs > kReplicationLagLimitMs);
        return out;
    };
    return facts(before) == facts(after);
}

namespace {

DatabaseHealth evaluate(Workspace& workspace, Catalog& catalog, const DatabaseInfo& db,
                        const HealthContext& context, const BackupAttempts& attempts,
                        const QList<Alert>& alerts) {
    DatabaseHealth h;
    h.uuid = db.uuid;
    h.name = db.name;
    const QList<BackupInfo> backups = catalog.backups(db.uuid);
    const Workspace::Restorable span = workspace.restorable(catalog, db);
    h.window = span.window;
    h.lastGoodMs = span.window.latestMs;
    if (db.droppedMs >= 0) {
        h.state = HealthState::Dropped;
        const BackupPolicy policy = catalog.policy(db.uuid);
        add(h, health_code::kDropped,
            QStringLiteral("dropped %1; its backups are kept until %2")
                .arg(formatTime(db.droppedMs), formatTime(db.droppedMs + policy.retentionMs())));
        return h;
    }
    QSet<QString> broken;
    for (const BackupInfo& b : RestorePlanner(backups).unrestorable())
        broken.insert(b.id);
    const BackupPolicy policy = catalog.policy(db.uuid);
    const CaptureStatus capture = capture_store::status(catalog, db.uuid, context.nowMs);
    const bool capturing =
        capture.captured && !capture.broken && context.agentRunning &&
        context.nowMs - capture.confirmedMs <= policy.logIntervalMs() + kOverdueGraceMs;

    if (!QFileInfo::exists(db.file))
        add(h, health_code::kFileMissing,
            QStringLiteral("the database file %1 is gone; nothing new can be backed up (its "
                           "backups stay restorable)")
                .arg(db.file));
    checkBackups(h, backups, broken, alerts, db);
    checkAttempts(h, attempts);
    checkCapture(h, capture, policy, context);
    checkSchedule(h, db, backups, policy, attempts, capturing, context);
    if (context.replicationLagMs > kReplicationLagLimitMs)
        add(h, health_code::kReplicationLag,
            QStringLiteral("the geo-secondary is %1 min behind (more than an hour)")
                .arg(context.replicationLagMs / 60000));
    for (const LocationStatus& l : context.unreachable)
        add(h, health_code::kLocationUnreachable,
            QStringLiteral("the %1 location %2 does not answer: %3").arg(l.role, l.url, l.problem));
    checkRetention(h, backups, policy, context);
    const QList<DrillInfo> drills = catalog.drills(db.uuid, 1);
    if (!drills.isEmpty() && !drills.first().passed)
        add(h, health_code::kDrillFailed,
            QStringLiteral("the last restore drill (%1) failed: %2")
                .arg(formatTime(drills.first().atMs), drills.first().message));

    if (h.window.empty()) {
        h.state = HealthState::Unprotected;
        h.reasons.prepend(
            backups.isEmpty()
                ? HealthReason{health_code::kNoBackup, QStringLiteral("not backed up yet")}
                : HealthReason{health_code::kNothingRestorable,
                               QStringLiteral("none of its %1 backups can be restored")
                                   .arg(backups.size())});
    } else {
        h.state = h.reasons.isEmpty() ? HealthState::Protected : HealthState::AtRisk;
    }
    return h;
}

} // namespace

DatabaseHealth databaseHealth(Workspace& workspace, Catalog& catalog, const DatabaseInfo& database,
                              const HealthContext& context) {
    const auto attempts = backupAttempts(catalog);
    return evaluate(workspace, catalog, database, context, attempts.value(database.name),
                    listAlerts(catalog));
}

QList<DatabaseHealth> workspaceHealth(Workspace& workspace, Catalog& catalog, bool agentIsCaller) {
    return workspaceHealth(workspace, catalog, healthContext(workspace, catalog, agentIsCaller));
}

QList<DatabaseHealth> workspaceHealth(Workspace& workspace, Catalog& catalog,
                                      const HealthContext& context) {
    const auto attempts = backupAttempts(catalog);
    const QList<Alert> alerts = listAlerts(catalog);
    QList<DatabaseHealth> out;
    QList<DatabaseInfo> dropped;
    for (const DatabaseInfo& db : catalog.databases(true)) {
        if (db.droppedMs >= 0)
            dropped.append(db);
        else
            out.append(evaluate(workspace, catalog, db, context, attempts.value(db.name), alerts));
    }
    // A dropped database's job history may share its name with a live one: none is read.
    for (const DatabaseInfo& db : dropped)
        out.append(evaluate(workspace, catalog, db, context, BackupAttempts(), alerts));
    return out;
}

QList<DatabaseHealth> readHealth(Workspace& workspace, Catalog& catalog, Status* alertsNotUpdated,
                                 bool agentIsCaller) {
    return readHealth(workspace, catalog, healthContext(workspace, catalog, agentIsCaller),
                      alertsNotUpdated);
}

QList<DatabaseHealth> readHealth(Workspace& workspace, Catalog& catalog,
                                 const HealthContext& context, Status* alertsNotUpdated) {
    QList<DatabaseHealth> health = workspaceHealth(workspace, catalog, context);
    Status synced = syncHealthAlerts(catalog, health, workspace.clock().nowMs());
    if (alertsNotUpdated)
        *alertsNotUpdated = synced;
    return health;
}

Status syncHealthAlerts(Catalog& catalog, const QList<DatabaseHealth>& health, qint64 nowMs) {
    const QList<Alert> open = listAlerts(catalog);
    for (const DatabaseHealth& h : health) {
        QSet<QString> raised;
        for (const Alert& a : open) {
            if (a.databaseUuid != h.uuid || !alertableCodes().contains(a.kind))
                continue;
            if (h.hasReason(a.kind) && h.state != HealthState::Dropped)
                raised.insert(a.kind);
            else if (Status cleared = clearAlert(catalog, a.id, nowMs);
                     !cleared && cleared.code() != Status::Code::NotFound)
                return cleared; // NotFound: another process cleared it first
        }
        if (h.state == HealthState::Dropped)
            continue;
        for (const HealthReason& r : h.reasons) {
            if (!alertableCodes().contains(r.code) || raised.contains(r.code))
                continue;
            Alert a;
            a.atMs = nowMs;
            a.kind = r.code;
            a.databaseUuid = h.uuid;
            a.databaseName = h.name;
            a.message = QStringLiteral("%1: %2").arg(h.name, r.message);
            a.earliestMs = h.window.earliestMs;
            a.latestMs = h.window.latestMs;
            auto id = raiseAlert(catalog, a);
            if (!id)
                return id.status();
            raised.insert(r.code);
        }
    }
    return Status::ok();
}

} // namespace tidemark
