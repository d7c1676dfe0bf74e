#include "MainWindow.h"

#include "DatabasePage.h"
#include "ErrorMessages.h"
#include "IntegrityPage.h"
#include "JobsDock.h"
#include "OverviewPage.h"
#include "RestoreWizard.h"
#include "TimelineWidget.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QToolBar>
#include <QTreeWidget>

namespace tidemark {
namespace {
enum NavKind { OverviewNav = 1, DatabaseNav, IntegrityNav, DatabasesHeader };
constexpr int kKindRole = Qt::UserRole + 1;
} // namespace

MainWindow::MainWindow(WorkspaceSession& session, QWidget* parent)
    : QMainWindow(parent), session_(session), databases_(session) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Tidemark - %1").arg(session.workspace().dir()));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tidemark.svg")));
    resize(1200, 780);

    nav_ = new QTreeWidget;
    nav_->setObjectName(QStringLiteral("navigation"));
    nav_->setHeaderHidden(true);
    nav_->setMinimumWidth(200);
    stack_ = new QStackedWidget;
    overview_ = new OverviewPage(session_, databases_);
    databasePage_ = new DatabasePage(session_);
    integrity_ = new IntegrityPage(session_);
    stack_->addWidget(overview_);
    stack_->addWidget(databasePage_);
    stack_->addWidget(integrity_);
    auto* split = new QSplitter;
    split->addWidget(nav_);
    split->addWidget(stack_);
    split->setStretchFactor(1, 1);
    setCentralWidget(split);

    jobs_ = new JobsDock(session_, this);
    addDockWidget(Qt::BottomDockWidgetArea, jobs_);

    buildActions();
    rebuildNavigation();
    statusBar()->addWidget(
        new QLabel(tr("Vault: %1 (%2)")
                       .arg(session.workspace().vault().root(),
                            session.encrypted() ? tr("AES-256-GCM") : tr("NOT ENCRYPTED"))));

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        tray_ = new QSystemTrayIcon(windowIcon(), this);
        tray_->setToolTip(tr("Tidemark"));
        tray_->show();
    }
    connect(nav_, &QTreeWidget::currentItemChanged, this, &MainWindow::navigationChanged);
    connect(overview_, &OverviewPage::databaseActivated, this, &MainWindow::showDatabase);
    connect(databasePage_, &DatabasePage::restoreRequested, this,
            [this](const QString& name, qint64 ms) { openRestoreWizard(name, ms); });
    connect(&session_, &WorkspaceSession::changed, this, &MainWindow::rebuildNavigation);
    connect(&session_, &WorkspaceSession::jobFinished, this, &MainWindow::jobFinished);
    showOverview();
}

void MainWindow::buildActions() {
    auto make = [this](const char* name, const QString& text, const QKeySequence& keys,
                       const char* icon) {
        auto* a = new QAction(QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(icon))),
                              text, this);
        a->setObjectName(QString::fromLatin1(name));
        a->setShortcut(keys);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(text, keys.toString(QKeySequence::NativeText)));
        return a;
    };
    QAction* full =
        make("actionBackupFull", tr("Full backup"), QKeySequence(tr("Ctrl+Shift+F")), "backup");
    QAction* diff = make("actionBackupDiff", tr("Differential backup"),
                         QKeySequence(tr("Ctrl+Shift+D")), "backup");
    QAction* log =
        make("actionBackupLog", tr("Log backup"), QKeySequence(tr("Ctrl+Shift+L")), "backup");
    QAction* restore =
        make("actionRestore", tr("Restore..."), QKeySequence(tr("Ctrl+R")), "restore");
    QAction* verify =
        make("actionVerify", tr("Verify vault"), QKeySequence(tr("Ctrl+Shift+V")), "verify");
    QAction* refresh = make("actionRefresh", tr("Refresh"), QKeySequence::Refresh, "refresh");
    QAction* quit = make("actionQuit", tr("Quit"), QKeySequence::Quit, "tidemark");
    connect(full, &QAction::triggered, this, [this] { backup(BackupType::Full); });
    connect(diff, &QAction::triggered, this, [this] { backup(BackupType::Differential); });
    connect(log, &QAction::triggered, this, [this] { backup(BackupType::Log); });
    connect(restore, &QAction::triggered, this, [this] {
        if (!currentDatabase().isEmpty())
            openRestoreWizard(currentDatabase(), databasePage_->timeline()->cursorMs());
    });
    connect(verify, &QAction::triggered, this, [this] {
        showIntegrity();
        integrity_->verifyButton()->click();
    });
    connect(refresh, &QAction::triggered, &session_, &WorkspaceSession::changed);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    databaseActions_ = {full, diff, log, restore};

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (QAction* a : {full, diff, log, restore})
        bar->addAction(a);
    bar->addSeparator();
    bar->addAction(verify);
    bar->addAction(refresh);
    QMenu* file = menuBar()->addMenu(tr("&Workspace"));
    file->addAction(refresh);
    file->addAction(verify);
    file->addSeparator();
    file->addAction(quit);
    QMenu* db = menuBar()->addMenu(tr("&Database"));
    for (QAction* a : {full, diff, log, restore})
        db->addAction(a);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(jobs_->toggleViewAction());
    jobs_->toggleViewAction()->setObjectName(QStringLiteral("actionShowJobs"));
}

