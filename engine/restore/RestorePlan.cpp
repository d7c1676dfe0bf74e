#include "restore/RestorePlan.h"

#include "catalog/Alerts.h"
#include "core/Clock.h"

#include <QJsonArray>

namespace tidemark {

QString restoreLocationName(RestoreLocation location) {
    switch (location) {
    case RestoreLocation::Primary:
        return QStringLiteral("primary");
    case RestoreLocation::Copy:
        return QStringLiteral("copy");
    case RestoreLocation::GeoSecondary:
        break;
    }
    return QStringLiteral("geo-secondary");
}

QString restoreSourceName(RestoreRequest::Source source) {
    switch (source) {
    case RestoreRequest::Source::PointInTime:
        return QStringLiteral("point");
    case RestoreRequest::Source::Commit:
        return QStringLiteral("commit");
    case RestoreRequest::Source::Latest:
        return QStringLiteral("latest");
    case RestoreRequest::Source::Dropped:
        return QStringLiteral("dropped");
    case RestoreRequest::Source::Geo:
        return QStringLiteral("geo");
    case RestoreRequest::Source::Ltr:
        break;
    }
    return QStringLiteral("ltr");
}

QString RestorePlan::describeState() const {
    if (commit >= 0)
        return stateMs >= 0 ? QStringLiteral("commit %1 at %2").arg(commit).arg(formatTime(stateMs))
                            : QStringLiteral("commit %1").arg(commit);
    if (chain.isEmpty())
        return {};
    return QStringLiteral("the backup point %1 (a %2 backup)")
        .arg(formatTime(stateMs), backupTypeName(chain.last().type));
}

qint64 storedBytesOf(const QList<BackupInfo>& chain) {
    qint64 total = 0;
    for (const BackupInfo& b : chain)
        total += b.storedBytes;
    return total;
}

const BackupInfo* firstUnusable(const QList<BackupInfo>& chain) {
    for (const BackupInfo& b : chain) {
        if (b.status == kUnusable)
            return &b;
    }
    return nullptr;
}

QJsonObject restorePlanJson(const RestorePlan& plan) {
    QJsonObject o;
    o[QStringLiteral("database")] =
        plan.database.name.isEmpty() ? plan.request.database : plan.database.name;
    o[QStringLiteral("source")] = restoreSourceName(plan.request.source);
    o[QStringLiteral("restorable")] = plan.restorable();
    if (!plan.restorable())
        o[QStringLiteral("refusal")] = plan.refusal.message();
    o[QStringLiteral("state")] = plan.restorable() ? plan.describeState() : QString();
    o[QStringLiteral("restored_to")] =
        plan.stateMs >= 0 ? QJsonValue(formatTime(plan.stateMs)) : QJsonValue();
    o[QStringLiteral("commit")] = plan.commit >= 0 ? QJsonValue(double(plan.commit)) : QJsonValue();
    QJsonArray chain;
    for (const BackupInfo& b : plan.chain) {
        QJsonObject step;
        step[QStringLiteral("id")] = b.id;
        step[QStringLiteral("type")] = backupTypeName(b.type);
        step[QStringLiteral("point")] = formatTime(b.snapshotMs);
        step[QStringLiteral("stored_bytes")] = double(b.storedBytes);
        chain.append(step);
    }
    o[QStringLiteral("chain")] = chain;
    o[QStringLiteral("log_segments")] = plan.segments;
    o[QStringLiteral("location")] = restoreLocationName(plan.location);
    o[QStringLiteral("location_root")] = plan.locationRoot;
    o[QStringLiteral("bytes_to_read")] = double(plan.bytesToRead);
    QJsonObject window;
    window[QStringLiteral("earliest")] =
        plan.window.empty() ? QJsonValue() : QJsonValue(formatTime(plan.window.earliestMs));
    window[QStringLiteral("latest")] =
        plan.window.empty() ? QJsonValue() : QJsonValue(formatTime(plan.window.latestMs));
    o[QStringLiteral("window")] = window;
    o[QStringLiteral("as")] = plan.request.newName;
    o[QStringLiteral("file")] = plan.request.file;
    return o;
}

} // namespace tidemark
