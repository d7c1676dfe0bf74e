#include "RestorePlanner.h"

#include "Clock.h"

namespace tidemark {

RestorePlanner::RestorePlanner(QList<BackupInfo> backups) : backups_(std::move(backups)) {
    std::stable_sort(
        backups_.begin(), backups_.end(), [](const BackupInfo& a, const BackupInfo& b) {
            return a.snapshotMs != b.snapshotMs ? a.snapshotMs < b.snapshotMs : a.id < b.id;
        });
}

RestoreWindow RestorePlanner::window() const {
    RestoreWindow w;
    for (const BackupInfo& b : backups_) {
        if (b.type == BackupType::Full && w.earliestMs < 0)
            w.earliestMs = b.snapshotMs;
        if (w.earliestMs >= 0)
            w.latestMs = std::max(w.latestMs, b.snapshotMs);
    }
    return w;
}

Result<QList<BackupInfo>> RestorePlanner::planAt(qint64 pointMs) const {
    RestoreWindow w = window();
    if (w.empty())
        return Status::notFound(QStringLiteral("there is no full backup to restore from"));
    if (pointMs < w.earliestMs || pointMs > w.latestMs)
        return Status::outOfRange(
            QStringLiteral("%1 is outside the restore window (%2 to %3)")
                .arg(formatTime(pointMs), formatTime(w.earliestMs), formatTime(w.latestMs)));
    QString lastId;
    for (const BackupInfo& b : backups_) {
        if (b.snapshotMs <= pointMs)
            lastId = b.id;
    }
    return planThrough(lastId);
}

Result<QList<BackupInfo>> RestorePlanner::planThrough(const QString& backupId) const {
    int target = -1;
    for (int i = 0; i < backups_.size(); ++i) {
        if (backups_[i].id == backupId)
            target = i;
    }
    if (target < 0)
        return Status::notFound(QStringLiteral("no backup %1").arg(backupId));
    // Walk back along base links: a log names the backup it follows, a differential its full.
    QList<BackupInfo> chain;
    QString want = backupId;
    for (int i = target; i >= 0 && !want.isEmpty(); --i) {
        const BackupInfo& b = backups_[i];
        if (b.id != want)
            continue;
        chain.prepend(b);
        want = b.type == BackupType::Full ? QString() : b.baseId;
    }
    if (!want.isEmpty())
        return Status::notFound(
            QStringLiteral("the backup chain is broken: backup %1 is missing").arg(want));
    return chain;
}

} // namespace tidemark
