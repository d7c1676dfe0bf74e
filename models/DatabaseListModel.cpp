#include "DatabaseListModel.h"

#include "AmountText.h"
#include "SessionEngine.h"
#include "billing/Consumption.h"
#include "core/Units.h"
#include "retention/Scheduler.h"

#include <QBrush>
#include <QColor>

namespace tidemark {
namespace {
constexpr qint64 kHourMs = 3600 * 1000;
} // namespace

DatabaseListModel::DatabaseListModel(WorkspaceSession& session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {
    connect(&session_, &WorkspaceSession::changed, this, &DatabaseListModel::reload);
    reload();
}

QColor DatabaseListModel::healthColor(Health health) {
    switch (health) {
    case Health::Unprotected:
        return QColor(0xc6, 0x28, 0x28);
    case Health::AtRisk:
        return QColor(0xd8, 0x43, 0x15);
    case Health::Dropped:
        return QColor(0x75, 0x75, 0x75);
    case Health::Protected:
        break;
    }
    return QColor(0x2e, 0x7d, 0x32);
}

QString DatabaseListModel::healthText(Health health) {
    switch (health) {
    case Health::Unprotected:
        return tr("Unprotected");
    case Health::AtRisk:
        return tr("At risk");
    case Health::Dropped:
        return tr("Dropped");
    case Health::Protected:
        break;
    }
    return tr("Protected");
}

double DatabaseListModel::monthTotal() const {
    double total = 0;
    for (const Row& r : rows_)
        total += r.monthCost;
    return total;
}

DatabaseListModel::Row DatabaseListModel::load(const DatabaseInfo& d, const DatabaseHealth& verdict,
                                               const QHash<QString, JobInfo>& lastBackupJob,
                                               const QHash<QString, double>& monthCost,
                                               qint64 now) {
    Catalog& catalog = SessionEngine::catalog(session_);
    Row r;
    r.info = d;
    QList<BackupInfo> backups = catalog.backups(d.uuid);
    r.backups = int(backups.size());
    for (const BackupInfo& b : backups) {
        r.lastEndMs = std::max(r.lastEndMs, b.endMs);
        r.storedBytes += b.storedBytes;
    }
    // Where commits are captured the window reaches the last commit, not the last backup.
    const Workspace::Restorable span = SessionEngine::workspace(session_).restorable(catalog, d);
    r.earliestMs = span.window.earliestMs;
    r.latestMs = span.window.latestMs;
    r.commitExact = span.latestCommit.has_value();
    r.capture = capture_store::status(catalog, d.uuid, now);
    // The agent's newest hourly sample counts each pack once; without one, the sum of what
    // each backup stored.
    const auto usage = usageRows(catalog, d.uuid, now - 3 * kHourMs, now, UsageGrain::Hour);
    if (!usage.isEmpty()) {
        const UsageRow& u = usage.last();
        r.storedBytes = qint64(u.fullBytes + u.diffBytes + u.logBytes + u.ltrBytes);
        r.measured = true;
    }
    r.monthCost = monthCost.value(d.name);
    const JobInfo job = lastBackupJob.value(d.name);
    r.lastStatus = job.status;
    r.lastMessage = job.message;
    const BackupPolicy policy = catalog.policy(d.uuid);
    r.logIntervalMs = policy.logIntervalMs();
    const QList<DrillInfo> drills = catalog.drills(d.uuid, 1);
    r.hasDrill = !drills.isEmpty();
    if (r.hasDrill)
        r.drill = drills.first();

    r.verdict = verdict;
    r.health = verdict.state;
    QStringList lines;
    for (const HealthReason& reason : verdict.reasons)
        lines << tr("%1: %2").arg(d.name, reason.message);
    r.alert = lines.join(QLatin1Char('\n'));
    return r;
}

void DatabaseListModel::reload() {
    beginResetModel();
    rows_.clear();
    Catalog& catalog = SessionEngine::catalog(session_);
    const qint64 now = session_.nowMs();
    // The newest backup job per database tells whether the last attempt failed.
    QHash<QString, JobInfo> lastBackupJob;
    for (const JobInfo& j : catalog.jobs(500)) {
        const bool backupJob = j.kind.startsWith(QStringLiteral("backup")) ||
                               j.kind.startsWith(QStringLiteral("scheduled"));
        if (backupJob && j.status != QStringLiteral("running") && !lastBackupJob.contains(j.target))
            lastBackupJob.insert(j.target, j);
    }
    // Month to date, through the same cost path as `tidemark-cli bill`.
    const Rates rates = storedRates(catalog);
    currency_ = rates.currency;
    QHash<QString, double> monthCost;
    for (const MonthlyBill& bill : monthlyBills(catalog, rates, monthOf(now), QString()))
        for (const BillLine& line : bill.lines)
            monthCost[line.database] += line.cost;
    QHash<QString, DatabaseHealth> verdicts;
    for (const DatabaseHealth& h : session_.health())
        verdicts.insert(h.uuid, h);
    for (const DatabaseInfo& d : session_.databases())
        rows_.append(load(d, verdicts.value(d.uuid), lastBackupJob, monthCost, now));
    dropped_.clear();
    for (const DatabaseInfo& d : catalog.databases(true))
        if (d.droppedMs >= 0)
            dropped_.append(d);
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
    case RestoreWindow:
        return tr("Restore window");
    case CaptureLag:
        return tr("Capture lag");
    case Storage:
        return tr("Storage used");
    case MonthCost:
        return tr("Month to date");
    case Integrity:
        return tr("Last restore drill");
    case Backups:
        return tr("Backups");
    case File:
        return tr("File");
    }
    return {};
}

QVariant DatabaseListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size() || index.column() >= ColumnCount)
        return {};
    const Row& r = rows_[index.row()];
    const qint64 now = session_.nowMs();
    if (role == UuidRole)
        return r.info.uuid;
    if (role == HealthRole)
        return int(r.health);
    if (role == AlertRole)
        return r.alert;
    if (role == Qt::ForegroundRole) {
        if (index.column() == Status)
            return QBrush(healthColor(r.health));
        if (index.column() == LastBackup && r.lastStatus == QStringLiteral("failed"))
            return QBrush(healthColor(Health::Unprotected));
        if (index.column() == Integrity && r.hasDrill && !r.drill.passed)
            return QBrush(healthColor(Health::Unprotected));
        return {};
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case File:
            return r.info.file;
        case Status:
            return r.alert.isEmpty() ? healthText(r.health) : r.alert;
        case CaptureLag:
            if (!r.capture.captured)
                return tr("Not captured commit by commit: %1. The data at risk is bounded by "
                          "the log backup interval (%2 min).")
                    .arg(r.info.journalMode == QStringLiteral("wal")
                             ? tr("no agent has captured this WAL database yet")
                             : tr("a rollback-journal database gets a log backup each interval"))
                    .arg(r.logIntervalMs / 60000);
            if (r.capture.broken)
                return tr("Capture break: %1. The agent rebases with a backup at its next look; "
                          "the gap is shown on the timeline.")
                    .arg(r.capture.reason);
            return tr("Every commit before %1 is in the vault (commit %2). The lag grows while "
                      "no agent runs.")
                .arg(QDateTime::fromMSecsSinceEpoch(r.capture.confirmedMs, Qt::UTC)
                         .toString(Qt::ISODateWithMs))
                .arg(r.capture.lastCommit);
        case RestoreWindow:
            return r.commitExact ? tr("Any committed transaction in this window")
                                 : tr("Backup points in this window, one per log interval");
        case Storage:
            return r.measured ? tr("Measured by the agent this hour: each pack counted once, "
                                   "LTR included")
                              : tr("Sum of what each backup stored (no hourly measurement yet)");
        case Integrity:
            return r.hasDrill ? r.drill.message : tr("No restore drill has run yet");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const bool sortable = role == Qt::EditRole;
    switch (index.column()) {
    case Name:
        return r.info.name;
    case Status:
        return healthText(r.health);
    case LastBackup:
        if (r.lastEndMs < 0)
            return sortable ? QVariant(qint64(-1)) : QVariant(tr("never"));
        if (sortable)
            return r.lastEndMs;
        return r.lastStatus == QStringLiteral("failed")
                   ? tr("%1, then a failure").arg(humanAge(now - r.lastEndMs))
                   : tr("%1, succeeded").arg(humanAge(now - r.lastEndMs));
    case RestoreWindow:
        if (r.earliestMs < 0)
            return sortable ? QVariant(qint64(0)) : QVariant(tr("none yet"));
        if (sortable)
            return r.latestMs - r.earliestMs;
        return tr("%1 to %2")
            .arg(QDateTime::fromMSecsSinceEpoch(r.earliestMs, Qt::UTC)
                     .toString(QStringLiteral("MMM d HH:mm")),
                 QDateTime::fromMSecsSinceEpoch(r.latestMs, Qt::UTC)
                     .toString(QStringLiteral("MMM d HH:mm")));
    case CaptureLag:
        if (!r.capture.captured)
            return sortable ? QVariant(qint64(-1)) : QVariant(tr("not captured"));
        if (r.capture.broken)
            return sortable ? QVariant(std::numeric_limits<qint64>::max()) : QVariant(tr("break"));
        if (sortable)
            return r.capture.lagMs;
        if (r.capture.lagMs < 0)
            return tr("starting");
        return r.capture.lagMs < 60'000
                   ? tr("%1 s").arg(double(r.capture.lagMs) / 1000.0, 0, 'f', 1)
                   : humanAge(r.capture.lagMs).remove(QStringLiteral(" ago"));
    case Storage:
        return sortable ? QVariant(r.storedBytes) : QVariant(humanBytes(r.storedBytes));
    case MonthCost:
        return sortable
                   ? QVariant(r.monthCost)
                   : QVariant(QStringLiteral("%1 %2").arg(currency_, formatAmount(r.monthCost)));
    case Integrity:
        if (!r.hasDrill)
            return sortable ? QVariant(qint64(-1)) : QVariant(tr("none yet"));
        if (sortable)
            return r.drill.atMs;
        return r.drill.passed ? tr("passed %1").arg(humanAge(now - r.drill.atMs))
                              : tr("FAILED %1").arg(humanAge(now - r.drill.atMs));
    case Backups:
        return r.backups;
    case File:
        return r.info.file;
    }
    return {};
}

} // namespace tidemark
