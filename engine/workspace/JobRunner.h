#pragma once

#include "catalog/JobRecord.h"

#include <QThreadPool>

#include <atomic>
#include <functional>
#include <future>
#include <memory>

namespace tidemark {

class Workspace;
struct JobDefinition;

// A job submitted to the runner: watch it through `context`, wait on it with wait().
struct Job {
    QString kind;
    QString target;
    qint64 catalogId = -1;
    // On the workspace clock; -1 until the job starts or ends (read by views while it runs).
    std::atomic<qint64> startedMs{-1};
    std::atomic<qint64> endedMs{-1};
    JobContext context;
    Status status;
    QString summary;
    std::shared_future<void> done;
    void wait() const { done.wait(); }
};

// Runs long jobs (backups, restores, verification) on a bounded thread pool. Each job gets its
// own catalog connection, is recorded in the catalog when it starts, and again with its
// outcome, message and log when it ends, whatever the outcome.
class JobRunner {
public:
    using Work = JobWork;

    JobRunner(const Workspace& workspace, int maxConcurrent);
    ~JobRunner();

    std::shared_ptr<Job> submit(const QString& kind, const QString& target, Work work);
    std::shared_ptr<Job> submit(const JobDefinition& definition);

    // Runs a job on the calling thread, recorded in `catalog` the same way (runRecordedJob).
    static Status runNow(Catalog& catalog, const Clock& clock, const JobDefinition& definition,
                         JobContext& context, QString* summary = nullptr);
    void cancelAll();
    void waitAll();

private:
    const Workspace& workspace_;
    QThreadPool pool_;
    QMutex mutex_;
    QList<std::shared_ptr<Job>> jobs_;
};

} // namespace tidemark
