#pragma once

#include "JobListModel.h"

#include <QDockWidget>

class QComboBox;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace tidemark {

// Running, finished and past jobs, newest first, with start time, duration and progress;
// filtered by outcome and database; cancel the selected one, read its log.
class JobsDock : public QDockWidget {
    Q_OBJECT
public:
    explicit JobsDock(WorkspaceSession& session, QWidget* parent = nullptr);
    QTableView* table() const { return table_; }
    JobListModel& model() { return model_; }
    QPushButton* cancelButton() const { return cancel_; }

private:
    void selectionChanged();
    void listDatabases();
    JobListModel model_;
    JobFilterModel filter_;
    QComboBox* stateFilter_;
    QComboBox* databaseFilter_;
    QTableView* table_;
    QPushButton* cancel_;
    QPlainTextEdit* log_;
};

} // namespace tidemark
