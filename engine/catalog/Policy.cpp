#include "catalog/Policy.h"

namespace tidemark {

Status BackupPolicy::validate() const {
    const int maxDays = basic ? 7 : 35;
    if (retentionDays < 1 || retentionDays > maxDays)
        return Status::invalidArgument(
            QStringLiteral("retention must be 1 to %1 days%2 (asked for %3)")
                .arg(maxDays)
                .arg(basic ? QStringLiteral(" for a Basic database") : QString())
                .arg(retentionDays));
    if (diffHours != 12 && diffHours != 24)
        return Status::invalidArgument(
            QStringLiteral("differential backups run every 12 or 24 hours (asked for %1)")
                .arg(diffHours));
    if (logMinutes < 1 || logMinutes > 60)
        return Status::invalidArgument(
            QStringLiteral("the log interval must be 1 to 60 minutes (asked for %1)")
                .arg(logMinutes));
    if (syncSeconds < 1 || syncSeconds > 60)
        return Status::invalidArgument(
            QStringLiteral("the sync interval must be 1 to 60 seconds (asked for %1)")
                .arg(syncSeconds));
    if (drillDays < 0 || drillDays > 366)
        return Status::invalidArgument(QStringLiteral("restore drills run every 0 to 366 days"));
    return ltr.validate();
}

QJsonObject BackupPolicy::toJson() const {
    QJsonObject o;
    o[QStringLiteral("retention_days")] = retentionDays;
    o[QStringLiteral("diff_hours")] = diffHours;
    o[QStringLiteral("log_minutes")] = logMinutes;
    o[QStringLiteral("tier")] = basic ? QStringLiteral("basic") : QStringLiteral("standard");
    o[QStringLiteral("ltr")] = ltr.toJson();
    o[QStringLiteral("drill_days")] = drillDays;
    o[QStringLiteral("sync_seconds")] = syncSeconds;
    return o;
}

BackupPolicy BackupPolicy::fromJson(const QJsonObject& o) {
    BackupPolicy p;
    p.retentionDays = o.value(QStringLiteral("retention_days")).toInt(p.retentionDays);
    p.diffHours = o.value(QStringLiteral("diff_hours")).toInt(p.diffHours);
    p.logMinutes = o.value(QStringLiteral("log_minutes")).toInt(p.logMinutes);
    p.basic = o.value(QStringLiteral("tier")).toString() == QStringLiteral("basic");
    p.ltr = LtrPolicy::fromJson(o.value(QStringLiteral("ltr")).toObject());
    p.drillDays = o.value(QStringLiteral("drill_days")).toInt(p.drillDays);
    p.syncSeconds = o.value(QStringLiteral("sync_seconds")).toInt(p.syncSeconds);
    return p;
}

} // namespace tidemark
