#include "JobListModel.h"

#include "core/ErrorMessages.h"

#include <algorithm>
#include <chrono>
#include <limits>

namespace tidemark {
namespace {

bool isDone(const std::shared_ptr<Job>& job) {
    return job->done.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

QString startText(qint64 ms) {
    return ms < 0 ? QString()
                  : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
                        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString durationText(qint64 ms) {
    if (ms < 0)
        return {};
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60'000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
}

} // namespace

qint64 JobListModel::Row::startMs() const {
    // A job still waiting in the queue has not started: it is the newest of all.
    return live
               ? (live->startedMs < 0 ? std::numeric_limits<qint64>::max() : live->startedMs.load())
               : record.startMs;
}

JobListModel::JobListModel(WorkspaceSession& session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {
    connect(&session_, &WorkspaceSession::jobsChanged, this, &JobListModel::refreshLive);
    connect(&session_, &WorkspaceSession::changed, this, &JobListModel::reload);
    reload();
}

void JobListModel::reload() {
    beginResetModel();
    rows_.clear();
    QSet<qint64> shown;
    const QList<std::shared_ptr<Job>> live = session_.jobs();
    for (const auto& j : live) {
        rows_.append({j, {}});
        shown.insert(j->catalogId);
    }
    liveCount_ = int(live.size());
    for (const JobInfo& j : session_.jobRecords(200)) {
        if (!shown.contains(j.id))
            rows_.append({nullptr, j});
    }
    std::stable_sort(rows_.begin(), rows_.end(),
                     [](const Row& a, const Row& b) { return a.startMs() > b.startMs(); });
    endResetModel();
}

void JobListModel::refreshLive() {
    if (session_.jobs().size() != liveCount_) {
        reload();
        return;
    }
    if (!rows_.isEmpty())
        emit dataChanged(index(0, 0), index(int(rows_.size()) - 1, ColumnCount - 1));
}

int JobListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int JobListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobListModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Kind:
        return tr("Job");
    case Target:
        return tr("Database");
    case Started:
        return tr("Started (UTC)");
    case Duration:
        return tr("Duration");
    case Progress:
        return tr("Progress");
    case State:
        return tr("State");
    case Message:
        return tr("Result");
    }
    return {};
}

QVariant JobListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const Row& row = rows_[index.row()];
    QString kind, target, state, outcome, message, log;
    qint64 startMs = -1, durationMs = -1;
    double progress = 1.0;
    bool running = false;
    if (row.live) {
        const auto& j = row.live;
        kind = j->kind;
        target = j->target;
        running = !isDone(j);
        startMs = j->startedMs;
        const qint64 endMs = running ? session_.nowMs() : j->endedMs.load();
        durationMs = startMs < 0 || endMs < startMs ? -1 : endMs - startMs;
        // A cancelled or failed job keeps the progress it had reached.
        progress = running || !j->status.isOk() ? j->context.progress() : 1.0;
        // A job waits in the runner's queue until it first reports a stage or progress.
        const QString stage = j->context.stage();
        state = !running                                        ? jobStatusName(j->status)
                : j->context.cancelled()                        ? tr("cancelling")
                : stage.isEmpty() && j->context.progress() == 0 ? tr("queued")
                : stage.isEmpty()                               ? tr("running")
                                                                : stage;
        outcome = running ? QStringLiteral("running") : jobStatusName(j->status);
        message = running ? QString() : (j->status.isOk() ? j->summary : userMessage(j->status));
        log = j->context.logText();
    } else {
        const JobInfo& j = row.record;
        kind = j.kind;
        target = j.target;
        startMs = j.startMs;
        durationMs = j.endMs < j.startMs ? -1 : j.endMs - j.startMs;
        state = j.status;
        outcome = j.status;
        message = j.message;
        log = j.log;
        running = j.status == QStringLiteral("running");
    }
    switch (role) {
    case ProgressRole:
        return progress;
    case LogRole:
        return log;
    case RunningRole:
        return running;
    case StateRole:
        return outcome;
    case StartedRole:
        return startMs;
    case Qt::TextAlignmentRole:
        return index.column() == Duration ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                          : QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case Kind:
            return kind;
        case Target:
            return target;
        case Started:
            return startText(startMs);
        case Duration:
            return durationText(durationMs);
        case Progress:
            return QStringLiteral("%1 %").arg(int(progress * 100));
        case State:
            return state;
        case Message:
            return message;
        }
    }
    return {};
}

void JobFilterModel::setState(const QString& state) {
    state_ = state;
    invalidateFilter();
}

void JobFilterModel::setDatabase(const QString& database) {
    database_ = database;
    invalidateFilter();
}

bool JobFilterModel::filterAcceptsRow(int row, const QModelIndex& parent) const {
    const QAbstractItemModel* jobs = sourceModel();
    if (!state_.isEmpty() &&
        jobs->index(row, 0, parent).data(JobListModel::StateRole).toString() != state_)
        return false;
    return database_.isEmpty() ||
           jobs->index(row, JobListModel::Target, parent).data().toString() == database_;
}

} // namespace tidemark
