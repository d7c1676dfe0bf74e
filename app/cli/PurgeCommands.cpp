// `purge [NAME]`: short-term retention now, as the agent applies it on every pass.
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"

#include "retention/RetentionPurge.h"
#include "workspace/JobDefinitions.h"
#include "workspace/JobRunner.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

int cmdPurge(CliContext& cli, CliArguments& args) {
    QList<DatabaseInfo> targets;
    if (args.words.isEmpty()) {
        targets = cli.ws().catalog().databases(true);
    } else {
        auto db = cli.findDatabase(args.words[0]);
        if (!db)
            return cli.fail(db.status());
        targets << *db;
    }
    QJsonArray results;
    int failures = 0;
    for (const DatabaseInfo& db : targets) {
        auto purged = std::make_shared<PurgeReport>();
        const PurgeReport& report = *purged;
        JobContext context;
        Status s = JobRunner::runNow(cli.ws().catalog(), *cli.clock,
                                     retentionJob(cli.ws(), db, purged), context);
        QJsonObject o;
        o[QStringLiteral("database")] = db.name;
        o[QStringLiteral("purged")] = QJsonArray::fromStringList(report.purgedIds);
        o[QStringLiteral("packs_doomed")] = report.packsDoomed;
        if (!s) {
            ++failures;
            o[QStringLiteral("error")] = s.message();
            cli.err << "tidemark-cli: " << db.name << ": retention failed: " << s.message() << "\n";
        } else {
            cli.say(QStringLiteral("%1: %2 backups removed by retention, %3 packs doomed")
                        .arg(db.name)
                        .arg(report.purgedIds.size())
                        .arg(report.packsDoomed));
        }
        results.append(o);
    }
    if (cli.json)
        cli.printJson(results);
    if (failures == 0)
        return CliContext::Success;
    return failures == int(targets.size()) ? CliContext::Failure : CliContext::WithErrors;
}

} // namespace

QList<CliCommand> purgeCommands() {
    return {{{QStringLiteral("purge")},
             QStringLiteral("[NAME]"),
             {},
             0,
             1,
             true,
             QStringLiteral("apply short-term retention now (of NAME, or every database)"),
             cmdPurge}};
}

} // namespace tidemark
