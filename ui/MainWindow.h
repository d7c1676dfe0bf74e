#pragma once

#include "DatabaseListModel.h"
#include "WorkspaceSession.h"

#include <QMainWindow>

class QAction;
class QStackedWidget;
class QSystemTrayIcon;
class QTreeWidget;
class QTreeWidgetItem;

namespace tidemark {

class DatabasePage;
class IntegrityPage;
class JobsDock;
class OverviewPage;
class RestoreWizard;

// The console: navigation on the left (overview, databases, integrity), the selected page in
// the middle, jobs docked below. Every action has an objectName and a shortcut.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(WorkspaceSession& session, QWidget* parent = nullptr);

    void showOverview();
    void showDatabase(const QString& name);
    void showIntegrity();
    // Opens the restore wizard (not modal) for a database, with a point already chosen.
    RestoreWizard* openRestoreWizard(const QString& name, qint64 pointMs = -1);
    QString currentDatabase() const;

    OverviewPage* overviewPage() const { return overview_; }
    DatabasePage* databasePage() const { return databasePage_; }
    IntegrityPage* integrityPage() const { return integrity_; }
    JobsDock* jobsDock() const { return jobs_; }

private:
    void buildActions();
    void rebuildNavigation();
    void navigationChanged();
    void backup(BackupType type);
    void jobFinished(const std::shared_ptr<Job>& job);
    void updateActions();

    WorkspaceSession& session_;
    DatabaseListModel databases_;
    QTreeWidget* nav_;
    QTreeWidgetItem* databasesItem_ = nullptr;
    QStackedWidget* stack_;
    OverviewPage* overview_;
    DatabasePage* databasePage_;
    IntegrityPage* integrity_;
    JobsDock* jobs_;
    QSystemTrayIcon* tray_ = nullptr;
    QList<QAction*> databaseActions_;
};

} // namespace tidemark
