#pragma once

#include "WorkspaceSession.h"

#include <QWizard>

#include <optional>

namespace tidemark {

// Restore to a new database, step by step: the source (a point in time, a dropped database,
// geo-restore from the secondary, or a long-term copy; kinds that are not possible are shown
// disabled with the reason), the point, the target (validated as typed), the plan with the
// equivalent command line, the run with progress and cancel, and the verified result.
// Nothing is restored before the user presses Restore on the plan page.
class RestoreWizard : public QWizard {
    Q_OBJECT
public:
    enum Page { SourcePage, PointPage, TargetPage, PlanPage, RunPage, DonePage };
    using Kind = WorkspaceSession::RestoreKind;

    // `databaseName` may name a dropped database; `pointMs` < 0 picks the newest point.
    RestoreWizard(WorkspaceSession& session, const QString& databaseName, qint64 pointMs,
                  QWidget* parent = nullptr);

    WorkspaceSession& session() { return session_; }
    const DatabaseInfo& database() const { return database_; }
    Kind kind() const;
    // Chooses a source kind (when it is possible); returns whether it was.
    bool setKind(Kind kind);
    // Why a kind is not possible for this database (empty when it is).
    QString whyNot(Kind kind) const;
    // The long-term copy to offer selected (from the long-term backups page).
    void setLtrId(const QString& id) { ltrId_ = id; }
    const QString& requestedLtrId() const { return ltrId_; }
    // The copy selected on the point page, else the one requested.
    QString ltrId() const;
    qint64 pointMs() const;
    QString newName() const;
    QString targetFile() const;
    QString commandLine() const;
    // What the choices so far ask for, and the engine's plan for it.
    RestoreRequest request() const;
    RestorePlan plan() const;
    // Plans and keeps the plan the run page executes (from the plan page).
    const RestorePlan& preparePlan();
    std::shared_ptr<Job> job() const { return job_; }
    std::shared_ptr<WorkspaceSession::RestoreResult> result() const { return result_; }

    // Starts the restore job (from the run page).
    void startRestore();

private:
    WorkspaceSession& session_;
    DatabaseInfo database_;
    QString ltrId_;
    std::optional<RestorePlan> planned_;
    std::shared_ptr<Job> job_;
    std::shared_ptr<WorkspaceSession::RestoreResult> result_;
};

} // namespace tidemark
