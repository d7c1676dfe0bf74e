#include "Scheduler.h"

namespace tidemark {

ScheduleState scheduleFor(const BackupPolicy& policy, const QList<BackupInfo>& history,
                          qint64 addedMs) {
    qint64 lastFull = -1, lastFullOrDiff = -1, lastAny = -1;
    for (const BackupInfo& b : history) {
        if (b.type == BackupType::Full)
            lastFull = std::max(lastFull, b.snapshotMs);
        if (b.type != BackupType::Log)
            lastFullOrDiff = std::max(lastFullOrDiff, b.snapshotMs);
        lastAny = std::max(lastAny, b.snapshotMs);
    }
    ScheduleState s;
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

std::optional<DueBackup> dueAt(const BackupPolicy& policy, const QList<BackupInfo>& history,
                               qint64 addedMs, qint64 nowMs) {
    ScheduleState s = scheduleFor(policy, history, addedMs);
    auto missed = [nowMs](qint64 slot, qint64 interval) {
        return interval > 0 ? int((nowMs - slot) / interval) : 0;
    };
    if (s.nextFullMs <= nowMs)
        return DueBackup{BackupType::Full, s.nextFullMs,
                         history.isEmpty() ? 0 : missed(s.nextFullMs, policy.fullIntervalMs())};
    if (s.nextDiffMs <= nowMs)
        return DueBackup{BackupType::Differential, s.nextDiffMs,
                         missed(s.nextDiffMs, policy.diffIntervalMs())};
    if (s.nextLogMs <= nowMs)
        return DueBackup{BackupType::Log, s.nextLogMs, missed(s.nextLogMs, policy.logIntervalMs())};
    return std::nullopt;
}

} // namespace tidemark
