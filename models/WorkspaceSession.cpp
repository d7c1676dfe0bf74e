#include "WorkspaceSession.h"

#include <chrono>

namespace tidemark {

WorkspaceSession::WorkspaceSession(std::unique_ptr<Workspace> workspace, QObject* parent)
    : QObject(parent), workspace_(std::move(workspace)), runner_(*workspace_, 2) {
    poller_.setInterval(100);
    connect(&poller_, &QTimer::timeout, this, &WorkspaceSession::poll);
}

WorkspaceSession::~WorkspaceSession() {
    runner_.cancelAll();
    runner_.waitAll();
}

std::shared_ptr<Job> WorkspaceSession::track(std::shared_ptr<Job> job) {
    jobs_.prepend(job);
    running_.append(job);
    if (!poller_.isActive())
        poller_.start();
    emit jobsChanged();
    return job;
}

void WorkspaceSession::poll() {
    bool finishedAny = false;
    for (int i = running_.size() - 1; i >= 0; --i) {
        auto job = running_[i];
        if (job->done.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            continue;
        running_.removeAt(i);
        finishedAny = true;
        emit jobFinished(job);
    }
    emit jobsChanged();
    if (finishedAny)
        emit changed();
    if (running_.isEmpty())
        poller_.stop();
}

std::shared_ptr<Job> WorkspaceSession::startBackup(const QString& name, BackupType type) {
    Workspace* ws = workspace_.get();
    return track(runner_.submit(
        QStringLiteral("backup-%1").arg(backupTypeName(type)), name,
        [ws, name, type](Catalog& catalog, JobContext& job, QString* summary) {
            auto db = catalog.findDatabase(name);
            if (!db)
                return db.status();
            auto r = ws->backup(catalog, *db, type, job);
            if (!r)
                return r.status();
            *summary =
                QStringLiteral("%1 backup %2 of %3").arg(backupTypeName(r->type), r->id, name);
            return Status::ok();
        }));
}

std::shared_ptr<Job> WorkspaceSession::startRestore(const QString& name, qint64 pointMs,
                                                    const QString& newName, const QString& file,
                                                    std::shared_ptr<RestoreResult> result) {
    Workspace* ws = workspace_.get();
    return track(runner_.submit(QStringLiteral("restore"), name,
                                [ws, name, pointMs, newName, file,
                                 result](Catalog& catalog, JobContext& job, QString* summary) {
                                    auto r = ws->restoreToPoint(catalog, name, pointMs, newName,
                                                                file, job);
                                    if (!r)
                                        return r.status();
                                    result->outcome = *r;
                                    result->newName = newName;
                                    *summary = QStringLiteral("restored %1 as %2 to %3")
                                                   .arg(name, newName, formatTime(r->restoredToMs));
                                    return Status::ok();
                                }));
}

std::shared_ptr<Job> WorkspaceSession::startVerify(const QString& uuid,
                                                   std::shared_ptr<VerifyReport> result) {
    Workspace* ws = workspace_.get();
    return track(runner_.submit(
        QStringLiteral("verify"), uuid.isEmpty() ? QStringLiteral("all") : uuid,
        [ws, uuid, result](Catalog& catalog, JobContext& job, QString* summary) {
            *result = ws->verify(catalog, uuid, job);
            *summary = QStringLiteral("%1 packs, %2 manifests, %3 problems")
                           .arg(result->packs)
                           .arg(result->manifests)
                           .arg(result->problems.size());
            return result->ok() ? Status::ok() : Status::corruption(result->problems.first());
        }));
}

} // namespace tidemark
