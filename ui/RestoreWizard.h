#pragma once

#include "WorkspaceSession.h"

#include <QWizard>

class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QPlainTextEdit;

namespace tidemark {

class TimelineWidget;

// Restore to a new database, step by step: source kind, point in time, target, plan, run.
// The run page starts the engine's restore as a job and shows its progress; nothing is
// restored before the user presses Restore on the plan page.
class RestoreWizard : public QWizard {
    Q_OBJECT
public:
    enum Page { SourcePage, PointPage, TargetPage, PlanPage, RunPage };

    RestoreWizard(WorkspaceSession& session, const QString& databaseName, qint64 pointMs,
                  QWidget* parent = nullptr);

    WorkspaceSession& session() { return session_; }
    const DatabaseInfo& database() const { return database_; }
    qint64 pointMs() const;
    QString newName() const;
    QString targetFile() const;
    QString commandLine() const;
    std::shared_ptr<Job> job() const { return job_; }
    std::shared_ptr<WorkspaceSession::RestoreResult> result() const { return result_; }

    // Starts the restore job (from the run page).
    void startRestore();

private:
    WorkspaceSession& session_;
    DatabaseInfo database_;
    qint64 initialPointMs_;
    std::shared_ptr<Job> job_;
    std::shared_ptr<WorkspaceSession::RestoreResult> result_;
};

} // namespace tidemark
