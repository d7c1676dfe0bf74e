#include "JobRunner.h"

#include "ErrorMessages.h"
#include "Workspace.h"

namespace tidemark {

QString jobStatusName(const Status& s) {
    if (s.isOk())
        return QStringLiteral("succeeded");
    if (s.isCancelled())
        return QStringLiteral("cancelled");
    return QStringLiteral("failed");
}

JobRunner::JobRunner(const Workspace& workspace, int maxConcurrent) : workspace_(workspace) {
    pool_.setMaxThreadCount(std::max(1, maxConcurrent));
}

JobRunner::~JobRunner() {
    cancelAll();
    pool_.waitForDone();
}

std::shared_ptr<Job> JobRunner::submit(const QString& kind, const QString& target, Work work) {
    auto job = std::make_shared<Job>();
    job->kind = kind;
    job->target = target;
    auto promise = std::make_shared<std::promise<void>>();
    job->done = promise->get_future().share();
    {
        QMutexLocker lock(&mutex_);
        jobs_.append(job);
    }
    const Workspace* ws = &workspace_;
    pool_.start([job, promise, ws, work = std::move(work)] {
        auto catalog = ws->openCatalog();
        if (!catalog) {
            job->status = catalog.status();
        } else {
            job->catalogId = (*catalog)->startJob(job->kind, job->target, ws->clock().nowMs());
            if (job->context.cancelled())
                job->status = Status::cancelled();
            else
                job->status = work(**catalog, job->context, &job->summary);
            QString message = job->status.isOk() ? job->summary : userMessage(job->status);
            if (!job->status.isOk())
                job->context.log(message);
            (*catalog)->finishJob(job->catalogId, jobStatusName(job->status), ws->clock().nowMs(),
                                  message, job->context.logText());
        }
        promise->set_value();
    });
    return job;
}

void JobRunner::cancelAll() {
    QMutexLocker lock(&mutex_);
    for (auto& j : jobs_)
        j->context.cancel();
}

void JobRunner::waitAll() {
    pool_.waitForDone();
}

} // namespace tidemark
