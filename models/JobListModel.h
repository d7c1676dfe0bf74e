#pragma once

#include "WorkspaceSession.h"

#include <QAbstractTableModel>

namespace tidemark {

// Jobs of this console session (newest first), then the workspace's job history.
class JobListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Kind, Target, Progress, State, Message, ColumnCount };
    enum Role { ProgressRole = Qt::UserRole + 1, LogRole, RunningRole };

    explicit JobListModel(WorkspaceSession& session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    std::shared_ptr<Job> liveJobAt(int row) const { return live_.value(row); }

private:
    void reloadHistory();
    void refreshLive();
    WorkspaceSession& session_;
    QList<std::shared_ptr<Job>> live_;
    QList<JobInfo> history_;
};

} // namespace tidemark
