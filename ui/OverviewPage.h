#pragma once

#include "DatabaseListModel.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace tidemark {

// The first page: how many databases are protected, which need attention, and the list.
class OverviewPage : public QWidget {
    Q_OBJECT
public:
    OverviewPage(WorkspaceSession& session, DatabaseListModel& model, QWidget* parent = nullptr);
    QTableView* table() const { return table_; }

signals:
    void databaseActivated(const QString& name);

private:
    void refreshSummary();
    WorkspaceSession& session_;
    DatabaseListModel& model_;
    QLabel* summary_;
    QLabel* attention_;
    QTableView* table_;
};

} // namespace tidemark
