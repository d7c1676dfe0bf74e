// `restore-window` and `restore`: what can be restored, and restoring it (or planning it).
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "Interrupt.h"
#include "Reports.h"
#include "RestorePlanText.h"
#include "workspace/JobDefinitions.h"
#include "workspace/JobRunner.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

int cmdRestoreWindow(CliContext& cli, CliArguments& args) {
    auto db = cli.findDatabase(args.words[0]);
    if (!db)
        return cli.fail(db.status());
    return printRestoreWindow(cli, cli.ws(), *db);
}

// One source, and a target unless it is a dry run (which plans without one).
QString checkRestore(const CliArguments& args) {
    const int sources = int(args.has(QStringLiteral("ltr"))) +
                        int(args.has(QStringLiteral("geo"))) + int(args.has(QStringLiteral("to"))) +
                        int(args.has(QStringLiteral("to-commit")));
    if (sources != 1)
        return QStringLiteral("restore needs one of --to TIME, --to-commit N, --ltr ID or --geo");
    if (!args.has(QStringLiteral("dry-run")) &&
        (!args.has(QStringLiteral("as")) || !args.has(QStringLiteral("file"))))
        return QStringLiteral("restore needs --as NEW and --file PATH (or --dry-run)");
    return {};
}

int cmdRestore(CliContext& cli, CliArguments& args) {
    const bool fromLtr = args.has(QStringLiteral("ltr"));
    const bool fromGeo = args.has(QStringLiteral("geo"));
    const bool toCommit = args.has(QStringLiteral("to-commit"));
    const bool dryRun = args.has(QStringLiteral("dry-run"));
    const qint64 point =
        fromLtr || fromGeo || toCommit ? 0 : parseTime(args.value(QStringLiteral("to")));
    const qint64 commit = toCommit ? args.value(QStringLiteral("to-commit")).toLongLong() : -1;
    const bool deleted = args.has(QStringLiteral("deleted"));
    using Source = RestoreRequest::Source;
    RestoreRequest request;
    request.source = fromLtr    ? Source::Ltr
                     : fromGeo  ? Source::Geo
                     : toCommit ? Source::Commit
                     : deleted  ? Source::Dropped
                                : Source::PointInTime;
    request.database = args.words[0];
    request.pointMs = point;
    request.commit = commit;
    request.dropped = deleted;
    request.ltrId = args.value(QStringLiteral("ltr"));
    request.newName = args.value(QStringLiteral("as"));
    request.file = args.value(QStringLiteral("file"));
    Workspace* workspace = &cli.ws();
    if (dryRun) {
        // The plan the restore would run; a refusal fails exactly as the restore would.
        const RestorePlan plan = workspace->planRestore(workspace->catalog(), request);
        if (!plan.restorable())
            return cli.fail(plan.refusal);
        if (cli.json)
            cli.printJson(restorePlanJson(plan));
        else
            cli.say(restorePlanText(plan));
        return CliContext::Success;
    }
    JobRunner runner(*workspace, 1);
    auto restored = std::make_shared<RestoreOutcome>();
    const RestoreOutcome& outcome = *restored;
    const QString& name = request.database;
    const QString& newName = request.newName;
    auto job = runner.submit(restoreJob(*workspace, request, std::nullopt, restored));
    waitInterruptible(runner, job);
    if (!job->status)
        return cli.fail(job->status);
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("database")] = newName;
        o[QStringLiteral("file")] = outcome.file;
        o[QStringLiteral("restored_to")] = formatTime(outcome.restoredToMs);
        if (outcome.restoredToCommit >= 0)
            o[QStringLiteral("commit")] = double(outcome.restoredToCommit);
        o[QStringLiteral("logical_hash_checked")] = outcome.logicalHashChecked;
        QJsonArray applied;
        for (const BackupInfo& b : outcome.applied)
            applied.append(b.id);
        o[QStringLiteral("applied")] = applied;
        o[QStringLiteral("integrity")] = outcome.integrity;
        o[QStringLiteral("rebuild_seconds")] = double(outcome.rebuildMs) / 1000.0;
        o[QStringLiteral("verify_seconds")] = double(outcome.verifyMs) / 1000.0;
        cli.printJson(o);
    } else {
        const QString applied = outcome.applied.size() == 1
                                    ? QStringLiteral("1 backup")
                                    : QStringLiteral("%1 backups").arg(outcome.applied.size());
        const QString at = outcome.restoredToCommit >= 0
                               ? QStringLiteral("%1, commit %2")
                                     .arg(formatTime(outcome.restoredToMs))
                                     .arg(outcome.restoredToCommit)
                               : formatTime(outcome.restoredToMs);
        cli.say(
            outcome.logicalHashChecked
                ? QStringLiteral("Restored %1 as %2 into %3, as of %4 (%5 applied; integrity "
                                 "check and logical hash: %6).")
                      .arg(name, newName, outcome.file, at, applied, outcome.integrity)
                : QStringLiteral("Restored %1 as %2 into %3, as of %4 (%5 applied plus captured "
                                 "commits; integrity check: %6; a logical hash is recorded only "
                                 "at backups).")
                      .arg(name, newName, outcome.file, at, applied, outcome.integrity));
    }
    return CliContext::Success;
}

} // namespace

QList<CliCommand> restoreCommands() {
    CliOption commit = numberOption(QStringLiteral("to-commit"), 0);
    commit.valueName = QStringLiteral("N");
    return {
        {{QStringLiteral("restore-window")},
         QStringLiteral("NAME"),
         {},
         1,
         1,
         true,
         QStringLiteral("earliest and latest restore point, granularity and gaps"),
         cmdRestoreWindow},
        {{QStringLiteral("restore")},
         QStringLiteral("NAME (--to TIME [--deleted] | --to-commit N | --ltr ID | --geo) "
                        "(--as NEW --file PATH | --dry-run)"),
         {timeOption(QStringLiteral("to")), commit,
          textOption(QStringLiteral("ltr"), QStringLiteral("ID")), flag(QStringLiteral("geo")),
          flag(QStringLiteral("deleted")), textOption(QStringLiteral("as"), QStringLiteral("NEW")),
          textOption(QStringLiteral("file"), QStringLiteral("PATH")),
          flag(QStringLiteral("dry-run"))},
         1,
         1,
         true,
         QStringLiteral("restore to a new database file, or print the plan (--dry-run)"),
         cmdRestore,
         checkRestore},
    };
}

} // namespace tidemark
