#pragma once

#include "WorkspaceSession.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace tidemark {

// For support staff: run a verification of every vault object as a job, see its result and
// the history of verifications.
class IntegrityPage : public QWidget {
    Q_OBJECT
public:
    explicit IntegrityPage(WorkspaceSession& session, QWidget* parent = nullptr);
    QPushButton* verifyButton() const { return verify_; }
    std::shared_ptr<Job> lastJob() const { return job_; }

private:
    void startVerify();
    void showResult();
    void reloadHistory();
    WorkspaceSession& session_;
    QPushButton* verify_;
    QLabel* result_;
    QListWidget* problems_;
    QTableWidget* history_;
    std::shared_ptr<Job> job_;
    std::shared_ptr<VerifyReport> report_;
};

} // namespace tidemark
