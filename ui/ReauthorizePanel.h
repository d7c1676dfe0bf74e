#pragma once

#include "WorkspaceSession.h"

#include <QTimer>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QPushButton;

namespace tidemark {

// Links a database's stretch tables to their remote endpoint again and reconciles them (a
// restored copy starts unlinked). Says plainly when there is nothing to link, runs the work as
// a job and shows the reconciliation's own report.
class ReauthorizePanel : public QWidget {
    Q_OBJECT
public:
    explicit ReauthorizePanel(WorkspaceSession& session, QWidget* parent = nullptr);
    // Shows what `database` needs, from the engine's stretch status.
    void showDatabase(const QString& database);
    bool needsReauthorize() const { return needed_; }
    std::shared_ptr<Job> job() const { return job_; }

private:
    void start();
    void poll();
    WorkspaceSession& session_;
    QString database_;
    bool needed_ = false;
    QLabel* text_;
    QWidget* form_;
    QLineEdit* credential_;
    QButtonGroup* endpoint_;
    QPushButton* run_;
    QLabel* status_;
    QTimer timer_;
    std::shared_ptr<Job> job_;
    std::shared_ptr<ReconciliationReport> report_;
};

} // namespace tidemark
