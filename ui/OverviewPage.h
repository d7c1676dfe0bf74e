#pragma once

#include "DatabaseListModel.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QTableView;

namespace tidemark {

// The first page: how many databases are protected, this month's cost, integrity, the alerts
// (missed or failing backups and failed drills first), and one row per database with its last
// backup, restore window, capture lag, storage, cost and last drill.
class OverviewPage : public QWidget {
    Q_OBJECT
public:
    OverviewPage(WorkspaceSession& session, DatabaseListModel& model, QWidget* parent = nullptr);
    QTableView* table() const { return table_; }
    QListWidget* alerts() const { return alerts_; }

signals:
    void databaseActivated(const QString& name);

private:
    void refreshSummary();
    WorkspaceSession& session_;
    DatabaseListModel& model_;
    QLabel* summary_;
    QLabel* integrity_;
    QLabel* attention_;
    QListWidget* alerts_;
    QTableView* table_;
};

} // namespace tidemark
