#include "workspace/Agent.h"

#include "billing/Consumption.h"
#include "catalog/RestorePlanner.h"
#include "core/ErrorMessages.h"
#include "retention/LtrStore.h"
#include "retention/RetentionPurge.h"
#include "retention/Scheduler.h"
#include "retention/VaultGc.h"
#include "stretch/Stretch.h"
#include "workspace/Health.h"
#include "workspace/JobDefinitions.h"
#include "workspace/JobRunner.h"
#include "workspace/RestoreDrill.h"

#include <QThread>

namespace tidemark {
namespace {
constexpr qint64 kGcGraceMs = 3600 * 1000;
constexpr qint64 kGcIdleMs = 24 * kGcGraceMs;

// Changes whenever garbage may have appeared: backups made or removed (retention), long-term
// copies expired, or a job that did not succeed (a failed or killed backup may leave packs no
// manifest names). Succeeded jobs alone (an idle log interval) leave it as it was.
QString vaultChangeMark(Catalog& catalog) {
    qint64 unsuccessful = -1;
    for (const JobInfo& job : catalog.backupJobs(20)) {
        if (job.status != QStringLiteral("succeeded")) {
            unsuccessful = job.id;
            break;
        }
    }
    return QStringLiteral("%1/%2/%3")
        .arg(catalog.backupCount())
        .arg(catalog.ltrBackups().size())
        .arg(unsuccessful);
}
} // namespace

Agent::Agent(Workspace& workspace, AgentOptions options)
    : ws_(workspace), options_(std::move(options)) {}

void Agent::say(const QString& line) const {
    if (options_.log)
        options_.log(line);
}

qint64 Agent::pass(AgentReport& report) {
    Catalog& catalog = ws_.catalog();
    const qint64 now = ws_.clock().nowMs();
    if (options_.beforePass)
        options_.beforePass(now);
    ++report.passes;
    qint64 next = std::numeric_limits<qint64>::max();
    for (const DatabaseInfo& db : catalog.databases()) {
        BackupPolicy policy = catalog.policy(db.uuid);
        LogCapture* replayed = replayCapture(db);
        if (replayed)
            ignoreStatus(replayed->step(), "capture retries at the next pass");
        auto due = dueAt(policy, catalog.backups(db.uuid), db.addedMs, now);
        // A captured database's log backups are sealed by its capture (recorded as jobs).
        if (due && due->type == BackupType::Log && replayed) {
            ignoreStatus(replayed->sealScheduled(), "recorded as the scheduled-log job");
            due.reset();
        }
        if (due && due->type == BackupType::Log && capture_ && capture_->captures(db.uuid))
            due.reset();
        if (due) {
            const BarrierHook hook = replayed   ? replayed->barrierHook()
                                     : capture_ ? capture_->hookFor(db.uuid)
                                                : BarrierHook();
            JobContext context;
            if (due->missedSlots > 0 && !caughtUp_.contains(db.uuid))
                context.log(QStringLiteral("%1 %2 slot(s) were missed while no agent ran; "
                                           "catching up with one backup now")
                                .arg(due->missedSlots)
                                .arg(backupTypeName(due->type)));
            caughtUp_.insert(db.uuid);
            BackupType type = due->type;
            QString summary;
            Status s = JobRunner::runNow(catalog, ws_.clock(),
                                         backupJob(ws_, db.name, type, JobTrigger::Scheduled, hook),
                                         context, &summary);
            if (s) {
                ++report.backups;
                say(QStringLiteral("%1 %2: %3").arg(formatTime(now), db.name, summary));
            } else {
                ++report.failures;
                say(QStringLiteral("%1 %2: %3 backup failed: %4")
                        .arg(formatTime(now), db.name, backupTypeName(type), userMessage(s)));
            }
        }
        auto purged = applyRetention(ws_.vault(), catalog, db, now);
        if (!purged) {
            say(QStringLiteral("%1 %2: retention failed: %3")
                    .arg(formatTime(now), db.name, userMessage(purged.status())));
        } else if (!purged->purgedIds.isEmpty()) {
            report.purged += int(purged->purgedIds.size());
            say(QStringLiteral("%1 %2: retention removed %3 backups")
                    .arg(formatTime(now), db.name)
                    .arg(purged->purgedIds.size()));
        }
        ScheduleState state = scheduleFor(policy, catalog.backups(db.uuid), db.addedMs);
        // A failing database is retried at its next log slot, not in a tight loop.
        qint64 dbNext = state.nextMs();
        if (dbNext <= now)
            dbNext = now + policy.logIntervalMs();
        next = std::min(next, dbNext);
    }
    if (ws_.redundancy().geo()) {
        auto replicated = ws_.replicate(catalog);
        if (!replicated)
            say(QStringLiteral("%1 geo-replication: %2")
                    .arg(formatTime(now), userMessage(replicated.status())));
    }
    auto expired = expireLtr(ws_.vault(), catalog, now);
    if (!expired)
        say(QStringLiteral("%1 long-term retention: %2")
                .arg(formatTime(now), userMessage(expired.status())));
    // Scheduled restore drills: a green check means a restore was performed and verified.
    for (const DatabaseInfo& db : catalog.databases()) {
        const int every = catalog.policy(db.uuid).drillDays;
        if (every <= 0 || RestorePlanner(catalog.backups(db.uuid)).window().empty())
            continue;
        QList<DrillInfo> last = catalog.drills(db.uuid, 1);
        if (!last.isEmpty() && last.first().atMs + qint64(every) * 24 * 3600 * 1000 > now)
            continue;
        JobContext context;
        // The outcome is recorded with the drill and the job; the log line below says it.
        ignoreStatus(JobRunner::runNow(catalog, ws_.clock(), drillJob(ws_, db.name, -1), context),
                     "recorded as the drill and its job");
        say(QStringLiteral("%1 %2: restore drill: %3")
                .arg(formatTime(now), db.name, context.logText().section(u'\n', -1)));
    }
    // Dropped databases take no backups, but their backups age out under the same retention.
    for (const DatabaseInfo& db : catalog.databases(true)) {
        if (db.droppedMs < 0)
            continue;
        auto purged = applyRetention(ws_.vault(), catalog, db, now);
        if (purged && !purged->purgedIds.isEmpty()) {
            report.purged += int(purged->purgedIds.size());
            say(QStringLiteral("%1 %2 (dropped): retention removed %3 backups")
                    .arg(formatTime(now), db.name)
                    .arg(purged->purgedIds.size()));
        }
    }
    // Garbage waits a grace hour anyway; collecting at most once an hour (not every five-minute
    // pass) keeps a long replay from reading every manifest at every slot. A collection lists
    // the whole vault, and object stores bill listings: it runs only after something changed
    // (see vaultChangeMark), and once a day for whatever else (another host) left garbage.
    const QString mark = vaultChangeMark(catalog);
    if (lastGcMs_ < 0 ||
        (now - lastGcMs_ >= kGcGraceMs && (mark != gcMark_ || now - lastGcMs_ >= kGcIdleMs))) {
        collectGarbage(ws_.vault(), catalog, now, kGcGraceMs);
        lastGcMs_ = now;
        gcMark_ = mark;
    }
    // Stretch tables: reconciliations, migration batches, staging purge, remote snapshots.
    next = std::min(next, ws_.stretch(catalog).runPass([this](const QString& l) { say(l); }));
    recordHours(now);
    // Alerts follow the health verdict even while nobody reads `status`. A replay walks
    // simulated time no one is watching, so it leaves that to whoever looks afterwards.
    if (!options_.replayClock) {
        Status synced;
        readHealth(ws_, catalog, &synced, /*agentIsCaller=*/true);
        if (!synced)
            say(QStringLiteral("%1 health alerts: %2").arg(formatTime(now), userMessage(synced)));
    }
    return next;
}

LogCapture* Agent::replayCapture(const DatabaseInfo& database) {
    if (!options_.capture || !options_.replayClock)
        return nullptr;
    auto found = replayCaptures_.find(database.uuid);
    if (found != replayCaptures_.end())
        return found->second.get();
    if (!isWalDatabase(database.file))
        return nullptr;
    CaptureOptions captureOptions = options_.captureOptions;
    if (!captureOptions.log)
        captureOptions.log = options_.log;
    auto made = std::make_unique<LogCapture>(ws_.vault(), ws_.catalogPath(), ws_.clock(),
                                             ws_.pool(), database, captureOptions);
    LogCapture* raw = made.get();
    replayCaptures_.emplace(database.uuid, std::move(made));
    return raw;
}

void Agent::recordHours(qint64 now) {
    // Storage only changes at passes, so every hour since the last sample had today's usage.
    constexpr qint64 kHour = 3600 * 1000;
    const qint64 hour = now / kHour * kHour;
    if (hour <= lastUsageHourMs_)
        return;
    Catalog& catalog = ws_.catalog();
    qint64 first =
        lastUsageHourMs_ < 0 ? hour : std::max(lastUsageHourMs_ + kHour, hour - 40 * 24 * kHour);
    for (const DatabaseInfo& db : catalog.databases(true)) {
        if (db.droppedMs >= 0 && catalog.backups(db.uuid).isEmpty() &&
            catalog.ltrBackups(db.uuid).isEmpty())
            continue;
        UsageSample sample = measureUsage(ws_.vault(), catalog, db, hour, ws_.redundancy().kind);
        for (qint64 h = first; h <= hour; h += kHour) {
            sample.hourMs = h;
            if (Status s = storeSample(catalog, sample); !s)
                say(QStringLiteral("%1 usage not recorded: %2").arg(formatTime(now), s.message()));
        }
    }
    lastUsageHourMs_ = hour;
}

Result<AgentReport> Agent::run() {
    AgentReport report;
    if (options_.capture && !options_.replayClock) {
        CaptureOptions captureOptions = options_.captureOptions;
        if (!captureOptions.log)
            captureOptions.log = options_.log;
        capture_ = std::make_unique<CaptureService>(ws_, captureOptions);
    }
    // On the way out every capture thread seals what it holds.
    auto stopCapture = qScopeGuard([this] {
        if (capture_)
            capture_->stop();
    });
    qint64 lastRefresh = -1;
    for (;;) {
        if (options_.stop && options_.stop->load())
            break;
        if (capture_) {
            capture_->refresh();
            lastRefresh = ws_.clock().nowMs();
        }
        qint64 next = pass(report);
        if (next == std::numeric_limits<qint64>::max()) {
            // No databases: look again in a minute.
            next = ws_.clock().nowMs() + 60 * 1000;
        }
        if (options_.untilMs >= 0 && next > options_.untilMs)
            break;
        if (options_.replayClock) {
            options_.replayClock->setMs(std::max(next, ws_.clock().nowMs() + 1));
            continue;
        }
        while (ws_.clock().nowMs() < next) {
            if (options_.stop && options_.stop->load())
                return report;
            // Databases added meanwhile start being captured within seconds.
            if (capture_ && ws_.clock().nowMs() - lastRefresh > 5000) {
                capture_->refresh();
                lastRefresh = ws_.clock().nowMs();
            }
            QThread::msleep(std::min<qint64>(200, next - ws_.clock().nowMs()));
        }
    }
    return report;
}

} // namespace tidemark
