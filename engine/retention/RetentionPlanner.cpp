#include "retention/RetentionPlanner.h"

#include <algorithm>

namespace tidemark {

QList<BackupInfo> backupsToPurge(const BackupPolicy& policy, const QList<BackupInfo>& history,
                                 qint64 nowMs, bool legalHold, qint64 droppedMs) {
    if (legalHold)
        return {};
    const qint64 periodStart = nowMs - policy.retentionMs();
    if (droppedMs >= 0 && droppedMs < periodStart)
        return history; // aged out entirely
    // Restore order: by restore point, then id (as RestorePlanner sorts).
    auto before = [](const BackupInfo& a, const BackupInfo& b) {
        return a.snapshotMs != b.snapshotMs ? a.snapshotMs < b.snapshotMs : a.id < b.id;
    };
    // History is in restore-point order: only the backups up to the period start are looked
    // at, and only the newest full among them matters.
    auto end = std::upper_bound(history.begin(), history.end(), periodStart,
                                [](qint64 t, const BackupInfo& b) { return t < b.snapshotMs; });
    int anchor = -1;
    for (int i = int(end - history.begin()) - 1; i >= 0; --i) {
        if (history[i].type == BackupType::Full) {
            anchor = i;
            break;
        }
    }
    QList<BackupInfo> purge;
    if (anchor <= 0)
        return purge;
    for (int i = 0; i < anchor; ++i) {
        if (before(history[i], history[anchor]))
            purge.append(history[i]);
    }
    return purge;
}

} // namespace tidemark
