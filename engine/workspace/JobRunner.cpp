#include "workspace/JobRunner.h"

#include "workspace/JobDefinitions.h"

#include "workspace/Workspace.h"

namespace tidemark {

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
        job->startedMs = ws->clock().nowMs();
        auto catalog = ws->openCatalog();
        if (!catalog)
            job->status = catalog.status();
        else
            job->status = runRecordedJob(**catalog, ws->clock(), job->kind, job->target,
                                         job->context, work, &job->summary, &job->catalogId);
        job->endedMs = ws->clock().nowMs();
        promise->set_value();
    });
    return job;
}

std::shared_ptr<Job> JobRunner::submit(const JobDefinition& definition) {
    return submit(definition.kind, definition.target, definition.work);
}

Status JobRunner::runNow(Catalog& catalog, const Clock& clock, const JobDefinition& definition,
                         JobContext& context, QString* summary) {
    return runRecordedJob(catalog, clock, definition.kind, definition.target, context,
                          definition.work, summary);
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
