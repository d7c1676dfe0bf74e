// The engine's health verdict in the CLI: `status`, `alerts` and `db list` print it, never a
// verdict of their own.
#include "CliContext.h"
#include "Reports.h"

#include "core/ErrorMessages.h"
#include "retention/Replicator.h"
#include "workspace/Health.h"
#include "workspace/Workspace.h"

#include <QJsonObject>

namespace tidemark {

QJsonObject healthJson(const DatabaseHealth& h) {
    QJsonObject o;
    o[QStringLiteral("name")] = h.name;
    o[QStringLiteral("health")] = healthStateName(h.state);
    QJsonArray reasons;
    for (const HealthReason& r : h.reasons)
        reasons.append(
            QJsonObject{{QStringLiteral("code"), r.code}, {QStringLiteral("message"), r.message}});
    o[QStringLiteral("reasons")] = reasons;
    o[QStringLiteral("earliest")] =
        h.window.empty() ? QJsonValue() : QJsonValue(formatTime(h.window.earliestMs));
    o[QStringLiteral("latest")] =
        h.window.empty() ? QJsonValue() : QJsonValue(formatTime(h.window.latestMs));
    return o;
}

QList<DatabaseHealth> currentHealth(CliContext& cli, Workspace& ws) {
    Status alerts;
    QList<DatabaseHealth> health = readHealth(ws, ws.catalog(), &alerts);
    if (!alerts)
        cli.err << "note: alerts not updated: " << userMessage(alerts) << "\n";
    return health;
}

QJsonArray healthReport(CliContext& cli, Workspace& ws, QStringList* lines) {
    QJsonArray out;
    for (const DatabaseHealth& h : currentHealth(cli, ws)) {
        out.append(healthJson(h));
        QString line = QStringLiteral("%1: %2").arg(h.name, healthStateText(h.state));
        if (!h.window.empty())
            line += QStringLiteral(" (restorable %1 to %2)")
                        .arg(formatTime(h.window.earliestMs), formatTime(h.window.latestMs));
        *lines << line;
        for (const HealthReason& r : h.reasons)
            *lines << QStringLiteral("  - %1").arg(r.message);
    }
    return out;
}

int printStatus(CliContext& cli, Workspace& ws) {
    const RedundancyConfig& r = ws.redundancy();
    QJsonObject o;
    o[QStringLiteral("workspace")] = ws.dir();
    o[QStringLiteral("redundancy")] = redundancyName(r.kind);
    o[QStringLiteral("locations")] = QJsonArray::fromStringList(r.locations);
    o[QStringLiteral("copies")] = r.copies;
    o[QStringLiteral("synchronous_copies")] = QJsonArray::fromStringList(r.synchronousReplicas());
    o[QStringLiteral("secondary")] = r.secondary.isEmpty() ? QJsonValue() : QJsonValue(r.secondary);
    o[QStringLiteral("deny_geo")] = r.denyGeo;
    o[QStringLiteral("encrypted")] = ws.vault().encrypted();
    o[QStringLiteral("degraded")] =
        ws.degraded().isEmpty() ? QJsonValue() : QJsonValue(ws.degraded());
    QString lagText;
    if (auto lag = ws.replicationLag(ws.catalog())) {
        const ReplicationStatus& rs = *lag;
        o[QStringLiteral("replication_lag_seconds")] = double(rs.lagMs) / 1000.0;
        o[QStringLiteral("pending_backups")] = rs.pendingBackups;
        o[QStringLiteral("newest_replicated")] =
            rs.newestReplicatedMs < 0 ? QJsonValue()
                                      : QJsonValue(formatTime(rs.newestReplicatedMs));
        lagText = QStringLiteral("; secondary %1: %2 backups pending, lag %3 s, newest "
                                 "replicated point %4")
                      .arg(r.secondary)
                      .arg(rs.pendingBackups)
                      .arg(double(rs.lagMs) / 1000.0, 0, 'f', 1)
                      .arg(rs.newestReplicatedMs < 0 ? QStringLiteral("none")
                                                     : formatTime(rs.newestReplicatedMs));
    }
    QStringList healthLines;
    o[QStringLiteral("databases")] = healthReport(cli, ws, &healthLines);
    QStringList captureLines;
    o[QStringLiteral("capture")] = captureStatusJson(cli, ws, &captureLines);
    if (cli.json) {
        o[QStringLiteral("alerts")] = reportAlerts(cli, ws.catalog(), false);
        cli.printJson(o);
    } else {
        cli.say(QStringLiteral("%1 at %2%3%4%5%6")
                    .arg(redundancyName(r.kind), r.locations.join(QStringLiteral(", ")),
                         r.synchronousReplicas().isEmpty()
                             ? QString()
                             : QStringLiteral(" (synchronous copies: %1)")
                                   .arg(r.synchronousReplicas().join(QStringLiteral(", "))),
                         lagText, r.denyGeo ? QStringLiteral("; geo-redundancy denied") : QString(),
                         ws.degraded().isEmpty() ? QString()
                                                 : QStringLiteral("; DEGRADED: ") + ws.degraded()));
        for (const QString& line : healthLines)
            cli.say(line);
        for (const QString& line : captureLines)
            cli.say(line);
        reportAlerts(cli, ws.catalog(), false);
    }
    return CliContext::Success;
}

} // namespace tidemark
