#include "LocationListModel.h"

#include "core/Units.h"

namespace tidemark {

LocationListModel::LocationListModel(WorkspaceSession& session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {
    connect(&session_, &WorkspaceSession::locationsChanged, this, &LocationListModel::reload);
    reload();
}

void LocationListModel::reload() {
    beginResetModel();
    rows_ = session_.locations();
    endResetModel();
}

int LocationListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int LocationListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString LocationListModel::lagText(const LocationStatus& l) const {
    if (!l.measuresLag())
        return l.role == QLatin1String("primary") ? QString()
                                                  : tr("none (written with the primary)");
    if (l.lagMs < 0)
        return tr("unknown");
    if (l.pendingBackups == 0)
        return tr("none: every backup is there");
    const QString behind = l.lagMs < 60'000 ? tr("%1 s").arg(double(l.lagMs) / 1000.0, 0, 'f', 1)
                                            : humanAge(l.lagMs).remove(QStringLiteral(" ago"));
    return tr("%1 behind (%n backup(s) to copy)", nullptr, l.pendingBackups).arg(behind);
}

QVariant LocationListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const LocationStatus& l = rows_.at(index.row());
    if (role == ReachableRole)
        return l.reachable;
    if (role == LagMsRole)
        return l.lagMs;
    if (role == Qt::ToolTipRole && index.column() == Reachability && !l.reachable)
        return l.problem;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Role:
        return locationRoleText(l.role);
    case Url:
        return l.url;
    case Kind:
        return locationKindText(l.kind);
    case Reachability:
        return l.reachable ? tr("Reachable") : tr("Unreachable: %1").arg(l.problem);
    case Lag:
        return lagText(l);
    default:
        return {};
    }
}

QVariant LocationListModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Role:
        return tr("Role");
    case Url:
        return tr("Location");
    case Kind:
        return tr("Kind");
    case Reachability:
        return tr("Reachability");
    case Lag:
        return tr("Lag");
    default:
        return {};
    }
}

} // namespace tidemark
