#include "MainWindow.h"

#include "AboutDialog.h"
#include "DatabasePage.h"
#include "IntegrityPage.h"
#include "JobsDock.h"
#include "LtrPage.h"
#include "OverviewPage.h"
#include "RestoreWizard.h"
#include "StatusIcons.h"
#include "StoragePage.h"
#include "TimelineWidget.h"
#include "core/ErrorMessages.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QToolBar>
#include <QTreeWidget>

namespace tidemark {
namespace {
enum NavKind {
    OverviewNav = 1,
    StorageNav,
    DatabaseNav,
    DroppedNav,
    LtrNav,
    IntegrityNav,
    HeaderNav
};
constexpr int kKindRole = Qt::UserRole + 1;
} // namespace

MainWindow::MainWindow(WorkspaceSession& session, QWidget* parent)
    : QMainWindow(parent), session_(session), databases_(session) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Tidemark - %1").arg(session.dir()));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tidemark.svg")));
    resize(1280, 820);

    nav_ = new QTreeWidget;
    nav_->setObjectName(QStringLiteral("navigation"));
    nav_->setHeaderHidden(true);
    nav_->setMinimumWidth(210);
    nav_->setIconSize(QSize(16, 16));
    stack_ = new QStackedWidget;
    overview_ = new OverviewPage(session_, databases_);
    storage_ = new StoragePage(session_);
    databasePage_ = new DatabasePage(session_);
    ltr_ = new LtrPage(session_);
    integrity_ = new IntegrityPage(session_);
    for (QWidget* page : {static_cast<QWidget*>(overview_), static_cast<QWidget*>(storage_),
                          static_cast<QWidget*>(databasePage_), static_cast<QWidget*>(ltr_),
                          static_cast<QWidget*>(integrity_)})
        stack_->addWidget(page);
    auto* split = new QSplitter;
    split->addWidget(nav_);
    split->addWidget(stack_);
    split->setStretchFactor(1, 1);
    split->setSizes({230, 1050});
    setCentralWidget(split);

    jobs_ = new JobsDock(session_, this);
    addDockWidget(Qt::BottomDockWidgetArea, jobs_);

    buildActions();
    rebuildNavigation();
    statusBar()->addWidget(new QLabel(
        tr("Vault: %1 (%2, %3)")
            .arg(session.vaultRoot(), session.encrypted() ? tr("AES-256-GCM") : tr("NOT ENCRYPTED"),
                 redundancyName(session.redundancy().kind))));
    agentLabel_ = new QLabel;
    agentLabel_->setObjectName(QStringLiteral("agentStatus"));
    statusBar()->addPermanentWidget(agentLabel_);
    updateAgentStatus();

    tray_ = new TrayStatus(windowIcon(), this);
    updateTray();
    connect(tray_, &TrayStatus::pauseRequested, this, [this] { session_.agent().pause(); });
    connect(tray_, &TrayStatus::resumeRequested, this, [this] { session_.agent().resume(); });
    connect(tray_, &TrayStatus::quitRequested, this, &MainWindow::quitApplication);
    connect(tray_, &TrayStatus::showRequested, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(tray_, &TrayStatus::databaseChosen, this, [this](const QString& name) {
        showNormal();
        showDatabase(name);
    });
    connect(nav_, &QTreeWidget::currentItemChanged, this, &MainWindow::navigationChanged);
    connect(overview_, &OverviewPage::databaseActivated, this, &MainWindow::showDatabase);
    connect(databasePage_, &DatabasePage::restoreRequested, this,
            [this](const QString& name, qint64 ms) { openRestoreWizard(name, ms); });
    connect(ltr_, &LtrPage::restoreRequested, this, &MainWindow::openLtrRestore);
    connect(&session_, &WorkspaceSession::changed, this, &MainWindow::rebuildNavigation);
    connect(&session_, &WorkspaceSession::jobFinished, this, &MainWindow::jobFinished);
    connect(&session_.agent(), &AgentHost::stateChanged, this, [this] {
        updateAgentStatus();
        updateTray();
    });
    connect(&session_.agent(), &AgentHost::logged, this, [this](const QString& line) {
        statusBar()->showMessage(tr("Agent: %1").arg(line), 6000);
    });
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
    QAction* drill =
        make("actionDrill", tr("Run restore drill"), QKeySequence(tr("Ctrl+Shift+R")), "drill");
    QAction* refresh = make("actionRefresh", tr("Refresh"), QKeySequence::Refresh, "refresh");
    QAction* quit = make("actionQuit", tr("Quit"), QKeySequence::Quit, "tidemark");
    QAction* goOverview =
        make("actionShowOverview", tr("Overview"), QKeySequence(tr("Ctrl+1")), "overview");
    QAction* goStorage =
        make("actionShowStorage", tr("Storage and billing"), QKeySequence(tr("Ctrl+2")), "storage");
    QAction* goLtr =
        make("actionShowLtr", tr("Long-term backups"), QKeySequence(tr("Ctrl+3")), "backup");
    QAction* goIntegrity =
        make("actionShowIntegrity", tr("Integrity"), QKeySequence(tr("Ctrl+4")), "verify");
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
    connect(drill, &QAction::triggered, this, [this] {
        const QString name = currentDatabase();
        showIntegrity();
        integrity_->startDrill(name);
    });
    connect(goOverview, &QAction::triggered, this, &MainWindow::showOverview);
    connect(goStorage, &QAction::triggered, this, &MainWindow::showStorage);
    connect(goLtr, &QAction::triggered, this, [this] { showLtr(); });
    connect(goIntegrity, &QAction::triggered, this, &MainWindow::showIntegrity);
    connect(refresh, &QAction::triggered, &session_, &WorkspaceSession::changed);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    databaseActions_ = {full, diff, log, restore, drill};

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (QAction* a : {full, diff, log, restore})
        bar->addAction(a);
    bar->addSeparator();
    bar->addAction(verify);
    bar->addAction(drill);
    bar->addAction(refresh);
    QMenu* file = menuBar()->addMenu(tr("&Workspace"));
    file->addAction(refresh);
    file->addAction(verify);
    file->addSeparator();
    file->addAction(quit);
    QMenu* db = menuBar()->addMenu(tr("&Database"));
    for (QAction* a : {full, diff, log, restore, drill})
        db->addAction(a);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QAction* a : {goOverview, goStorage, goLtr, goIntegrity})
        view->addAction(a);
    view->addSeparator();
    view->addAction(jobs_->toggleViewAction());
    jobs_->toggleViewAction()->setObjectName(QStringLiteral("actionShowJobs"));
    jobs_->toggleViewAction()->setShortcut(QKeySequence(tr("Ctrl+J")));
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Tidemark"));
    about->setObjectName(QStringLiteral("actionAbout"));
    connect(about, &QAction::triggered, this, [this] {
        auto* dialog = new AboutDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
}

void MainWindow::rebuildNavigation() {
    QTreeWidgetItem* current = nav_->currentItem();
    const int kind = current ? current->data(0, kKindRole).toInt() : OverviewNav;
    const QString currentName = current ? current->data(0, Qt::UserRole).toString() : QString();
    updateTray();
    if (agentLabel_)
        updateAgentStatus(); // an agent elsewhere may have started or died since
    QSignalBlocker block(nav_);
    nav_->clear();
    auto add = [](QTreeWidgetItem* parent, const QString& text, int k, const QString& name,
                  const QIcon& icon) {
        auto* item = new QTreeWidgetItem(parent, {text});
        item->setData(0, kKindRole, k);
        item->setData(0, Qt::UserRole, name);
        item->setIcon(0, icon);
        return item;
    };
    auto top = [this](const QString& text, int k, const char* icon) {
        auto* item = new QTreeWidgetItem(nav_, {text});
        item->setData(0, kKindRole, k);
        if (icon)
            item->setIcon(0, QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(icon))));
        if (k == HeaderNav)
            item->setFlags(Qt::ItemIsEnabled);
        return item;
    };
    top(tr("Overview"), OverviewNav, "overview");
    top(tr("Storage and billing"), StorageNav, "storage");
    auto* live = top(tr("Databases (%1)").arg(databases_.rowCount()), HeaderNav, nullptr);
    for (int row = 0; row < databases_.rowCount(); ++row) {
        auto* item = add(live, databases_.nameAt(row), DatabaseNav, databases_.nameAt(row),
                         healthIcon(databases_.healthAt(row)));
        QString alert = databases_.alertAt(row);
        item->setToolTip(
            0, alert.isEmpty() ? DatabaseListModel::healthText(databases_.healthAt(row)) : alert);
    }
    live->setExpanded(true);
    if (!databases_.dropped().isEmpty()) {
        auto* dropped =
            top(tr("Dropped databases (%1)").arg(databases_.dropped().size()), HeaderNav, nullptr);
        for (const DatabaseInfo& d : databases_.dropped()) {
            auto* item = add(dropped, d.name, DroppedNav, d.name, droppedIcon());
            item->setToolTip(0, tr("Dropped at %1; restorable up to then while its backups "
                                   "are retained")
                                    .arg(formatTime(d.droppedMs)));
        }
        dropped->setExpanded(true);
    }
    auto* ltr = top(tr("Long-term backups"), LtrNav, "backup");
    QSet<QString> withCopies;
    for (const LtrInfo& l : session_.ltrBackups())
        withCopies.insert(l.databaseName);
    QStringList names = withCopies.values();
    names.sort();
    for (const QString& name : names)
        add(ltr, name, LtrNav, name, QIcon(QStringLiteral(":/icons/backup.svg")));
    ltr->setExpanded(true);
    top(tr("Integrity"), IntegrityNav, "verify");

    QTreeWidgetItem* select = findItem(kind, currentName);
    nav_->setCurrentItem(select ? select : nav_->topLevelItem(0));
    updateActions();
}

