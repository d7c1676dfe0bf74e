#include "BackupTableModel.h"

#include "core/Units.h"

namespace tidemark {

BackupTableModel::BackupTableModel(WorkspaceSession& session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {
    connect(&session_, &WorkspaceSession::changed, this, &BackupTableModel::reload);
}

void BackupTableModel::setDatabase(const QString& uuid) {
    uuid_ = uuid;
    reload();
}

void BackupTableModel::reload() {
    beginResetModel();
    backups_ = uuid_.isEmpty() ? QList<BackupInfo>() : session_.backups(uuid_);
    endResetModel();
}

int BackupTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(backups_.size());
}

int BackupTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BackupTableModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Type:
        return tr("Type");
    case Point:
        return tr("Restore point");
    case End:
        return tr("Finished");
    case Logical:
        return tr("Logical size");
    case Stored:
        return tr("Stored");
    case Status:
        return tr("Status");
    case Chain:
        return tr("Based on");
    case Id:
        return tr("Backup ID");
    }
    return {};
}

QVariant BackupTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= backups_.size())
        return {};
    const BackupInfo& b = backups_[index.row()];
    if (role == Qt::ToolTipRole)
        return b.note.isEmpty() ? QVariant() : QVariant(b.note);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const bool raw = role == Qt::EditRole;
    switch (index.column()) {
    case Type:
        switch (b.type) {
        case BackupType::Full:
            return tr("Full");
        case BackupType::Differential:
            return tr("Differential");
        case BackupType::Log:
            return tr("Log");
        }
        return {};
    case Point:
        return raw ? QVariant(b.snapshotMs) : QVariant(formatTime(b.snapshotMs));
    case End:
        return raw ? QVariant(b.endMs) : QVariant(formatTime(b.endMs));
    case Logical:
        return raw ? QVariant(b.logicalBytes) : QVariant(humanBytes(b.logicalBytes));
    case Stored:
        return raw ? QVariant(b.storedBytes) : QVariant(humanBytes(b.storedBytes));
    case Status:
        return b.status;
    case Chain:
        return b.baseId.isEmpty() ? QStringLiteral("-") : b.baseId;
    case Id:
        return b.id;
    }
    return {};
}

} // namespace tidemark
