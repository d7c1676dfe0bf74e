#include "RetentionPlanner.h"

namespace tidemark {

QList<BackupInfo> backupsToPurge(const BackupPolicy& policy, const QList<BackupInfo>& history,
                                 qint64 nowMs, bool legalHold) {
    if (legalHold)
        return {};
    const qint64 periodStart = nowMs - policy.retentionMs();
    // Restore order: by restore point, then id (as RestorePlanner sorts).
    auto before = [](const BackupInfo& a, const BackupInfo& b) {
        return a.snapshotMs != b.snapshotMs ? a.snapshotMs < b.snapshotMs : a.id < b.id;
    };
    const BackupInfo* anchor = nullptr;
    for (const BackupInfo& b : history) {
        if (b.type == BackupType::Full && b.snapshotMs <= periodStart &&
            (!anchor || before(*anchor, b)))
            anchor = &b;
    }
    QList<BackupInfo> purge;
    if (!anchor)
        return purge;
    for (const BackupInfo& b : history) {
        if (before(b, *anchor))
            purge.append(b);
    }
    return purge;
}

} // namespace tidemark
