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

    // What the agent in this console does now, for the menu's pause/resume entry.
    enum class Protection { RunsHere, Paused, NotHere };
    void update(const DatabaseListModel& databases, Protection protection);
    QString toolTip() const { return toolTip_; }
    QMenu* menu() const { return menu_; }
    // Failures interrupt someone; successes do not.
    void warn(const QString& text);
    void inform(const QString& text);

signals:
    void databaseChosen(const QString& name);
    void showRequested();
    void pauseRequested();
    void resumeRequested();
    void quitRequested();

private:
    QSystemTrayIcon* tray_ = nullptr;
    QMenu* menu_;
    QString toolTip_;
};

// The console's tray menu: Open, the status of each database, Pause or Resume protection, Quit.

} // namespace tidemark
