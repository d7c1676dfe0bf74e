#include "TrayStatus.h"

#include "StatusIcons.h"

namespace tidemark {

TrayStatus::TrayStatus(const QIcon& icon, QWidget* window) : QObject(window) {
    menu_ = new QMenu(window);
    menu_->setObjectName(QStringLiteral("trayMenu"));
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        tray_ = new QSystemTrayIcon(icon, this);
        tray_->setContextMenu(menu_);
        tray_->show();
        connect(tray_, &QSystemTrayIcon::activated, this, [this](auto reason) {
            if (reason == QSystemTrayIcon::Trigger)
                emit showRequested();
        });
    }
}

void TrayStatus::update(const DatabaseListModel& databases, Protection protection) {
    int protectedCount = 0;
    QStringList attention;
    menu_->clear();
    QAction* open = menu_->addAction(tr("Open Tidemark"));
    open->setObjectName(QStringLiteral("trayOpen"));
    connect(open, &QAction::triggered, this, &TrayStatus::showRequested);
    menu_->addSeparator();
    for (int row = 0; row < databases.rowCount(); ++row) {
        const auto health = databases.healthAt(row);
        const QString name = databases.nameAt(row);
        if (health == DatabaseListModel::Health::Protected)
            ++protectedCount;
        else
            attention << tr("%1: %2").arg(name, DatabaseListModel::healthText(health));
        QAction* action = menu_->addAction(
            healthIcon(health), tr("%1 — %2").arg(name, DatabaseListModel::healthText(health)));
        action->setObjectName(QStringLiteral("trayDatabase_%1").arg(name));
        connect(action, &QAction::triggered, this, [this, name] { emit databaseChosen(name); });
    }
    menu_->addSeparator();
    if (protection != Protection::NotHere) {
        const bool paused = protection == Protection::Paused;
        QAction* pause =
            menu_->addAction(paused ? tr("Resume protection") : tr("Pause protection"));
        pause->setObjectName(QStringLiteral("trayPause"));
        connect(pause, &QAction::triggered, this,
                paused ? &TrayStatus::resumeRequested : &TrayStatus::pauseRequested);
    }
    QAction* quit = menu_->addAction(tr("Quit Tidemark"));
    quit->setObjectName(QStringLiteral("trayQuit"));
    connect(quit, &QAction::triggered, this, &TrayStatus::quitRequested);
    toolTip_ =
        tr("Tidemark: %1 of %2 databases protected").arg(protectedCount).arg(databases.rowCount());
    if (!attention.isEmpty())
        toolTip_ += QLatin1Char('\n') + attention.join(QLatin1Char('\n'));
    if (tray_)
        tray_->setToolTip(toolTip_);
}

void TrayStatus::warn(const QString& text) {
    if (tray_)
        tray_->showMessage(tr("Tidemark"), text, QSystemTrayIcon::Warning);
}

void TrayStatus::inform(const QString& text) {
    if (tray_)
        tray_->showMessage(tr("Tidemark"), text, QSystemTrayIcon::Information);
}

} // namespace tidemark
