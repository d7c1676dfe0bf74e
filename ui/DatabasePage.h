#pragma once

#include "BackupTableModel.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace tidemark {

class TimelineWidget;

// One database (live or dropped): its timeline, its backups, its policy and stretch state.
// A dropped database's page says when it was dropped and offers to restore it.
class DatabasePage : public QWidget {
    Q_OBJECT
public:
    explicit DatabasePage(WorkspaceSession& session, QWidget* parent = nullptr);
    void showDatabase(const QString& name);
    QString databaseName() const { return database_.name; }
    TimelineWidget* timeline() const { return timeline_; }
    QTabWidget* tabs() const { return tabs_; }
    QTableView* backupsTable() const { return backups_; }
    QPushButton* restoreDroppedButton() const { return restoreDropped_; }

signals:
    void restoreRequested(const QString& name, qint64 pointMs);

private:
    static QString granularityText(const Workspace::Restorable& span, const DatabaseInfo& db,
                                   const BackupPolicy& policy);
    void reload();
    WorkspaceSession& session_;
    DatabaseInfo database_;
    BackupTableModel model_;
    QLabel* header_;
    QLabel* dropped_;
    QPushButton* restoreDropped_;
    QTabWidget* tabs_;
    TimelineWidget* timeline_;
    QTableView* backups_;
    QLineEdit* filter_;
    QLabel* policy_;
    QLabel* stretch_;
};

} // namespace tidemark
