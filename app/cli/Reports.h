#pragma once

#include "catalog/Catalog.h"
#include "workspace/Health.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace tidemark {

class CliContext;
class Workspace;

// What several commands print: the engine's verdicts rendered, never recomputed.

// `status` (also after `redundancy` and `policy --deny-geo`): redundancy, health, capture.
int printStatus(CliContext& cli, Workspace& ws);
// The engine's health verdicts (HealthCommands.cpp).
QJsonObject healthJson(const DatabaseHealth& health);
QList<DatabaseHealth> currentHealth(CliContext& cli, Workspace& ws);
// `context`: the facts status gathered (it asks each location once).
QJsonArray healthReport(CliContext& cli, Workspace& ws, QStringList* lines,
                        const HealthContext& context);
// Continuous capture (CaptureCommands.cpp).
int printCommits(CliContext& cli, Workspace& ws, const DatabaseInfo& db);
int printRestoreWindow(CliContext& cli, Workspace& ws, const DatabaseInfo& db);
QJsonArray captureStatusJson(CliContext& cli, Workspace& ws, QStringList* lines);
// Alerts, printed as text lines too unless --json (AlertCommands.cpp).
QJsonArray reportAlerts(CliContext& cli, Catalog& catalog, bool includeCleared);

} // namespace tidemark
