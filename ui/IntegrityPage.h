#pragma once

#include "WorkspaceSession.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace tidemark {

// For support staff: per database the last quick verify (objects checked, problems found and
// healed) and the last restore drill with its result; "Verify now" and "Run restore drill"
// run as jobs; the history of both below.
class IntegrityPage : public QWidget {
    Q_OBJECT
public:
    explicit IntegrityPage(WorkspaceSession& session, QWidget* parent = nullptr);
    QPushButton* verifyButton() const { return verify_; }
    QPushButton* drillButton() const { return drill_; }
    QTableWidget* databaseTable() const { return databases_; }
    std::shared_ptr<Job> lastJob() const { return job_; }
    // Runs a restore drill of a database (the selected one when empty).
    void startDrill(const QString& name = {});

protected:
    void showEvent(QShowEvent* e) override;

private:
    void startVerify();
    void showResult();
    // Reloads now when visible, else on the next show (hidden pages cost nothing).
    void reloadWhenShown();
    void reload();
    bool stale_ = true;
    QString selectedDatabase() const;
    QStringList unusableBackups(const QString& uuid) const;
    WorkspaceSession& session_;
    QPushButton* verify_;
    QPushButton* drill_;
    QLabel* result_;
    QListWidget* problems_;
    QTableWidget* databases_;
    QTableWidget* history_;
    std::shared_ptr<Job> job_;
    std::shared_ptr<VerifyReport> report_;
    std::shared_ptr<DrillResult> drillResult_;
};

} // namespace tidemark
