#pragma once

#include "WorkspaceSession.h"

#include <QAbstractTableModel>

namespace tidemark {

// The protected databases, one row each, with the health a DBA looks for first.
class DatabaseListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Status, LastBackup, LatestPoint, Backups, Stored, File, ColumnCount };
    enum Role { UuidRole = Qt::UserRole + 1, HealthRole };
    enum class Health { Protected, NeverBackedUp, Failing };

    explicit DatabaseListModel(WorkspaceSession& session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    void reload();
    QString uuidAt(int row) const { return rows_.value(row).info.uuid; }
    QString nameAt(int row) const { return rows_.value(row).info.name; }

private:
    struct Row {
        DatabaseInfo info;
        int backups = 0;
        qint64 lastEndMs = -1;
        qint64 latestPointMs = -1;
        qint64 storedBytes = 0;
        bool lastJobFailed = false;
        Health health = Health::NeverBackedUp;
    };
    WorkspaceSession& session_;
    QList<Row> rows_;
};

} // namespace tidemark