QTreeWidgetItem* MainWindow::findItem(int kind, const QString& name) const {
    QList<QTreeWidgetItem*> stack;
    for (int i = 0; i < nav_->topLevelItemCount(); ++i)
        stack << nav_->topLevelItem(i);
    while (!stack.isEmpty()) {
        QTreeWidgetItem* item = stack.takeFirst();
        if (item->data(0, kKindRole).toInt() == kind &&
            item->data(0, Qt::UserRole).toString() == name)
            return item;
        for (int i = 0; i < item->childCount(); ++i)
            stack << item->child(i);
    }
    return nullptr;
}

void MainWindow::navigationChanged() {
    QTreeWidgetItem* item = nav_->currentItem();
    const int kind = item ? item->data(0, kKindRole).toInt() : OverviewNav;
    const QString name = item ? item->data(0, Qt::UserRole).toString() : QString();
    switch (kind) {
    case DatabaseNav:
    case DroppedNav:
        databasePage_->showDatabase(name);
        stack_->setCurrentWidget(databasePage_);
        break;
    case StorageNav:
        stack_->setCurrentWidget(storage_);
        break;
    case LtrNav:
        ltr_->showDatabase(name);
        stack_->setCurrentWidget(ltr_);
        break;
    case IntegrityNav:
        stack_->setCurrentWidget(integrity_);
        break;
    default:
        stack_->setCurrentWidget(overview_);
        break;
    }
    updateActions();
}

