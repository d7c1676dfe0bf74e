#include "retention/Scheduler.h"

namespace tidemark {

ScheduleState scheduleFor(const BackupPolicy& policy, const QList<BackupInfo>& history,
                          qint64 addedMs) {
    // History comes in restore-point order; walking back stops at the last full, so the cost
    // is one weekly set at most, not the whole history.
    qint64 lastFull = -1, lastFullOrDiff = -1, lastAny = -1;
    for (auto it = history.crbegin(); it != history.crend(); ++it) {
        if (lastAny < 0)
            lastAny = it->snapshotMs;
        if (lastFullOrDiff < 0 && it->type != BackupType::Log)
            lastFullOrDiff = it->snapshotMs;
        if (it->type == BackupType::Full) {
            lastFull = it->snapshotMs;
            break;
        }
    }
    ScheduleState s;
    s.hasFull = lastFull >= 0;
    if (lastFull < 0) {
        // Nothing to build on: a full at once, and nothing smaller before it.
        s.nextFullMs = s.nextDiffMs = s.nextLogMs = addedMs;
        return s;
    }
    s.nextFullMs = lastFull + policy.fullIntervalMs();
    s.nextDiffMs = lastFullOrDiff + policy.diffIntervalMs();
    s.nextLogMs = lastAny + policy.logIntervalMs();
    return s;
}

ScheduleState ScheduleState::after(const BackupInfo& made, const BackupPolicy& policy) const {
    ScheduleState s = *this;
    s.nextLogMs = made.snapshotMs + policy.logIntervalMs();
    if (made.type != BackupType::Log)
        s.nextDiffMs = made.snapshotMs + policy.diffIntervalMs();
    if (made.type == BackupType::Full) {
        s.nextFullMs = made.snapshotMs + policy.fullIntervalMs();
        s.hasFull = true;
    }
    return s;
}

std::optional<DueBackup> dueAt(const BackupPolicy& policy, const QList<BackupInfo>& history,
                               qint64 addedMs, qint64 nowMs) {
    return dueFrom(scheduleFor(policy, history, addedMs), policy, nowMs);
}

std::optional<DueBackup> dueFrom(const ScheduleState& s, const BackupPolicy& policy, qint64 nowMs) {
    auto missed = [nowMs](qint64 slot, qint64 interval) {
        return interval > 0 ? int((nowMs - slot) / interval) : 0;
    };
    if (s.nextFullMs <= nowMs)
        return DueBackup{BackupType::Full, s.nextFullMs,
                         s.hasFull ? missed(s.nextFullMs, policy.fullIntervalMs()) : 0};
    if (s.nextDiffMs <= nowMs)
        return DueBackup{BackupType::Differential, s.nextDiffMs,
                         missed(s.nextDiffMs, policy.diffIntervalMs())};
    if (s.nextLogMs <= nowMs)
        return DueBackup{BackupType::Log, s.nextLogMs, missed(s.nextLogMs, policy.logIntervalMs())};
    return std::nullopt;
}

} // namespace tidemark
