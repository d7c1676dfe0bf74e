#pragma once

#include "AgentHost.h"
#include "billing/Billing.h"
#include "catalog/Alerts.h"
#include "catalog/Catalog.h"
#include "catalog/RestorePlanner.h"
#include "restore/Verifier.h"
#include "workspace/AgentLock.h"
#include "workspace/Health.h"
#include "workspace/JobRunner.h"
#include "workspace/RestoreDrill.h"
#include "workspace/Workspace.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <memory>

namespace tidemark {

// The console's view of one open workspace: it owns the Workspace and a JobRunner, starts the
// engine's operations as background jobs, and tells models and widgets when anything changed.
// Lives on the GUI thread; jobs run on the runner's threads and are watched with a timer, and
// a slower timer notices changes other processes or the agent make to the catalog.
class WorkspaceSession : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceSession(std::unique_ptr<Workspace> workspace, QObject* parent = nullptr);
    ~WorkspaceSession() override;

    // Plain facts about the workspace, for the widgets to render.
    const QString& dir() const;
    QString vaultRoot() const;
    bool encrypted() const;
    const RedundancyConfig& redundancy() const;
    // Empty when healthy; otherwise why the workspace reads from a copy.
    const QString& degraded() const;
    qint64 nowMs() const;

    // What the catalog records, read on the GUI thread's connection.
    QList<DatabaseInfo> databases(bool includeDropped = false) const;
    Result<DatabaseInfo> findDatabase(const QString& name) const;
    // A live database, or else the most recently dropped one of that name.
    Result<DatabaseInfo> findAnyDatabase(const QString& name) const;
    QList<BackupInfo> backups(const QString& uuid) const;
    BackupPolicy policy(const QString& uuid) const;
    // `uuid` empty: the copies of every database.
    QList<LtrInfo> ltrBackups(const QString& uuid = {}) const;
    // The catalog's job records (this process's and others'), newest first.
    QList<JobInfo> jobRecords(int limit) const;
    QList<DrillInfo> drills(const QString& uuid, int limit = 50) const;
    // The open alerts, newest first.
    QList<Alert> alerts() const;
    Rates rates() const;
    // The database's stretch tables, as `tidemark-cli stretch status` reports them.
    Result<StretchStatus> stretchStatus(const QString& name) const;

    // The engine's one restore window (the same as `restore-window`).
    RestoreWindow window(const QString& uuid) const { return restorable(uuid).window; }
    // The engine's health verdict for every database (the dropped ones last). Reading it also
    // keeps the health alerts in step, as the CLI's `status` does.
    QList<DatabaseHealth> health();
    // Whether an agent holds the workspace's lock (this console's or another process's): the
    // same fact the health verdict uses.
    bool agentHoldsWorkspace() const;
    // How a point resolves (a captured commit, or a backup point): the engine decides, as
    // for `tidemark-cli restore --to`.
    Result<Workspace::PointPlan> pointPlan(const QString& uuid, qint64 pointMs) const;
    Result<QList<BackupInfo>> planRestore(const QString& uuid, qint64 pointMs) const {
        auto plan = pointPlan(uuid, pointMs);
        if (!plan)
            return plan.status();
        return plan->backups;
    }
    // The restore window, commit-exact where capture ran, with its capture gaps.
    Workspace::Restorable restorable(const QString& uuid) const;
    // The newest point geo-restore could reach for the database (its backups that have reached
    // the geo secondary); -1 without a geo secondary or a replicated full.
    qint64 replicatedLatestMs(const QString& uuid) const;

    struct RestoreResult {
        RestoreOutcome outcome;
        QString newName;
    };
    enum class RestoreKind { PointInTime, Deleted, Geo, Ltr };
    // The engine's plan for a restore request: what the wizard previews and then runs.
    RestorePlan restorePlan(const RestoreRequest& request) const;
    // The newest point a restore of the database would not refuse (-1: none).
    qint64 latestRestorablePoint(const QString& uuid) const;

    std::shared_ptr<Job> startBackup(const QString& name, BackupType type);
    // Runs exactly `plan` (see Workspace::restore) as a job.
    std::shared_ptr<Job> startRestore(const RestorePlan& plan,
                                      std::shared_ptr<RestoreResult> result);
    // `name` empty: the whole vault.
    std::shared_ptr<Job> startVerify(const QString& name, std::shared_ptr<VerifyReport> result);
    std::shared_ptr<Job> startDrill(const QString& name, std::shared_ptr<DrillResult> result);
    // Links a database's stretch tables to their remote endpoint again, then reconciles.
    std::shared_ptr<Job> startStretchReauthorize(const QString& name, const QString& credential,
                                                 Stretch::Endpoint endpoint,
                                                 std::shared_ptr<ReconciliationReport> report);

    // Each location's kind, reachability and lag as last checked (empty before the first
    // check ends). Checking asks every location over the network for blob containers, so it
    // runs on a background thread: refreshLocations() starts one (unless one runs) and
    // locationsChanged() says when it ended. The health verdicts use the lag found there.
    QList<LocationStatus> locations() const { return locations_; }
    void refreshLocations();

    // The agent of this workspace, run here unless another process holds it.
    AgentHost& agent() { return agent_; }

    QList<std::shared_ptr<Job>> jobs() const { return jobs_; }
    void cancelAll() { runner_.cancelAll(); }

signals:
    // The catalog changed (a job finished): lists and views should reload.
    void changed();
    // A job started, progressed or finished.
    void jobsChanged();
    void jobFinished(std::shared_ptr<tidemark::Job> job);
    // A location check ended: locations() holds its result.
    void locationsChanged();

private:
    // The engine objects stay behind models/ (SessionEngine.h); widgets get plain data.
    friend class SessionEngine;
    Workspace& workspace() const { return *workspace_; }
    Catalog& catalog() const { return workspace_->catalog(); }
    // The backups of a database that have reached the geo secondary, read from the
    // secondary's own manifests.
    QList<BackupInfo> replicatedBackups(const QString& uuid) const;

    std::shared_ptr<Job> track(std::shared_ptr<Job> job);
    void poll();
    void watchCatalog();

    std::unique_ptr<Workspace> workspace_;
    JobRunner runner_;
    QList<std::shared_ptr<Job>> jobs_;
    QList<std::shared_ptr<Job>> running_;
    QTimer poller_;
    // Notices what other processes (an agent, the CLI) and the in-process agent change.
    QTimer watcher_;
    QString seen_;
    AgentHost agent_;
    QList<LocationStatus> locations_;
    // One location check at a time, off the GUI thread; waited for on destruction.
    QThreadPool locationChecks_;
    bool checkingLocations_ = false;
    bool checkAgain_ = false;
    QTimer locationTimer_;
};

} // namespace tidemark