void MainWindow::updateActions() {
    QTreeWidgetItem* item = nav_->currentItem();
    const bool live = item && item->data(0, kKindRole).toInt() == DatabaseNav;
    const bool dropped = item && item->data(0, kKindRole).toInt() == DroppedNav;
    for (QAction* a : databaseActions_) {
        // A dropped database takes no backups, but can be restored.
        a->setEnabled(live || (dropped && a->objectName() == QStringLiteral("actionRestore")));
    }
}

void MainWindow::updateTray() {
    if (!tray_)
        return;
    const AgentHost& agent = session_.agent();
    tray_->update(databases_, agent.running()  ? TrayStatus::Protection::RunsHere
                              : agent.paused() ? TrayStatus::Protection::Paused
                                               : TrayStatus::Protection::NotHere);
}

void MainWindow::quitApplication() {
    quitting_ = true;
    session_.agent().stop();
    close();
    QApplication::quit();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (quitting_ || !session_.agent().running()) {
        event->accept();
        return;
    }
    const int count = databases_.rowCount();
    QMessageBox ask(this);
    ask.setObjectName(QStringLiteral("closeQuestion"));
    ask.setIcon(QMessageBox::Question);
    ask.setWindowTitle(tr("Close Tidemark"));
    ask.setText(tr("This console's agent protects %n database(s): it takes their scheduled "
                   "backups and captures every commit.",
                   nullptr, count));
    QPushButton* keep = nullptr;
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        ask.setInformativeText(tr("Keep protecting from the tray, or stop protecting and quit? "
                                  "While stopped, nothing is backed up until Tidemark or "
                                  "'tidemark-cli agent' runs again."));
        keep = ask.addButton(tr("Keep protecting in the tray"), QMessageBox::AcceptRole);
        keep->setObjectName(QStringLiteral("keepProtectingButton"));
    } else {
        ask.setInformativeText(tr("Quitting stops protecting them until Tidemark or "
                                  "'tidemark-cli agent' runs again."));
    }
    QPushButton* stop = ask.addButton(tr("Stop protecting and quit"), QMessageBox::DestructiveRole);
    stop->setObjectName(QStringLiteral("stopAndQuitButton"));
    QPushButton* cancel = ask.addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelCloseButton"));
    ask.setDefaultButton(keep ? keep : cancel);
    ask.exec();
    if (ask.clickedButton() == stop) {
        session_.agent().stop();
        event->accept();
        return;
    }
    event->ignore();
    if (keep && ask.clickedButton() == keep) {
        hide();
        tray_->inform(tr("Tidemark keeps protecting your databases; open it again from here."));
    }
}

