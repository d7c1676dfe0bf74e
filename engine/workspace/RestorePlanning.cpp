// Workspace::planRestore and the planning of each kind of restore request.
#include "workspace/Workspace.h"

#include "backup/BackupEngine.h"
#include "capture/CaptureStore.h"
#include "catalog/Alerts.h"

#include <algorithm>

namespace tidemark {
namespace {

using Source = RestoreRequest::Source;

bool isDropped(const RestoreRequest& request) {
    return request.dropped || request.source == Source::Dropped;
}

// A chain that verify found damaged beyond repair restores nothing: say which backup and where
// the nearest good points are, and what is wrong where its manifests show it (missing or
// damaged), instead of reading damaged data.
Status unusableRefusal(const Vault& vault, const RestorePlan& plan, const BackupInfo& bad) {
    const QString why =
        QStringLiteral("%1 lies in a stretch of backups that cannot be restored: backup %2 (%3, "
                       "%4) was found damaged beyond repair; choose a point before %4 or after "
                       "the next good full backup")
            .arg(plan.describeState(), bad.id, backupTypeName(bad.type),
                 formatTime(bad.snapshotMs));
    if (auto manifests = loadChainState(vault, plan.chain); !manifests)
        return manifests.status().context(why);
    return Status::corruption(why);
}

} // namespace

RestorePlan Workspace::planRestore(Catalog& catalog, const RestoreRequest& request) const {
    RestorePlan plan;
    plan.request = request;
    plan.location = degraded_.isEmpty() ? RestoreLocation::Primary : RestoreLocation::Copy;
    plan.locationRoot = vault_->root();
    switch (request.source) {
    case Source::Geo:
        planGeo(catalog, plan);
        break;
    case Source::Ltr:
        planLtr(catalog, plan);
        break;
    case Source::Commit:
    case Source::PointInTime:
    case Source::Latest:
    case Source::Dropped: {
        auto source = isDropped(request) ? catalog.findDroppedDatabase(request.database)
                                         : catalog.findDatabase(request.database);
        if (!source) {
            plan.refusal = source.status();
            return plan;
        }
        plan.database = *source;
        plan.window = restorable(catalog, *source).window;
        if (request.source == Source::Commit)
            planCommit(catalog, plan);
        else
            planInstant(catalog, plan);
        break;
    }
    }
    if (!plan.restorable())
        return plan;
    if (const BackupInfo* bad = firstUnusable(plan.chain))
        plan.refusal = unusableRefusal(*vault_, plan, *bad);
    plan.bytesToRead = storedBytesOf(plan.chain);
    return plan;
}

void Workspace::planInstant(Catalog& catalog, RestorePlan& plan) const {
    const RestoreWindow& window = plan.window;
    const bool dropped = isDropped(plan.request);
    qint64 pointMs = plan.request.pointMs;
    // A point a backup verify found unusable held (the window no longer covers it): plan
    // through that backup, so the refusal names the damage rather than the window.
    if (pointMs >= 0 && plan.request.source != Source::Latest) {
        auto held = RestorePlanner(catalog.backups(plan.database.uuid)).planAt(pointMs);
        if (held && firstUnusable(*held)) {
            plan.chain = *held;
            plan.stateMs = held->last().snapshotMs;
            return;
        }
    }
    if (window.empty()) {
        plan.refusal = Status::notFound(QStringLiteral("there is no full backup to restore from"));
        return;
    }
    if (plan.request.source == Source::Latest || (dropped && pointMs < 0))
        pointMs = latestRestorablePoint(catalog, plan.database);
    if (pointMs < 0 && plan.request.pointMs < 0) {
        plan.refusal = Status::outOfRange(
            QStringLiteral("no point of %1 can be restored: every chain in its restore window "
                           "(%2 to %3) holds a backup found damaged beyond repair")
                .arg(plan.database.name, formatTime(window.earliestMs),
                     formatTime(window.latestMs)));
        return;
    }
    // A dropped database restores up to its drop time: the final log backup holds that state.
    if (dropped && pointMs > window.latestMs && pointMs <= plan.database.droppedMs)
        pointMs = window.latestMs;
    if (pointMs < window.earliestMs || pointMs > window.latestMs) {
        plan.refusal =
            Status::outOfRange(QStringLiteral("%1 is outside the restore window (%2 to %3)")
                                   .arg(formatTime(pointMs), formatTime(window.earliestMs),
                                        formatTime(window.latestMs)));
        return;
    }
    auto resolved = planPoint(catalog, plan.database, pointMs, dropped);
    if (!resolved) {
        plan.refusal = resolved.status();
        return;
    }
    plan.commit = resolved->commit;
    plan.stateMs = resolved->stateMs;
    plan.chain = resolved->backups;
    plan.segments = resolved->segments;
}

void Workspace::planCommit(Catalog& catalog, RestorePlan& plan) const {
    const DatabaseInfo& source = plan.database;
    CommitPlanner commits(*vault_, catalog.backups(source.uuid),
                          capture_store::segments(catalog, source.uuid));
    const qint64 commit = plan.request.commit;
    if (!commits.hasCommits()) {
        plan.refusal = Status::notFound(
            QStringLiteral("%1 has no captured commits (only WAL databases under a running agent "
                           "are captured commit by commit)")
                .arg(source.name));
        return;
    }
    auto point = commits.find(commit);
    if (!point) {
        plan.refusal =
            point.status().isNotFound()
                ? Status::notFound(
                      QStringLiteral("commit %1 of %2 is not known").arg(commit).arg(source.name))
                : point.status();
        return;
    }
    auto sources = commits.sources(commit);
    if (!sources) {
        plan.refusal = sources.status();
        return;
    }
    plan.commit = commit;
    plan.stateMs = point->stampMs;
    plan.chain = sources->chain + sources->logs;
    plan.segments = sources->segments;
}

Result<QList<BackupInfo>> Workspace::replicatedBackups(const QString& databaseUuid) const {
    if (!secondary_)
        return Status::notFound(QStringLiteral("no secondary location"));
    auto secondary = Vault::attach(secondary_, *vault_);
    if (!secondary)
        return secondary.status();
    // Only what has reached the secondary counts: its own manifests, read from there.
    QList<BackupInfo> replicated;
    for (const ManifestRef& ref : (*secondary)->listManifests()) {
        if (ref.databaseUuid != databaseUuid)
            continue;
        if (auto m = (*secondary)->readManifest(ref.databaseUuid, ref.backupId))
            replicated.append(BackupInfo::fromManifest(*m));
    }
    std::sort(replicated.begin(), replicated.end(),
              [](const BackupInfo& a, const BackupInfo& b) { return a.snapshotMs < b.snapshotMs; });
    return replicated;
}

void Workspace::planGeo(Catalog& catalog, RestorePlan& plan) const {
    if (!redundancy_.geo()) {
        plan.refusal = Status::invalidArgument(
            QStringLiteral("geo-restore needs GRS or GZRS redundancy; this workspace uses %1")
                .arg(redundancyName(redundancy_.kind)));
        return;
    }
    auto source = catalog.findDatabase(plan.request.database);
    if (!source) {
        plan.refusal = source.status();
        return;
    }
    plan.database = *source;
    plan.location = RestoreLocation::GeoSecondary;
    plan.locationRoot = secondary_ ? secondary_->url() : redundancy_.secondary;
    auto replicated = replicatedBackups(source->uuid);
    if (!replicated) {
        plan.refusal = replicated.status();
        return;
    }
    RestorePlanner planner(*replicated);
    plan.window = planner.window();
    if (plan.window.empty()) {
        plan.refusal = Status::notFound(
            QStringLiteral("no backup of %1 has reached the secondary location yet")
                .arg(source->name));
        return;
    }
    auto chain = planner.planAt(plan.window.latestMs);
    if (!chain) {
        plan.refusal = chain.status();
        return;
    }
    plan.chain = *chain;
    plan.stateMs = chain->last().snapshotMs;
}

void Workspace::planLtr(Catalog& catalog, RestorePlan& plan) const {
    const QList<LtrInfo> copies = catalog.ltrBackups();
    auto found = std::find_if(copies.begin(), copies.end(),
                              [&](const LtrInfo& l) { return l.id == plan.request.ltrId; });
    if (found == copies.end()) {
        plan.refusal =
            Status::notFound(QStringLiteral("no long-term backup %1").arg(plan.request.ltrId));
        return;
    }
    if (auto known = catalog.databaseByUuid(found->databaseUuid))
        plan.database = *known;
    plan.database.uuid = found->databaseUuid;
    if (plan.database.name.isEmpty())
        plan.database.name = found->databaseName;
    // A long-term copy is a full backup: a chain of one.
    BackupInfo full;
    full.id = found->id;
    full.databaseUuid = found->databaseUuid;
    full.type = BackupType::Full;
    full.snapshotMs = found->snapshotMs;
    full.pageSize = found->pageSize;
    full.pageCount = found->pageCount;
    full.logicalBytes = qint64(found->pageCount) * found->pageSize;
    full.storedBytes = found->storedBytes;
    full.logicalHash = found->logicalHash;
    plan.chain = {full};
    plan.stateMs = full.snapshotMs;
    plan.window = RestoreWindow{full.snapshotMs, full.snapshotMs};
}

qint64 Workspace::latestRestorablePoint(Catalog& catalog, const DatabaseInfo& database) const {
    const RestoreWindow window = restorable(catalog, database).window;
    if (window.empty())
        return -1;
    // The window's end, else each backup point, else the instant before each backup verify
    // found unusable: newest first, the first one that plans is the answer.
    QList<qint64> candidates{window.latestMs};
    for (const BackupInfo& b : catalog.backups(database.uuid))
        candidates << (b.status == kUnusable ? b.snapshotMs - 1 : b.snapshotMs);
    std::sort(candidates.begin(), candidates.end(), std::greater<>());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    const bool dropped = database.droppedMs >= 0;
    for (qint64 candidate : candidates) {
        if (candidate < window.earliestMs || candidate > window.latestMs)
            continue;
        auto resolved = planPoint(catalog, database, candidate, dropped);
        if (resolved && !firstUnusable(resolved->backups))
            return candidate;
    }
    return -1;
}

} // namespace tidemark
