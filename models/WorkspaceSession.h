#pragma once

#include "Catalog.h"
#include "JobRunner.h"
#include "RestorePlanner.h"
#include "Verifier.h"
#include "Workspace.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace tidemark {

// The console's view of one open workspace: it owns the Workspace and a JobRunner, starts the
// engine's operations as background jobs, and tells models and widgets when anything changed.
// Lives on the GUI thread; jobs run on the runner's threads and are watched with a timer.
class WorkspaceSession : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceSession(std::unique_ptr<Workspace> workspace, QObject* parent = nullptr);
    ~WorkspaceSession() override;

    Workspace& workspace() { return *workspace_; }
    Catalog& catalog() { return workspace_->catalog(); }
    bool encrypted() const { return workspace_->vault().encrypted(); }

    QList<DatabaseInfo> databases() { return catalog().databases(); }
    QList<BackupInfo> backups(const QString& uuid) { return catalog().backups(uuid); }
    RestoreWindow window(const QString& uuid) { return RestorePlanner(backups(uuid)).window(); }
    Result<QList<BackupInfo>> planRestore(const QString& uuid, qint64 pointMs) {
        return RestorePlanner(backups(uuid)).planAt(pointMs);
    }

    struct RestoreResult {
        RestoreOutcome outcome;
        QString newName;
    };

    std::shared_ptr<Job> startBackup(const QString& name, BackupType type);
    std::shared_ptr<Job> startRestore(const QString& name, qint64 pointMs, const QString& newName,
                                      const QString& file, std::shared_ptr<RestoreResult> result);
    std::shared_ptr<Job> startVerify(const QString& uuid, std::shared_ptr<VerifyReport> result);

    QList<std::shared_ptr<Job>> jobs() const { return jobs_; }
    void cancelAll() { runner_.cancelAll(); }

signals:
    // The catalog changed (a job finished): lists and views should reload.
    void changed();
    // A job started, progressed or finished.
    void jobsChanged();
    void jobFinished(std::shared_ptr<tidemark::Job> job);

private:
    std::shared_ptr<Job> track(std::shared_ptr<Job> job);
    void poll();

    std::unique_ptr<Workspace> workspace_;
    JobRunner runner_;
    QList<std::shared_ptr<Job>> jobs_;
    QList<std::shared_ptr<Job>> running_;
    QTimer poller_;
};

} // namespace tidemark
