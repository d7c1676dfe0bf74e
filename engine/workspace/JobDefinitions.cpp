#include "workspace/JobDefinitions.h"

#include "core/Clock.h"
#include "workspace/Workspace.h"

#include <QJsonArray>

namespace tidemark {

QJsonObject backupJson(const BackupInfo& b) {
    QJsonObject o;
    o[QStringLiteral("id")] = b.id;
    o[QStringLiteral("type")] = backupTypeName(b.type);
    o[QStringLiteral("requested_type")] = backupTypeName(b.requestedType);
    o[QStringLiteral("start")] = formatTime(b.startMs);
    o[QStringLiteral("end")] = formatTime(b.endMs);
    o[QStringLiteral("snapshot")] = formatTime(b.snapshotMs);
    o[QStringLiteral("logical_bytes")] = double(b.logicalBytes);
    o[QStringLiteral("stored_bytes")] = double(b.storedBytes);
    o[QStringLiteral("status")] = b.status;
    o[QStringLiteral("base")] = b.baseId.isEmpty() ? QJsonValue() : QJsonValue(b.baseId);
    if (!b.note.isEmpty())
        o[QStringLiteral("note")] = b.note;
    if (b.firstCommit >= 0)
        o[QStringLiteral("first_commit")] = double(b.firstCommit);
    if (b.lastCommit >= 0)
        o[QStringLiteral("commit")] = double(b.lastCommit);
    if (b.gapFromMs >= 0) {
        o[QStringLiteral("gap_from")] = formatTime(b.gapFromMs);
        o[QStringLiteral("gap_reason")] = b.gapReason;
    }
    return o;
}

QJsonObject drillResultJson(const DrillResult& d) {
    QJsonObject o;
    o[QStringLiteral("point")] = formatTime(d.pointMs);
    o[QStringLiteral("restored_to")] = formatTime(d.restoredToMs);
    o[QStringLiteral("passed")] = d.passed;
    o[QStringLiteral("foreign_key_violations")] = d.foreignKeyViolations;
    o[QStringLiteral("seconds")] = double(d.durationMs) / 1000.0;
    o[QStringLiteral("message")] = d.message;
    return o;
}

JobDefinition backupJob(Workspace& workspace, const QString& database, BackupType type,
                        JobTrigger trigger, BarrierHook atBarrier,
                        std::shared_ptr<BackupInfo> made) {
    JobDefinition d;
    d.kind = QStringLiteral("%1-%2").arg(
        trigger == JobTrigger::Scheduled ? QStringLiteral("scheduled") : QStringLiteral("backup"),
        backupTypeName(type));
    d.target = database;
    Workspace* ws = &workspace;
    d.work = [ws, database, type, atBarrier, made](Catalog& catalog, JobContext& job,
                                                   QString* summary) -> Status {
        auto db = catalog.findDatabase(database);
        if (!db)
            return db.status();
        auto r = ws->backup(catalog, *db, type, job, atBarrier);
        if (!r)
            return r.status();
        if (made)
            *made = *r;
        job.setResult(backupJson(*r));
        *summary =
            QStringLiteral("%1 backup %2 of %3").arg(backupTypeName(r->type), r->id, database);
        // Why it is not the kind asked for (a missing or unusable base), or that nothing changed.
        if (r->type != type && !r->note.isEmpty())
            *summary += QStringLiteral(": %1").arg(r->note);
        else if (r->type == BackupType::Log && r->logicalBytes == 0)
            *summary += QStringLiteral(": no change since %1").arg(r->baseId);
        return Status::ok();
    };
    return d;
}

QJsonObject verifyResultJson(const VerifyReport& r, const QString& scope) {
    QJsonObject o;
    o[QStringLiteral("scope")] = scope;
    o[QStringLiteral("packs")] = r.packs;
    o[QStringLiteral("manifests")] = r.manifests;
    o[QStringLiteral("pages")] = double(r.blobs);
    o[QStringLiteral("problems")] = QJsonArray::fromStringList(r.problems);
    QJsonArray healed;
    for (const HealedObject& h : r.healed)
        healed.append(h.describe());
    o[QStringLiteral("healed")] = healed;
    QJsonArray damage;
    for (const DatabaseDamage& d : r.damage)
        damage.append(
            QJsonObject{{QStringLiteral("database"), d.name},
                        {QStringLiteral("backups"), QJsonArray::fromStringList(d.backups)},
                        {QStringLiteral("objects"), QJsonArray::fromStringList(d.objects)}});
    o[QStringLiteral("damage")] = damage;
    return o;
}

JobDefinition verifyJob(Workspace& workspace, const QString& database,
                        std::shared_ptr<VerifyReport> report) {
    JobDefinition d;
    d.kind = QStringLiteral("verify");
    d.target = database.isEmpty() ? QStringLiteral("all") : database;
    Workspace* ws = &workspace;
    const QString scope = d.target;
    d.work = [ws, database, scope, report](Catalog& catalog, JobContext& job,
                                           QString* summary) -> Status {
        QString uuid;
        if (!database.isEmpty()) {
            auto db = catalog.findDatabase(database);
            if (!db)
                return db.status();
            uuid = db->uuid;
        }
        const VerifyReport r = ws->verify(catalog, uuid, job);
        if (report)
            *report = r;
        job.setResult(verifyResultJson(r, scope));
        *summary = r.summary();
        return r.ok() ? Status::ok() : Status::corruption(r.problems.first());
    };
    return d;
}

JobDefinition restoreJob(Workspace& workspace, const RestoreRequest& request,
                         std::optional<RestorePlan> plan, std::shared_ptr<RestoreOutcome> outcome) {
    using Source = RestoreRequest::Source;
    JobDefinition d;
    d.kind = request.source == Source::Geo       ? QStringLiteral("restore-geo")
             : request.source == Source::Ltr     ? QStringLiteral("restore-ltr")
             : request.source == Source::Dropped ? QStringLiteral("restore-deleted")
                                                 : QStringLiteral("restore");
    d.target = plan ? plan->database.name : request.database;
    Workspace* ws = &workspace;
    d.work = [ws, request, plan, outcome](Catalog& catalog, JobContext& job,
                                          QString* summary) -> Status {
        const RestorePlan planned = plan ? *plan : ws->planRestore(catalog, request);
        auto r = ws->restore(catalog, planned, job);
        if (!r)
            return r.status();
        if (outcome)
            *outcome = *r;
        QJsonArray applied;
        for (const BackupInfo& b : r->applied)
            applied.append(b.id);
        QJsonObject o{{QStringLiteral("database"), planned.database.name},
                      {QStringLiteral("new_name"), request.newName},
                      {QStringLiteral("file"), r->file},
                      {QStringLiteral("restored_to"), formatTime(r->restoredToMs)},
                      {QStringLiteral("applied"), applied},
                      {QStringLiteral("integrity"), r->integrity}};
        if (r->restoredToCommit >= 0)
            o[QStringLiteral("commit")] = double(r->restoredToCommit);
        job.setResult(o);
        *summary = QStringLiteral("restored %1 as %2 to %3")
                       .arg(planned.database.name, request.newName, formatTime(r->restoredToMs));
        return Status::ok();
    };
    return d;
}

JobDefinition replicateJob(Workspace& workspace, std::shared_ptr<ReplicationStatus> status) {
    JobDefinition d;
    d.kind = QStringLiteral("replicate");
    d.target = QStringLiteral("secondary");
    Workspace* ws = &workspace;
    d.work = [ws, status](Catalog& catalog, JobContext& job, QString* summary) -> Status {
        auto r = ws->replicate(catalog);
        if (!r)
            return r.status();
        if (status)
            *status = *r;
        job.setResult(QJsonObject{{QStringLiteral("copied_files"), r->copiedFiles},
                                  {QStringLiteral("removed_files"), r->removedFiles},
                                  {QStringLiteral("pending_backups"), r->pendingBackups},
                                  {QStringLiteral("lag_seconds"), double(r->lagMs) / 1000.0}});
        *summary =
            QStringLiteral("%1 files copied, %2 removed").arg(r->copiedFiles).arg(r->removedFiles);
        return Status::ok();
    };
    return d;
}

JobDefinition dropJob(Workspace& workspace, const QString& database,
                      std::shared_ptr<DatabaseInfo> dropped) {
    JobDefinition d;
    d.kind = QStringLiteral("drop");
    d.target = database;
    Workspace* ws = &workspace;
    d.work = [ws, database, dropped](Catalog& catalog, JobContext& job,
                                     QString* summary) -> Status {
        auto r = ws->dropDatabase(catalog, database, job);
        if (!r)
            return r.status();
        if (dropped)
            *dropped = *r;
        job.setResult(QJsonObject{{QStringLiteral("database"), r->name},
                                  {QStringLiteral("dropped"), formatTime(r->droppedMs)}});
        *summary = QStringLiteral("dropped at %1").arg(formatTime(r->droppedMs));
        return Status::ok();
    };
    return d;
}

JobDefinition retentionJob(Workspace& workspace, const DatabaseInfo& database,
                           std::shared_ptr<PurgeReport> report) {
    JobDefinition d;
    d.kind = QStringLiteral("retention");
    d.target = database.name;
    Workspace* ws = &workspace;
    d.work = [ws, database, report](Catalog& catalog, JobContext& job, QString* summary) -> Status {
        auto r = applyRetention(ws->vault(), catalog, database, ws->clock().nowMs());
        if (!r)
            return r.status();
        if (report)
            *report = *r;
        job.setResult(
            QJsonObject{{QStringLiteral("purged"), QJsonArray::fromStringList(r->purgedIds)},
                        {QStringLiteral("packs_doomed"), r->packsDoomed}});
        *summary = QStringLiteral("%1 backups removed, %2 packs doomed")
                       .arg(r->purgedIds.size())
                       .arg(r->packsDoomed);
        return Status::ok();
    };
    return d;
}

JobDefinition drillJob(Workspace& workspace, const QString& database, qint64 pointMs,
                       std::shared_ptr<DrillResult> result) {
    JobDefinition d;
    d.kind = QStringLiteral("drill");
    d.target = database;
    Workspace* ws = &workspace;
    d.work = [ws, database, pointMs, result](Catalog& catalog, JobContext& job,
                                             QString* summary) -> Status {
        auto r = runRestoreDrill(*ws, catalog, database, pointMs, job);
        if (!r)
            return r.status();
        if (result)
            *result = *r;
        job.setResult(drillResultJson(*r));
        *summary = r->message;
        return r->passed ? Status::ok() : Status::corruption(r->message);
    };
    return d;
}

JobDefinition stretchReauthorizeJob(Workspace& workspace, const QString& database,
                                    const QString& credential, Stretch::Endpoint endpoint,
                                    std::shared_ptr<ReconciliationReport> report) {
    JobDefinition d;
    d.kind = QStringLiteral("stretch-reauthorize");
    d.target = database;
    Workspace* ws = &workspace;
    d.work = [ws, database, credential, endpoint, report](Catalog& catalog, JobContext& job,
                                                          QString* summary) -> Status {
        Stretch stretch = ws->stretch(catalog);
        TM_TRY(stretch.reauthorize(database, credential, endpoint));
        auto r = stretch.reconcile(database, job);
        if (!r)
            return r.status();
        if (report)
            *report = *r;
        job.setResult(r->toJson());
        *summary = r->message;
        return r->state == QStringLiteral("failed") ? Status::failed(r->message) : Status::ok();
    };
    return d;
}

} // namespace tidemark
