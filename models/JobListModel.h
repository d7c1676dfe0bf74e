#pragma once

#include "WorkspaceSession.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace tidemark {

// Every job the workspace knows, newest first: those this console runs (live progress) and
// the workspace's job history (the agent's, the CLI's, earlier sessions').
class JobListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Kind, Target, Started, Duration, Progress, State, Message, ColumnCount };
    enum Role {
        ProgressRole = Qt::UserRole + 1,
        LogRole,
        RunningRole,
        // The outcome as the engine names it: running, succeeded, failed, cancelled,
        // completed_with_errors (queued and cancelling jobs are running).
        StateRole,
        StartedRole, // ms on the workspace clock
    };

    explicit JobListModel(WorkspaceSession& session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    std::shared_ptr<Job> liveJobAt(int row) const { return rows_.value(row).live; }

private:
    struct Row {
        std::shared_ptr<Job> live; // set for this console's jobs
        JobInfo record;            // the catalog's record otherwise
        qint64 startMs() const;
    };
    void reload();
    void refreshLive();
    WorkspaceSession& session_;
    QList<Row> rows_;
    int liveCount_ = 0;
};

// The jobs dock's filter: one outcome (StateRole) and one database, either left empty for all.
class JobFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setState(const QString& state);
    void setDatabase(const QString& database);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    QString state_;
    QString database_;
};

} // namespace tidemark
