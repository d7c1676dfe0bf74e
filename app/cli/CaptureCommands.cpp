// Continuous capture in the CLI: the commits a database can be restored to, and its window.
#include "CliContext.h"
#include "Reports.h"

#include "TextTable.h"
#include "capture/CaptureStore.h"
#include "catalog/Alerts.h"
#include "catalog/RestorePlanner.h"
#include "core/Units.h"
#include "restore/CommitPlanner.h"
#include "workspace/AgentLock.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {

int printCommits(CliContext& cli, Workspace& ws, const DatabaseInfo& db) {
    Catalog& catalog = ws.catalog();
    CommitPlanner planner(ws.vault(), catalog.backups(db.uuid),
                          capture_store::segments(catalog, db.uuid));
    auto commits = planner.commits();
    if (!commits)
        return cli.fail(commits.status());
    if (cli.json) {
        QJsonArray array;
        for (const CommitPoint& c : *commits) {
            QJsonObject o;
            o[QStringLiteral("commit")] = double(c.number);
            o[QStringLiteral("stamp")] = formatTime(c.stampMs);
            array.append(o);
        }
        cli.printJson(array);
        return CliContext::Success;
    }
    if (commits->isEmpty()) {
        cli.say(
            QStringLiteral("%1 has no captured commits: only WAL databases under a running agent "
                           "are captured commit by commit.")
                .arg(db.name));
        return CliContext::Success;
    }
    QList<QStringList> rows;
    for (const CommitPoint& c : *commits)
        rows << QStringList{QString::number(c.number), formatTime(c.stampMs)};
    cli.out << textTable({QStringLiteral("COMMIT"), QStringLiteral("STAMP")}, rows);
    return CliContext::Success;
}

int printRestoreWindow(CliContext& cli, Workspace& ws, const DatabaseInfo& db) {
    Catalog& catalog = ws.catalog();
    RestorePlanner planner(catalog.backups(db.uuid));
    const QList<BackupInfo> broken = planner.unrestorable();
    const Workspace::Restorable span = ws.restorable(catalog, db);
    const RestoreWindow& w = span.window;
    const bool commitExact = span.latestCommit.has_value();
    const int logMinutes = catalog.policy(db.uuid).logMinutes;
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("earliest")] =
            w.empty() ? QJsonValue() : QJsonValue(formatTime(w.earliestMs));
        o[QStringLiteral("latest")] = w.empty() ? QJsonValue() : QJsonValue(formatTime(w.latestMs));
        o[QStringLiteral("granularity")] =
            commitExact ? QStringLiteral("commit") : QStringLiteral("log-interval");
        if (commitExact)
            o[QStringLiteral("latest_commit")] = double(span.latestCommit->number);
        QJsonArray gaps;
        for (const BackupInfo& b : broken) {
            QJsonObject g;
            g[QStringLiteral("id")] = b.id;
            g[QStringLiteral("snapshot")] = formatTime(b.snapshotMs);
            g[QStringLiteral("missing_base")] = b.baseId;
            g[QStringLiteral("status")] = b.status; // "unusable": damaged beyond repair
            gaps.append(g);
        }
        o[QStringLiteral("unrestorable")] = gaps;
        QJsonArray captureGaps;
        for (const CaptureGap& g : span.gaps) {
            QJsonObject j;
            j[QStringLiteral("from")] = formatTime(g.fromMs);
            j[QStringLiteral("to")] = formatTime(g.toMs);
            j[QStringLiteral("reason")] = g.reason;
            captureGaps.append(j);
        }
        o[QStringLiteral("capture_gaps")] = captureGaps;
        o[QStringLiteral("rpo_seconds")] = double(span.rpoMs) / 1000.0;
        cli.printJson(o);
    } else if (w.empty()) {
        cli.say(QStringLiteral("%1 has no full backup yet: nothing can be restored.").arg(db.name));
    } else if (commitExact) {
        cli.say(QStringLiteral("%1 can be restored to any committed transaction from %2 to %3 "
                               "(latest captured commit %4; commits reach the vault within %5, "
                               "the most a loss of this machine could cost).")
                    .arg(db.name, formatTime(w.earliestMs), formatTime(w.latestMs))
                    .arg(span.latestCommit->number)
                    .arg(humanDuration(span.rpoMs)));
    } else {
        cli.say(
            QStringLiteral("%1 can be restored to any backup point from %2 to %3 (granularity: "
                           "the %4-minute log interval; continuous capture needs WAL mode and a "
                           "running agent).")
                .arg(db.name, formatTime(w.earliestMs), formatTime(w.latestMs))
                .arg(logMinutes));
    }
    for (const BackupInfo& b : broken) {
        // A damaged backup is its own reason; otherwise something in its chain is.
        const QString why =
            b.status == kUnusable ? QStringLiteral("it is damaged beyond repair")
            : b.baseId.isEmpty()
                ? QStringLiteral("its chain is incomplete")
                : QStringLiteral("its base %1 is missing or unusable").arg(b.baseId);
        cli.err << "tidemark-cli: gap: backup " << b.id << " (" << formatTime(b.snapshotMs)
                << ") cannot be restored: " << why << "\n";
    }
    for (const CaptureGap& g : span.gaps)
        cli.err << "tidemark-cli: gap: commits from " << formatTime(g.fromMs) << " to "
                << formatTime(g.toMs) << " were not captured (" << g.reason << ")\n";
    return CliContext::Success;
}

QJsonArray captureStatusJson(CliContext& cli, Workspace& ws, QStringList* lines) {
    QJsonArray out;
    const qint64 now = cli.clock->nowMs();
    // A capture position is only live while an agent runs; a dead agent's last look is history.
    const bool agentRunning = AgentLock::isHeld(ws.dir());
    for (const DatabaseInfo& db : ws.catalog().databases()) {
        const CaptureStatus s = capture_store::status(ws.catalog(), db.uuid, now);
        QJsonObject o;
        o[QStringLiteral("database")] = db.name;
        o[QStringLiteral("state")] = !s.captured    ? QStringLiteral("off")
                                     : s.broken     ? QStringLiteral("break")
                                     : agentRunning ? QStringLiteral("continuous")
                                                    : QStringLiteral("stopped");
        if (s.captured) {
            o[QStringLiteral("last_commit")] = double(s.lastCommit);
            o[QStringLiteral("captured_through")] = formatTime(s.confirmedMs);
            o[QStringLiteral("lag_seconds")] = double(s.lagMs) / 1000.0;
        }
        if (s.broken)
            o[QStringLiteral("reason")] = s.reason;
        out.append(o);
        if (!lines)
            continue;
        if (!s.captured)
            *lines << QStringLiteral("%1: no continuous capture (a WAL database is captured while "
                                     "an agent runs; others get log backups each interval)")
                          .arg(db.name);
        else if (s.broken)
            *lines << QStringLiteral("%1: capture break (%2); the next agent look rebases")
                          .arg(db.name, s.reason);
        else if (!agentRunning)
            *lines << QStringLiteral("%1: capture stopped, no agent runs; captured through %2 "
                                     "(commit %3)")
                          .arg(db.name, formatTime(s.confirmedMs))
                          .arg(s.lastCommit);
        else
            *lines << QStringLiteral("%1: captured through %2 (commit %3, %4 s ago)")
                          .arg(db.name, formatTime(s.confirmedMs))
                          .arg(s.lastCommit)
                          .arg(double(s.lagMs) / 1000.0, 0, 'f', 1);
    }
    return out;
}

} // namespace tidemark