void MainWindow::updateAgentStatus() {
    AgentHost& agent = session_.agent();
    QString text;
    if (agent.paused())
        text = tr("Agent: paused from the tray; nothing is backed up until it resumes");
    else if (agent.running())
        text = tr("Agent: running in this console (schedule, retention, replication, drills)");
    else if (!agent.problem().isEmpty())
        text = tr("Agent: not run here - %1; the console works alongside it").arg(agent.problem());
    else if (session_.agentHoldsWorkspace())
        text = tr("Agent: running in another process; the console works alongside it");
    else
        text = tr("Agent: not running (scheduled backups wait for tidemark-cli agent)");
    agentLabel_->setText(text);
    agentLabel_->setToolTip(text);
}

QString MainWindow::agentStatus() const {
    return agentLabel_->text();
}

QString MainWindow::currentDatabase() const {
    QTreeWidgetItem* item = nav_->currentItem();
    if (!item)
        return {};
    const int kind = item->data(0, kKindRole).toInt();
    if (kind != DatabaseNav && kind != DroppedNav)
        return {};
    return item->data(0, Qt::UserRole).toString();
}

void MainWindow::showOverview() {
    nav_->setCurrentItem(findItem(OverviewNav, {}));
}

void MainWindow::showStorage() {
    nav_->setCurrentItem(findItem(StorageNav, {}));
}

void MainWindow::showIntegrity() {
    nav_->setCurrentItem(findItem(IntegrityNav, {}));
}

void MainWindow::showLtr(const QString& name) {
    nav_->setCurrentItem(findItem(LtrNav, name));
}

void MainWindow::showDatabase(const QString& name) {
    QTreeWidgetItem* item = findItem(DatabaseNav, name);
    if (!item)
        item = findItem(DroppedNav, name);
    if (item)
        nav_->setCurrentItem(item);
}

RestoreWizard* MainWindow::openRestoreWizard(const QString& name, qint64 pointMs) {
    auto* wizard = new RestoreWizard(session_, name, pointMs, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->show();
    return wizard;
}

RestoreWizard* MainWindow::openLtrRestore(const QString& name, const QString& ltrId) {
    auto* wizard = new RestoreWizard(session_, name, -1, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->setLtrId(ltrId);
    wizard->setKind(RestoreWizard::Kind::Ltr);
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
    tray_->warn(text);
}

} // namespace tidemark
