#pragma once

#include "WorkspaceSession.h"
#include "capture/CaptureStore.h"
#include "workspace/Health.h"

#include <QAbstractTableModel>
#include <QColor>

namespace tidemark {

// The protected databases, one row each: the engine's health verdict first (never one of the
// model's own), then the last backup and its outcome, the restore window, capture lag,
// storage, this month's cost and the last restore drill. Dropped databases are listed apart
// (dropped()).
class DatabaseListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name,
        Status,
        LastBackup,
        RestoreWindow,
        CaptureLag,
        Storage,
        MonthCost,
        Integrity,
        Backups,
        File,
        ColumnCount
    };
    enum Role { UuidRole = Qt::UserRole + 1, HealthRole, AlertRole };
    using Health = HealthState;

    explicit DatabaseListModel(WorkspaceSession& session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    void reload();
    QString uuidAt(int row) const { return rows_.value(row).info.uuid; }
    QString nameAt(int row) const { return rows_.value(row).info.name; }
    Health healthAt(int row) const { return rows_.value(row).health; }
    // What needs someone's attention in this row (empty when nothing does): the verdict's
    // reasons, one per line.
    QString alertAt(int row) const { return rows_.value(row).alert; }
    QList<HealthReason> reasonsAt(int row) const { return rows_.value(row).verdict.reasons; }
    const QList<DatabaseInfo>& dropped() const { return dropped_; }
    QString currency() const { return currency_; }
    double monthTotal() const;

    static QColor healthColor(Health health);
    static QString healthText(Health health);

private:
    struct Row {
        DatabaseInfo info;
        int backups = 0;
        qint64 lastEndMs = -1;
        QString lastStatus;  // the newest backup job's outcome
        QString lastMessage; // and its message when it failed
        qint64 earliestMs = -1;
        qint64 latestMs = -1;
        qint64 storedBytes = 0;
        bool measured = false; // storedBytes from the agent's usage sample
        double monthCost = 0;
        qint64 logIntervalMs = 0;
        CaptureStatus capture;
        bool commitExact = false; // the window reaches single commits
        qint64 overdueMs = 0;
        bool hasDrill = false;
        DrillInfo drill;
        DatabaseHealth verdict;
        Health health = Health::Unprotected;
        QString alert;
    };
    Row load(const DatabaseInfo& d, const DatabaseHealth& verdict,
             const QHash<QString, JobInfo>& lastBackupJob, const QHash<QString, double>& monthCost,
             qint64 now);
    WorkspaceSession& session_;
    QList<Row> rows_;
    QList<DatabaseInfo> dropped_;
    QString currency_;
};

} // namespace tidemark
