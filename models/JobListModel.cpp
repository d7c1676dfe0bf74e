#include "JobListModel.h"

#include "core/ErrorMessages.h"

#include <chrono>

namespace tidemark {
namespace {
bool isDone(const std::shared_ptr<Job>& job) {
    return job->done.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}
} // namespace

JobListModel::JobListModel(WorkspaceSession& session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {
    connect(&session_, &WorkspaceSession::jobsChanged, this, &JobListModel::refreshLive);
    connect(&session_, &WorkspaceSession::changed, this, &JobListModel::reloadHistory);
    reloadHistory();
}

void JobListModel::reloadHistory() {
    beginResetModel();
    live_ = session_.jobs();
    QSet<qint64> shown;
    for (const auto& j : live_)
        shown.insert(j->catalogId);
    history_.clear();
    for (const JobInfo& j : session_.jobRecords(200)) {
        if (!shown.contains(j.id))
            history_.append(j);
    }
    endResetModel();
}

void JobListModel::refreshLive() {
    if (session_.jobs().size() != live_.size()) {
        reloadHistory();
        return;
    }
    if (!live_.isEmpty())
        emit dataChanged(index(0, 0), index(int(live_.size()) - 1, ColumnCount - 1));
}

int JobListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(live_.size() + history_.size());
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
    if (!index.isValid())
        return {};
    int row = index.row();
    QString kind, target, state, message, log;
    double progress = 1.0;
    bool running = false;
    if (row < live_.size()) {
        const auto& j = live_[row];
        kind = j->kind;
        target = j->target;
        running = !isDone(j);
        // A cancelled or failed job keeps the progress it had reached.
        progress = running || !j->status.isOk() ? j->context.progress() : 1.0;
        // A job waits in the runner's queue until it first reports a stage or progress.
        const QString stage = j->context.stage();
        state = !running                                        ? jobStatusName(j->status)
                : j->context.cancelled()                        ? tr("cancelling")
                : stage.isEmpty() && j->context.progress() == 0 ? tr("queued")
                : stage.isEmpty()                               ? tr("running")
                                                                : stage;
        message = running ? QString() : (j->status.isOk() ? j->summary : userMessage(j->status));
        log = j->context.logText();
    } else if (row - live_.size() < history_.size()) {
        const JobInfo& j = history_[row - int(live_.size())];
        kind = j.kind;
        target = j.target;
        state = j.status;
        message = j.message;
        log = j.log;
        running = j.status == QStringLiteral("running");
    } else {
        return {};
    }
    switch (role) {
    case ProgressRole:
        return progress;
    case LogRole:
        return log;
    case RunningRole:
        return running;
    case Qt::DisplayRole:
        switch (index.column()) {
        case Kind:
            return kind;
        case Target:
            return target;
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

} // namespace tidemark
