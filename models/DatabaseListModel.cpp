#include "DatabaseListModel.h"

#include "Units.h"

#include <QBrush>
#include <QColor>

namespace tidemark {

DatabaseListModel::DatabaseListModel(WorkspaceSession& session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {
    connect(&session_, &WorkspaceSession::changed, this, &DatabaseListModel::reload);
    reload();
}

void DatabaseListModel::reload() {
    beginResetModel();
    rows_.clear();
    // The newest backup job per database tells whether the last attempt failed.
    QHash<QString, QString> lastBackupStatus;
    for (const JobInfo& j : session_.catalog().jobs(500)) {
        if (j.kind.startsWith(QStringLiteral("backup")) && !lastBackupStatus.contains(j.target))
            lastBackupStatus.insert(j.target, j.status);
    }
    for (const DatabaseInfo& d : session_.databases()) {
        Row r;
        r.info = d;
        QList<BackupInfo> backups = session_.backups(d.uuid);
        r.backups = int(backups.size());
        for (const BackupInfo& b : backups) {
            r.lastEndMs = std::max(r.lastEndMs, b.endMs);
            r.storedBytes += b.storedBytes;
        }
        r.latestPointMs = RestorePlanner(backups).window().latestMs;
        r.lastJobFailed = lastBackupStatus.value(d.name) == QStringLiteral("failed");
        r.health = r.lastJobFailed  ? Health::Failing
                   : r.backups == 0 ? Health::NeverBackedUp
                                    : Health::Protected;
        rows_.append(r);
    }
    endResetModel();
}

int DatabaseListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int DatabaseListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DatabaseListModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Database");
    case Status:
        return tr("Status");
    case LastBackup:
        return tr("Last backup");
    case LatestPoint:
        return tr("Latest restore point");
    case Backups:
        return tr("Backups");
    case Stored:
        return tr("Stored");
    case File:
        return tr("File");
    }
    return {};
}

QVariant DatabaseListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const Row& r = rows_[index.row()];
    if (role == UuidRole)
        return r.info.uuid;
    if (role == HealthRole)
        return int(r.health);
    if (role == Qt::ForegroundRole && index.column() == Status) {
        switch (r.health) {
        case Health::Failing:
            return QBrush(QColor(0xc6, 0x28, 0x28));
        case Health::NeverBackedUp:
            return QBrush(QColor(0xb2, 0x6a, 0x00));
        case Health::Protected:
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        }
    }
    if (role == Qt::ToolTipRole && index.column() == File)
        return r.info.file;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const bool sortable = role == Qt::EditRole;
    switch (index.column()) {
    case Name:
        return r.info.name;
    case Status:
        switch (r.health) {
        case Health::Failing:
            return tr("Last backup failed");
        case Health::NeverBackedUp:
            return tr("Not backed up yet");
        case Health::Protected:
            return tr("Protected");
        }
        return {};
    case LastBackup:
        if (r.lastEndMs < 0)
            return sortable ? QVariant(qint64(-1)) : QVariant(tr("never"));
        return sortable ? QVariant(r.lastEndMs)
                        : QVariant(humanAge(session_.workspace().clock().nowMs() - r.lastEndMs));
    case LatestPoint:
        return r.latestPointMs < 0 ? QVariant(QStringLiteral("-"))
                                   : QVariant(formatTime(r.latestPointMs));
    case Backups:
        return r.backups;
    case Stored:
        return sortable ? QVariant(r.storedBytes) : QVariant(humanBytes(r.storedBytes));
    case File:
        return r.info.file;
    }
    return {};
}

} // namespace tidemark
