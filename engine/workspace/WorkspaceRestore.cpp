// Restores (planned in RestorePlanning.cpp), geo-restore and verification.
#include "workspace/Workspace.h"

#include "capture/CaptureStore.h"
#include "capture/SyncInterval.h"
#include "catalog/RestorePlanner.h"
#include "core/Names.h"
#include "restore/DamageAlert.h"

namespace tidemark {

Status Workspace::checkNewName(Catalog& catalog, const QString& newName) const {
    TM_TRY(validateDatabaseName(newName));
    if (catalog.findDatabase(newName))
        return Status::alreadyExists(
            QStringLiteral("a database named '%1' is already registered; restore to a new name")
                .arg(newName));
    return Status::ok();
}

void Workspace::registerRestored(Catalog& catalog, const QString& newName, const QString& file,
                                 const DatabaseInfo& source, qint64 restoredToMs, JobContext& job) {
    auto registered = addDatabase(catalog, newName, file, source.maxSize);
    if (!registered) {
        job.log(
            QStringLiteral("restored, but not registered: %1").arg(registered.status().message()));
        return;
    }
    if (Status noted =
            Stretch::noteRestore(catalog, source.uuid, source.name, registered->uuid, restoredToMs);
        !noted)
        job.log(QStringLiteral("restored, but its stretch configuration was not copied: %1")
                    .arg(noted.message()));
}

Result<RestoreOutcome>
Workspace::runRestore(Catalog& catalog, const DatabaseInfo& source, const QString& newName,
                      JobContext& job,
                      const std::function<Result<RestoreOutcome>(Restorer&)>& run) {
    Restorer restorer(*vault_, *pool_, *files_);
    QStringList damaged;
    restorer.onDamagedPack = [&damaged](const QString& pack, const QString&) { damaged << pack; };
    auto outcome = run(restorer);
    if (!outcome && !damaged.isEmpty()) {
        // Reads check every object: a bad copy is repaired from a good one, then read again.
        VaultCopies copies = copiesOfVault();
        QStringList healed;
        for (const QString& pack : damaged)
            healed << healPack(*vault_, pack, copies);
        if (!healed.isEmpty()) {
            job.log(QStringLiteral("repaired from a redundant copy: %1").arg(healed.join(u", ")));
            damaged.clear();
            outcome = run(restorer);
        }
    }
    for (const QString& pack : damaged)
        if (Status marked = catalog.markPackDamaged(pack, clock_->nowMs(),
                                                    QStringLiteral("found by a restore"));
            !marked)
            job.log(
                QStringLiteral("could not record damaged pack %1: %2").arg(pack, marked.message()));
    if (!outcome)
        return outcome.status();
    registerRestored(catalog, newName, outcome->file, source, outcome->restoredToMs, job);
    job.log(QStringLiteral("restored %1 as of %2%3 into %4")
                .arg(source.name, formatTime(outcome->restoredToMs),
                     outcome->restoredToCommit >= 0
                         ? QStringLiteral(" (commit %1)").arg(outcome->restoredToCommit)
                         : QString(),
                     outcome->file));
    return outcome;
}

Workspace::Restorable Workspace::restorable(Catalog& catalog, const DatabaseInfo& database) const {
    Restorable r;
    QList<BackupInfo> backups = catalog.backups(database.uuid);
    r.window = RestorePlanner(backups).window();
    CommitPlanner commits(*vault_, backups, capture_store::segments(catalog, database.uuid));
    r.gaps = commits.gaps();
    r.latestCommit = commits.latest();
    if (r.latestCommit && !r.window.empty()) {
        r.window.latestMs = std::max(r.window.latestMs, r.latestCommit->stampMs);
        // Capture that read the log later and found nothing new vouches for the time since.
        auto state = capture_store::load(catalog, database.uuid);
        if (state && state->brokenSinceMs < 0 && state->lastCommit == r.latestCommit->number)
            r.window.latestMs = std::max(r.window.latestMs, state->updatedMs);
    }
    const BackupPolicy policy = catalog.policy(database.uuid);
    r.rpoMs = r.latestCommit ? segmentSyncMs(policy, vault_->location()) : policy.logIntervalMs();
    return r;
}

namespace {

RestoreRequest requestFor(RestoreRequest::Source source, const QString& database,
                          const QString& newName, const QString& file) {
    RestoreRequest request;
    request.source = source;
    request.database = database;
    request.newName = newName;
    request.file = file;
    return request;
}

} // namespace

Result<RestoreOutcome> Workspace::restoreToPoint(Catalog& catalog, const QString& name,
                                                 qint64 pointMs, const QString& newName,
                                                 const QString& file, JobContext& job,
                                                 bool dropped) {
    RestoreRequest request =
        requestFor(dropped ? RestoreRequest::Source::Dropped : RestoreRequest::Source::PointInTime,
                   name, newName, file);
    request.pointMs = pointMs;
    return restore(catalog, planRestore(catalog, request), job);
}

Result<Workspace::PointPlan> Workspace::planPoint(Catalog& catalog, const DatabaseInfo& source,
                                                  qint64 pointMs, bool dropped) const {
    QList<BackupInfo> backups = catalog.backups(source.uuid);
    Restorable span = restorable(catalog, source);
    // A dropped database restores up to its drop time: the final log backup holds that state.
    if (dropped && !span.window.empty() && pointMs > span.window.latestMs &&
        pointMs <= source.droppedMs)
        pointMs = span.window.latestMs;
    // Where commits were captured, the point resolves to the last commit at or before it,
    // unless a backup not tied to a commit is newer at that instant.
    CommitPlanner commits(*vault_, backups, capture_store::segments(catalog, source.uuid));
    if (commits.hasCommits() && !span.window.empty() && pointMs >= span.window.earliestMs &&
        pointMs <= span.window.latestMs) {
        auto point = commits.commitAt(pointMs);
        if (!point && point.status().code() == Status::Code::OutOfRange)
            return point.status();
        if (point) {
            qint64 untiedMs = -1;
            for (const BackupInfo& b : backups) {
                if (b.lastCommit < 0 && b.snapshotMs <= pointMs)
                    untiedMs = std::max(untiedMs, b.snapshotMs);
            }
            if (untiedMs <= point->stampMs) {
                auto sources = commits.sources(point->number);
                if (!sources)
                    return sources.status();
                PointPlan plan;
                plan.commit = point->number;
                plan.stateMs = point->stampMs;
                plan.backups = sources->chain + sources->logs;
                plan.segments = sources->segments;
                return plan;
            }
        }
    }
    auto chain = RestorePlanner(backups).planAt(pointMs);
    if (!chain)
        return chain.status();
    PointPlan plan;
    plan.stateMs = chain->last().snapshotMs;
    plan.backups = *chain;
    return plan;
}

Result<RestoreOutcome> Workspace::restoreToCommit(Catalog& catalog, const QString& name,
                                                  qint64 commit, const QString& newName,
                                                  const QString& file, JobContext& job,
                                                  bool dropped) {
    RestoreRequest request = requestFor(RestoreRequest::Source::Commit, name, newName, file);
    request.commit = commit;
    request.dropped = dropped;
    return restore(catalog, planRestore(catalog, request), job);
}

Result<RestoreOutcome> Workspace::restoreLtr(Catalog& catalog, const QString& ltrId,
                                             const QString& newName, const QString& file,
                                             JobContext& job) {
    RestoreRequest request = requestFor(RestoreRequest::Source::Ltr, QString(), newName, file);
    request.ltrId = ltrId;
    return restore(catalog, planRestore(catalog, request), job);
}

Result<RestoreOutcome> Workspace::restore(Catalog& catalog, const RestorePlan& plan,
                                          JobContext& job) {
    // Without a source there is nothing to name the new database after: the refusal says why.
    if (plan.database.uuid.isEmpty())
        return plan.refusal.isOk() ? Status::notFound(QStringLiteral("no source to restore"))
                                   : plan.refusal;
    TM_TRY(checkNewName(catalog, plan.request.newName));
    if (!plan.restorable())
        return plan.refusal;
    const QString& file = plan.request.file;
    if (plan.location == RestoreLocation::GeoSecondary)
        return restoreFromSecondary(catalog, plan, job);
    if (plan.commit < 0)
        return runRestore(catalog, plan.database, plan.request.newName, job,
                          [&](Restorer& r) { return r.restore(plan.chain, file, job); });
    CommitPlanner commits(*vault_, catalog.backups(plan.database.uuid),
                          capture_store::segments(catalog, plan.database.uuid));
    auto input = commits.plan(plan.commit);
    if (!input)
        return input.status();
    // The pages come from the planned backups only; anything else means the catalog moved on
    // (a purge, a new rebase) between planning and running.
    QSet<QString> planned;
    for (const BackupInfo& b : plan.chain)
        planned.insert(b.id);
    const bool sameSources =
        std::all_of(input->applied.begin(), input->applied.end(),
                    [&](const BackupInfo& b) { return planned.contains(b.id); });
    if (input->restoredToCommit != plan.commit || !sameSources)
        return Status::failed(QStringLiteral("the backups of %1 changed after the restore was "
                                             "planned; plan it again")
                                  .arg(plan.database.name));
    return runRestore(catalog, plan.database, plan.request.newName, job,
                      [&](Restorer& r) { return r.restore(*input, file, job); });
}

Result<RestoreOutcome> Workspace::restoreGeo(Catalog& catalog, const QString& name,
                                             const QString& newName, const QString& file,
                                             JobContext& job) {
    return restore(
        catalog, planRestore(catalog, requestFor(RestoreRequest::Source::Geo, name, newName, file)),
        job);
}

Result<RestoreOutcome> Workspace::restoreFromSecondary(Catalog& catalog, const RestorePlan& plan,
                                                       JobContext& job) {
    if (!secondary_)
        return Status::notFound(QStringLiteral("no secondary location"));
    auto secondary = Vault::attach(secondary_, *vault_);
    if (!secondary)
        return secondary.status();
    Restorer restorer(**secondary, *pool_, *files_);
    auto outcome = restorer.restore(plan.chain, plan.request.file, job);
    if (!outcome)
        return outcome.status();
    registerRestored(catalog, plan.request.newName, outcome->file, plan.database,
                     outcome->restoredToMs, job);
    job.log(QStringLiteral("geo-restored %1 from the secondary as of %2")
                .arg(plan.database.name, formatTime(outcome->restoredToMs)));
    return outcome;
}

VerifyReport Workspace::verify(Catalog& catalog, const QString& databaseUuid, JobContext& job) {
    VerifyReport report =
        verifyVault(*vault_, catalog, *pool_, databaseUuid, job, clock_->nowMs(), copiesOfVault());
    // Healing is news too: what was damaged, where, and that an intact copy replaced it.
    for (const HealedObject& healed : report.healed)
        job.log(QStringLiteral("HEALED from an intact copy: %1 (%2)")
                    .arg(healed.describe(), healed.kind));
    if (job.cancelled())
        return report;
    // Backups found intact again are restore points again; what is still affected after
    // healing is lost: say so, once, where people look.
    clearResolvedDamage(catalog, report, databaseUuid, clock_->nowMs(), job);
    recordUnhealedDamage(catalog, report, clock_->nowMs(), job);
    return report;
}

} // namespace tidemark
