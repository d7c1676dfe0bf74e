#pragma once

#include "DatabaseListModel.h"

#include <QMenu>
#include <QObject>
#include <QSystemTrayIcon>

namespace tidemark {

// The tray icon's tooltip and menu: the engine's health verdict per database, as the overview
// shows it. The menu and tooltip exist even where no tray does (tests read them there).
class TrayStatus : public QObject {
    Q_OBJECT
public:
    TrayStatus(const QIcon& icon, QWidget* window);

    void update(const DatabaseListModel& databases);
    QString toolTip() const { return toolTip_; }
    QMenu* menu() const { return menu_; }
    // Failures interrupt someone; successes do not.
    void warn(const QString& text);

signals:
    void databaseChosen(const QString& name);
    void showRequested();

private:
    QSystemTrayIcon* tray_ = nullptr;
    QMenu* menu_;
    QString toolTip_;
};

} // namespace tidemark
