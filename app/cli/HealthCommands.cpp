// The engine's health verdict in the CLI: `status` and `db list` print it, never a verdict of
// their own.
#include "CliApplication.h"

#include "core/ErrorMessages.h"
#include "workspace/Health.h"
#include "workspace/Workspace.h"

#include <QJsonObject>

namespace tidemark {

QJsonObject CliApplication::healthJson(const DatabaseHealth& h) {
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

QList<DatabaseHealth> CliApplication::currentHealth(Workspace& ws) {
    QList<DatabaseHealth> health = workspaceHealth(ws, ws.catalog());
    // Keeping the alerts in step is part of reading the verdict; a workspace opened read-only
    // on a surviving copy cannot record them, and the verdict printed is the same either way.
    if (Status s = syncHealthAlerts(ws.catalog(), health, clock_->nowMs()); !s)
        err_ << "note: alerts not updated: " << userMessage(s) << "\n";
    return health;
}

QJsonArray CliApplication::healthReport(Workspace& ws, QStringList* lines) {
    QJsonArray out;
    for (const DatabaseHealth& h : currentHealth(ws)) {
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

} // namespace tidemark
