#pragma once

#include "WorkspaceSession.h"

#include <QAbstractTableModel>

namespace tidemark {

// One row per location of the vault (primary, synchronous copies, geo secondary): its kind,
// whether it answered and, for the secondary, its lag, as the session's last location check
// found them (WorkspaceSession::locations(), worked out by the engine). Reloads when a check
// ends; never asks a location itself.
class LocationListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Role, Url, Kind, Reachability, Lag, ColumnCount };
    // The engine's values behind the text: bool reachable, qint64 lag (-1: none or unknown).
    enum DataRole { ReachableRole = Qt::UserRole + 1, LagMsRole };

    explicit LocationListModel(WorkspaceSession& session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    void reload();
    QString lagText(const LocationStatus& location) const;
    WorkspaceSession& session_;
    QList<LocationStatus> rows_;
};

} // namespace tidemark
