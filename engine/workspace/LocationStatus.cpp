#include "workspace/LocationStatus.h"

#include "core/ErrorMessages.h"
#include "retention/Replicator.h"
#include "workspace/Workspace.h"

namespace tidemark {

QString locationKindText(const QString& kind) {
    if (kind == QLatin1String("folder"))
        return QStringLiteral("folder");
    if (kind == QLatin1String("azure-blob"))
        return QStringLiteral("Azure Blob");
    return kind;
}

QString locationRoleText(const QString& role) {
    if (role == QLatin1String("primary"))
        return QStringLiteral("Primary");
    if (role == QLatin1String("zone"))
        return QStringLiteral("Zone (synchronous)");
    if (role == QLatin1String("copy"))
        return QStringLiteral("Copy (synchronous)");
    if (role == QLatin1String("secondary"))
        return QStringLiteral("Geo secondary");
    return role;
}

LocationStatus checkLocation(const QString& role, Location& location, Catalog& catalog,
                             qint64 nowMs) {
    LocationStatus status;
    status.role = role;
    status.url = location.url();
    status.kind = location.kind();
    auto config = location.stat(Vault::configObject());
    if (!config) {
        status.problem = config.status().isNotFound() && location.kind() == QLatin1String("folder")
                             ? QStringLiteral("no vault at %1").arg(location.url())
                             : userMessage(config.status());
        return status;
    }
    status.reachable = true;
    if (status.measuresLag()) {
        const ReplicationStatus replication = replicationStatus(location, catalog, nowMs);
        status.lagMs = replication.lagMs;
        status.pendingBackups = replication.pendingBackups;
        status.newestReplicatedMs = replication.newestReplicatedMs;
    }
    return status;
}

qint64 secondaryLagMs(const QList<LocationStatus>& locations) {
    for (const LocationStatus& l : locations) {
        if (l.measuresLag())
            return l.lagMs;
    }
    return -1;
}

QList<LocationStatus> Workspace::locationStatus(Catalog& catalog) const {
    const qint64 now = clock_->nowMs();
    QList<LocationStatus> out;
    out << checkLocation(QStringLiteral("primary"), *primary_, catalog, now);
    for (const auto& replica : replicas_)
        out << checkLocation(redundancy_.zoned() ? QStringLiteral("zone") : QStringLiteral("copy"),
                             *replica, catalog, now);
    if (secondary_)
        out << checkLocation(QStringLiteral("secondary"), *secondary_, catalog, now);
    return out;
}

} // namespace tidemark
