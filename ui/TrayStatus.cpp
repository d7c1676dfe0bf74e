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

void TrayStatus::update(const DatabaseListModel& databases) {
    int protectedCount = 0;
    QStringList attention;
    menu_->clear();
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
    QAction* show = menu_->addAction(tr("Show Tidemark"));
    connect(show, &QAction::triggered, this, &TrayStatus::showRequested);
    toolTip_ = tr("Tidemark: %1 of %2 databases protected").arg(protectedCount).arg(databases.rowCount());
    if (!attention.isEmpty())
        toolTip_ += QLatin1Char('\n') + attention.join(QLatin1Char('\n'));
    if (tray_)
        tray_->setToolTip(toolTip_);
}

void TrayStatus::warn(const QString& text) {
    if (tray_)
        tray_->showMessage(tr("Tidemark"), text, QSystemTrayIcon::Warning);
}

} // namespace tidemark