void MainWindow::rebuildNavigation() {
    QString current = currentDatabase();
    int kind = nav_->currentItem() ? nav_->currentItem()->data(0, kKindRole).toInt() : OverviewNav;
    QSignalBlocker block(nav_);
    nav_->clear();
    auto* overview = new QTreeWidgetItem(nav_, {tr("Overview")});
    overview->setData(0, kKindRole, OverviewNav);
    databasesItem_ = new QTreeWidgetItem(nav_, {tr("Databases")});
    databasesItem_->setData(0, kKindRole, DatabasesHeader);
    databasesItem_->setFlags(Qt::ItemIsEnabled);
    QTreeWidgetItem* select = overview;
    for (int row = 0; row < databases_.rowCount(); ++row) {
        QString name = databases_.nameAt(row);
        QString status =
            databases_.data(databases_.index(row, DatabaseListModel::Status), Qt::DisplayRole)
                .toString();
        auto* item = new QTreeWidgetItem(databasesItem_, {name});
        item->setData(0, kKindRole, DatabaseNav);
        item->setData(0, Qt::UserRole, name);
        item->setToolTip(0, status);
        item->setForeground(
            0, databases_.data(databases_.index(row, DatabaseListModel::Status), Qt::ForegroundRole)
                   .value<QBrush>());
        if (kind == DatabaseNav && name == current)
            select = item;
    }
    databasesItem_->setExpanded(true);
    auto* integrity = new QTreeWidgetItem(nav_, {tr("Integrity")});
    integrity->setData(0, kKindRole, IntegrityNav);
    if (kind == IntegrityNav)
        select = integrity;
    nav_->setCurrentItem(select);
    updateActions();
}

void MainWindow::navigationChanged() {
    QTreeWidgetItem* item = nav_->currentItem();
    int kind = item ? item->data(0, kKindRole).toInt() : OverviewNav;
    if (kind == DatabaseNav) {
        databasePage_->showDatabase(item->data(0, Qt::UserRole).toString());
        stack_->setCurrentWidget(databasePage_);
    } else if (kind == IntegrityNav) {
        stack_->setCurrentWidget(integrity_);
    } else {
        stack_->setCurrentWidget(overview_);
    }
    updateActions();
}

void MainWindow::updateActions() {
    bool haveDatabase = !currentDatabase().isEmpty();
    for (QAction* a : databaseActions_)
        a->setEnabled(haveDatabase);
}

QString MainWindow::currentDatabase() const {
    QTreeWidgetItem* item = nav_->currentItem();
    if (!item || item->data(0, kKindRole).toInt() != DatabaseNav)
        return {};
    return item->data(0, Qt::UserRole).toString();
}

void MainWindow::showOverview() {
    nav_->setCurrentItem(nav_->topLevelItem(0));
}

void MainWindow::showIntegrity() {
    nav_->setCurrentItem(nav_->topLevelItem(2));
}

void MainWindow::showDatabase(const QString& name) {
    for (int i = 0; i < databasesItem_->childCount(); ++i) {
        if (databasesItem_->child(i)->data(0, Qt::UserRole).toString() == name) {
            nav_->setCurrentItem(databasesItem_->child(i));
            return;
        }
    }
}

RestoreWizard* MainWindow::openRestoreWizard(const QString& name, qint64 pointMs) {
    auto* wizard = new RestoreWizard(session_, name, pointMs, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->show();
    return wizard;
}

void MainWindow::backup(BackupType type) {
    QString name = currentDatabase();
    if (!name.isEmpty())
        session_.startBackup(name, type);
}

void MainWindow::jobFinished(const std::shared_ptr<Job>& job) {
    if (job->status.isOk() || job->status.isCancelled()) {
        statusBar()->showMessage(job->status.isOk() ? job->summary : tr("Job cancelled"), 8000);
        return;
    }
    QString text = tr("%1 of %2 failed: %3").arg(job->kind, job->target, userMessage(job->status));
    statusBar()->showMessage(text, 15000);
    // Failures, not successes, are worth interrupting someone for.
    if (tray_)
        tray_->showMessage(tr("Tidemark"), text, QSystemTrayIcon::Warning);
}

} // namespace tidemark
