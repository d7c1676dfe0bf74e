#pragma once

#include "WorkspaceSession.h"

#include <QAbstractTableModel>

namespace tidemark {

// The backups of one database, oldest first. Display text for people; EditRole gives raw
// values for sorting.
class BackupTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Type, Point, End, Logical, Stored, Status, Chain, Id, ColumnCount };

    explicit BackupTableModel(WorkspaceSession& session, QObject* parent = nullptr);
    void setDatabase(const QString& uuid);
    const QList<BackupInfo>& backups() const { return backups_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    void reload();
    WorkspaceSession& session_;
    QString uuid_;
    QList<BackupInfo> backups_;
};

} // namespace tidemark
