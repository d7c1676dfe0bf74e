// The engine's health verdict in the CLI: `status`, `alerts` and `db list` print it, never a
// verdict of their own.
#include "CliContext.h"
#include "Reports.h"

#include "core/ErrorMessages.h"
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

QJsonArray healthReport(CliContext& cli, Workspace& ws, QStringList* lines,
                        const HealthContext& context) {
    QJsonArray out;
    Status alerts;
    const QList<DatabaseHealth> health = readHealth(ws, ws.catalog(), context, &alerts);
    if (!alerts)
        cli.err << "note: alerts not updated: " << userMessage(alerts) << "\n";
    for (const DatabaseHealth& h : health) {
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

namespace {

// Each location's kind, reachability and (the secondary's) lag, as the engine found them.
QJsonArray locationReport(const QList<LocationStatus>& locations, QStringList* lines) {
    QJsonArray out;
    for (const LocationStatus& l : locations) {
        QJsonObject o;
        o[QStringLiteral("role")] = l.role;
        o[QStringLiteral("url")] = l.url;
        o[QStringLiteral("kind")] = l.kind;
        o[QStringLiteral("reachable")] = l.reachable;
        o[QStringLiteral("problem")] = l.reachable ? QJsonValue() : QJsonValue(l.problem);
        if (l.measuresLag()) {
            o[QStringLiteral("lag_seconds")] =
                l.lagMs < 0 ? QJsonValue() : QJsonValue(double(l.lagMs) / 1000.0);
            o[QStringLiteral("pending_backups")] = l.pendingBackups;
        }
        out.append(o);
        QString line = QStringLiteral("location %1 %2 (%3): %4")
                           .arg(l.role, l.url, locationKindText(l.kind),
                                l.reachable ? QStringLiteral("reachable")
                                            : QStringLiteral("unreachable: ") + l.problem);
        if (l.measuresLag() && l.lagMs >= 0)
            line += QStringLiteral(", lag %1 s").arg(double(l.lagMs) / 1000.0, 0, 'f', 1);
        *lines << line;
    }
    return out;
}

} // namespace

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
    // Every location is asked once; the health verdicts reuse the secondary's lag.
    const QList<LocationStatus> locations = ws.locationStatus(ws.catalog());
    QStringList locationLines;
    o[QStringLiteral("location_status")] = locationReport(locations, &locationLines);
    QString lagText;
    for (const LocationStatus& l : locations) {
        if (!l.measuresLag() || l.lagMs < 0)
            continue;
        o[QStringLiteral("replication_lag_seconds")] = double(l.lagMs) / 1000.0;
        o[QStringLiteral("pending_backups")] = l.pendingBackups;
        o[QStringLiteral("newest_replicated")] =
            l.newestReplicatedMs < 0 ? QJsonValue() : QJsonValue(formatTime(l.newestReplicatedMs));
        lagText = QStringLiteral("; secondary %1: %2 backups pending, lag %3 s, newest "
                                 "replicated point %4")
                      .arg(r.secondary)
                      .arg(l.pendingBackups)
                      .arg(double(l.lagMs) / 1000.0, 0, 'f', 1)
                      .arg(l.newestReplicatedMs < 0 ? QStringLiteral("none")
                                                    : formatTime(l.newestReplicatedMs));
    }
    QStringList healthLines;
    const HealthContext context = healthContext(ws, locations);
    o[QStringLiteral("databases")] = healthReport(cli, ws, &healthLines, context);
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
        for (const QString& line : locationLines)
            cli.say(line);
        for (const QString& line : healthLines)
            cli.say(line);
        for (const QString& line : captureLines)
            cli.say(line);
        reportAlerts(cli, ws.catalog(), false);
    }
    return CliContext::Success;
}

} // namespace tidemark
