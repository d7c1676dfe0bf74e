#include "WorkspaceSession.h"

#include "workspace/JobDefinitions.h"

#include <algorithm>
#include <chrono>

namespace tidemark {

WorkspaceSession::WorkspaceSession(std::unique_ptr<Workspace> workspace, QObject* parent)
    : QObject(parent), workspace_(std::move(workspace)), runner_(*workspace_, 2),
      agent_(workspace_.get()) {
    poller_.setInterval(100);
    connect(&poller_, &QTimer::timeout, this, &WorkspaceSession::poll);
    watcher_.setInterval(2000);
    connect(&watcher_, &QTimer::timeout, this, &WorkspaceSession::watchCatalog);
    watcher_.start();
    connect(&agent_, &AgentHost::logged, this, &WorkspaceSession::watchCatalog);
    locationChecks_.setMaxThreadCount(1);
    // Object stores charge per request: a look a minute, and after each change (a replication
    // job that ended, a backup the secondary now lacks).
    locationTimer_.setInterval(60 * 1000);
    connect(&locationTimer_, &QTimer::timeout, this, &WorkspaceSession::refreshLocations);
    connect(this, &WorkspaceSession::changed, this, &WorkspaceSession::refreshLocations);
    locationTimer_.start();
    refreshLocations();
}

void WorkspaceSession::refreshLocations() {
    // A change during a check may come too late for it: one more check follows.
    if (checkingLocations_) {
        checkAgain_ = true;
        return;
    }
    checkingLocations_ = true;
    checkAgain_ = false;
    locationChecks_.start([this] {
        // The check's own catalog connection: the GUI thread's stays on the GUI thread.
        auto catalog = workspace_->openCatalog();
        QList<LocationStatus> found;
        if (catalog)
            found = workspace_->locationStatus(**catalog);
        QMetaObject::invokeMethod(
            this,
            [this, found] {
                const bool verdictsMayChange = !sameHealthFacts(locations_, found);
                locations_ = found;
                checkingLocations_ = false;
                emit locationsChanged();
                if (verdictsMayChange)
                    emit changed(); // the health views reload with what the check found
                if (checkAgain_)
                    refreshLocations();
            },
            Qt::QueuedConnection);
    });
}

void WorkspaceSession::watchCatalog() {
    // The newest job (id and state) and the number of backups change with anything worth
    // reloading for.
    QList<JobInfo> newest = catalog().jobs(1);
    QString now = QStringLiteral("%1/%2/%3")
                      .arg(catalog().backupCount())
                      .arg(newest.isEmpty() ? -1 : newest.first().id)
                      .arg(newest.isEmpty() ? QString() : newest.first().status);
    if (seen_.isEmpty()) {
        seen_ = now;
        return;
    }
    if (now != seen_ && running_.isEmpty()) {
        seen_ = now;
        emit changed();
    }
}

WorkspaceSession::~WorkspaceSession() {
    locationChecks_.waitForDone();
    agent_.stop();
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

QList<BackupInfo> WorkspaceSession::replicatedBackups(const QString& uuid) const {
    auto replicated = workspace_->replicatedBackups(uuid);
    return replicated ? *replicated : QList<BackupInfo>();
}

qint64 WorkspaceSession::replicatedLatestMs(const QString& uuid) const {
    if (!workspace_->redundancy().geo())
        return -1;
    return RestorePlanner(replicatedBackups(uuid)).window().latestMs;
}

std::shared_ptr<Job> WorkspaceSession::startBackup(const QString& name, BackupType type) {
    return track(runner_.submit(backupJob(*workspace_, name, type, JobTrigger::Manual)));
}

std::shared_ptr<Job> WorkspaceSession::startRestore(const RestorePlan& plan,
                                                    std::shared_ptr<RestoreResult> result) {
    auto outcome = std::make_shared<RestoreOutcome>();
    result->newName = plan.request.newName;
    JobDefinition definition = restoreJob(*workspace_, plan.request, plan, outcome);
    // The wizard reads the outcome from its own result once the job ends.
    JobRunner::Work run = definition.work;
    definition.work = [run, outcome, result](Catalog& catalog, JobContext& job, QString* summary) {
        const Status s = run(catalog, job, summary);
        result->outcome = *outcome;
        return s;
    };
    return track(runner_.submit(definition));
}

std::shared_ptr<Job> WorkspaceSession::startVerify(const QString& name,
                                                   std::shared_ptr<VerifyReport> result) {
    return track(runner_.submit(verifyJob(*workspace_, name, result)));
}

std::shared_ptr<Job> WorkspaceSession::startDrill(const QString& name,
                                                  std::shared_ptr<DrillResult> result) {
    return track(runner_.submit(drillJob(*workspace_, name, -1, result)));
}

std::shared_ptr<Job>
WorkspaceSession::startStretchReauthorize(const QString& name, const QString& credential,
                                          Stretch::Endpoint endpoint,
                                          std::shared_ptr<ReconciliationReport> report) {
    return track(
        runner_.submit(stretchReauthorizeJob(*workspace_, name, credential, endpoint, report)));
}

Result<Workspace::PointPlan> WorkspaceSession::pointPlan(const QString& uuid,
                                                         qint64 pointMs) const {
    auto db = catalog().databaseByUuid(uuid);
    if (!db)
        return db.status();
    return workspace_->planPoint(catalog(), *db, pointMs, db->droppedMs >= 0);
}

RestorePlan WorkspaceSession::restorePlan(const RestoreRequest& request) const {
    return workspace_->planRestore(catalog(), request);
}

qint64 WorkspaceSession::latestRestorablePoint(const QString& uuid) const {
    auto db = catalog().databaseByUuid(uuid);
    if (!db)
        return -1;
    return workspace_->latestRestorablePoint(catalog(), *db);
}

Workspace::Restorable WorkspaceSession::restorable(const QString& uuid) const {
    auto db = catalog().databaseByUuid(uuid);
    if (!db)
        return {};
    return workspace_->restorable(catalog(), *db);
}

QList<DatabaseHealth> WorkspaceSession::health() {
    // The geo lag as the last location check found it: the GUI thread never lists the
    // secondary.
    return readHealth(*workspace_, catalog(), healthContext(*workspace_, locations_));
}

} // namespace tidemark
