#include "catalog/RestorePlanner.h"

#include "core/Clock.h"

namespace tidemark {

RestorePlanner::RestorePlanner(QList<BackupInfo> backups) : backups_(std::move(backups)) {
    std::stable_sort(
        backups_.begin(), backups_.end(), [](const BackupInfo& a, const BackupInfo& b) {
            return a.snapshotMs != b.snapshotMs ? a.snapshotMs < b.snapshotMs : a.id < b.id;
        });
}

QSet<QString> RestorePlanner::intact() const {
    // Bases come before the backups built on them, so one pass decides every chain.
    QSet<QString> ok;
    for (const BackupInfo& b : backups_) {
        // Damaged beyond repair (see Alerts.h): no restore point, no base. A restore asked for
        // a point it held still plans through it and fails on the damage itself.
        if (b.status == QLatin1String("unusable"))
            continue;
        if (b.type == BackupType::Full || ok.contains(b.baseId))
            ok.insert(b.id);
    }
    return ok;
}

RestoreWindow RestorePlanner::window() const {
    // Only backups whose whole chain is present count: a window never promises a point that a
    // missing differential or log has made unrestorable.
    RestoreWindow w;
    const QSet<QString> ok = intact();
    for (const BackupInfo& b : backups_) {
        if (!ok.contains(b.id))
            continue;
        if (w.earliestMs < 0)
            w.earliestMs = b.snapshotMs;
        w.latestMs = std::max(w.latestMs, b.snapshotMs);
    }
    return w;
}

QList<BackupInfo> RestorePlanner::unrestorable() const {
    const QSet<QString> ok = intact();
    QList<BackupInfo> out;
    for (const BackupInfo& b : backups_) {
        if (!ok.contains(b.id))
            out.append(b);
    }
    return out;
}

Result<QList<BackupInfo>> RestorePlanner::planAt(qint64 pointMs) const {
    QString lastId;
    for (const BackupInfo& b : backups_) {
        if (b.snapshotMs <= pointMs)
            lastId = b.id;
    }
    // A point that a backup found damaged beyond repair held: plan through it, so the restore
    // fails on the damage itself and never answers from an older backup.
    if (auto through = planThrough(lastId);
        through && std::any_of(through->begin(), through->end(), [](const BackupInfo& b) {
            return b.status == QLatin1String("unusable");
        }))
        return through;
    RestoreWindow w = window();
    if (w.empty())
        return Status::notFound(QStringLiteral("there is no full backup to restore from"));
    if (pointMs < w.earliestMs || pointMs > w.latestMs)
        return Status::outOfRange(
            QStringLiteral("%1 is outside the restore window (%2 to %3)")
                .arg(formatTime(pointMs), formatTime(w.earliestMs), formatTime(w.latestMs)));
    auto chain = planThrough(lastId);
    if (!chain)
        return Status::notFound(
            QStringLiteral("the backup holding %1 cannot be restored (%2); restoring an older "
                           "point instead would silently cross that gap, so choose a point "
                           "before it or after the next full backup")
                .arg(formatTime(pointMs), chain.status().message()));
    return chain;
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

QString unusableBaseReason(const QList<BackupInfo>& chain) {
    for (const BackupInfo& b : chain) {
        if (b.status != QLatin1String("unusable"))
            continue;
        const QString reason = b.note.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(b.note);
        if (b.type == BackupType::Full)
            return QStringLiteral("the last full %1 is unusable%2").arg(b.id, reason);
        return QStringLiteral("backup %1, which it would build on, is unusable%2")
            .arg(b.id, reason);
    }
    return {};
}

} // namespace tidemark
