#pragma once

#include "DatabaseListModel.h"
#include "TrayStatus.h"
#include "WorkspaceSession.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace tidemark {

class DatabasePage;
class IntegrityPage;
class JobsDock;
class LtrPage;
class OverviewPage;
class RestoreWizard;
class StoragePage;

// The console: navigation on the left (overview, storage and billing, databases with a status
// badge each, dropped databases, long-term backups, integrity), the selected page in the
// middle, jobs docked below, the agent's state in the status bar. Every action has an
// objectName and a shortcut.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(WorkspaceSession& session, QWidget* parent = nullptr);

    void showOverview();
    void showStorage();
    void showDatabase(const QString& name); // live or dropped
    void showLtr(const QString& name = {});
    void showIntegrity();
    // Opens the restore wizard (not modal) for a database, with a point already chosen.
    RestoreWizard* openRestoreWizard(const QString& name, qint64 pointMs = -1);
    RestoreWizard* openLtrRestore(const QString& name, const QString& ltrId);
    QString currentDatabase() const;

    OverviewPage* overviewPage() const { return overview_; }
    StoragePage* storagePage() const { return storage_; }
    DatabasePage* databasePage() const { return databasePage_; }
    LtrPage* ltrPage() const { return ltr_; }
    IntegrityPage* integrityPage() const { return integrity_; }
    JobsDock* jobsDock() const { return jobs_; }
    QTreeWidget* navigation() const { return nav_; }
    QString agentStatus() const;
    TrayStatus* trayStatus() const { return tray_; }

protected:
    // While this console's agent protects databases, closing asks: keep protecting from the
    // tray (where there is one), or stop protecting and quit.
    void closeEvent(QCloseEvent* event) override;

private:
    void updateTray();
    void quitApplication();
    void buildActions();
    void rebuildNavigation();
    void navigationChanged();
    void backup(BackupType type);
    void jobFinished(const std::shared_ptr<Job>& job);
    void updateActions();
    void updateAgentStatus();
    QTreeWidgetItem* findItem(int kind, const QString& name) const;

    WorkspaceSession& session_;
    DatabaseListModel databases_;
    QTreeWidget* nav_;
    QStackedWidget* stack_;
    OverviewPage* overview_;
    StoragePage* storage_;
    DatabasePage* databasePage_;
    LtrPage* ltr_;
    IntegrityPage* integrity_;
    JobsDock* jobs_;
    QLabel* agentLabel_ = nullptr;
    TrayStatus* tray_ = nullptr;
    QList<QAction*> databaseActions_;
    bool quitting_ = false;
};

} // namespace tidemark
