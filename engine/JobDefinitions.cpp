#include "JobDefinitions.h"

#include "Clock.h"
#include "Workspace.h"

namespace tidemark {

QJsonObject backupResultJson(const BackupInfo& b) {
    QJsonObject o;
    o[QStringLiteral("backup")] = b.id;
    o[QStringLiteral("type")] = backupTypeName(b.type);
    o[QStringLiteral("requested_type")] = backupTypeName(b.requestedType);
    o[QStringLiteral("snapshot")] = formatTime(b.snapshotMs);
    o[QStringLiteral("logical_bytes")] = double(b.logicalBytes);
    o[QStringLiteral("stored_bytes")] = double(b.storedBytes);
    o[QStringLiteral("note")] = b.note;
    if (b.lastCommit >= 0)
        o[QStringLiteral("last_commit")] = double(b.lastCommit);
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
    d.kind = QStringLiteral("%1-%2").arg(trigger == JobTrigger::Scheduled
                                             ? QStringLiteral("scheduled")
                                             : QStringLiteral("backup"),
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
        job.setResult(backupResultJson(*r));
        *summary = QStringLiteral("%1 backup %2 of %3").arg(backupTypeName(r->type), r->id, database);
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

} // namespace tidemark
