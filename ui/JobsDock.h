#pragma once

#include "JobListModel.h"

#include <QDockWidget>

class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace tidemark {

// Running, finished and past jobs with progress; cancel the selected one, read its log.
class JobsDock : public QDockWidget {
    Q_OBJECT
public:
    explicit JobsDock(WorkspaceSession& session, QWidget* parent = nullptr);
    QTableView* table() const { return table_; }
    JobListModel& model() { return model_; }
    QPushButton* cancelButton() const { return cancel_; }

private:
    void selectionChanged();
    JobListModel model_;
    QTableView* table_;
    QPushButton* cancel_;
    QPlainTextEdit* log_;
};

} // namespace tidemark
