#pragma once

#include "catalog/Catalog.h"
#include "catalog/Policy.h"

#include <optional>

namespace tidemark {

// When a database's next backups are due, from its policy and its history alone (a pure
// function, so ten simulated years cost nothing but arithmetic). Slots follow the last backup
// of each kind: the first full right after the database is added, then a full a week after the
// last full, a differential `diffHours` after the last full or differential, a log
// `logMinutes` after the last backup of any kind. A bigger backup stands in for a smaller one
// due at the same time. `history` is in restore-point order (as the catalog lists it).
struct ScheduleState {
    qint64 nextFullMs = 0;
    qint64 nextDiffMs = 0;
    qint64 nextLogMs = 0;
    bool hasFull = false;
    qint64 nextMs() const { return std::min({nextFullMs, nextDiffMs, nextLogMs}); }
    // The state once `made` (the newest backup) exists, without rereading the history.
    ScheduleState after(const BackupInfo& made, const BackupPolicy& policy) const;
};

struct DueBackup {
    BackupType type = BackupType::Full;
    qint64 slotMs = 0;   // when it was due
    int missedSlots = 0; // slots of this kind that passed without a backup
};

ScheduleState scheduleFor(const BackupPolicy& policy, const QList<BackupInfo>& history,
                          qint64 addedMs);
std::optional<DueBackup> dueAt(const BackupPolicy& policy, const QList<BackupInfo>& history,
                               qint64 addedMs, qint64 nowMs);
std::optional<DueBackup> dueFrom(const ScheduleState& state, const BackupPolicy& policy,
                                 qint64 nowMs);

} // namespace tidemark
