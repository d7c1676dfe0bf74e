// `purge [NAME]`: short-term retention now, as the agent applies it on every pass.
#include "CliApplication.h"

#include "retention/RetentionPurge.h"
#include "workspace/JobDefinitions.h"
#include "workspace/JobRunner.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {

int CliApplication::cmdPurge(CliArguments& args) {
    if (args.words.size() > 1 || !args.unknownOption({}).isEmpty())
        return usage(QStringLiteral("purge [NAME]"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    QList<DatabaseInfo> targets;
    if (args.words.isEmpty()) {
        targets = (*ws)->catalog().databases(true);
    } else {
        auto db = (*ws)->catalog().findDatabase(args.words[0]);
        if (!db)
            return fail(db.status());
        targets << *db;
    }
    QJsonArray results;
    int failures = 0;
    for (const DatabaseInfo& db : targets) {
        auto purged = std::make_shared<PurgeReport>();
        const PurgeReport& report = *purged;
        JobContext context;
        Status s =
            JobRunner::runNow((*ws)->catalog(), *clock_, retentionJob(**ws, db, purged), context);
        QJsonObject o;
        o[QStringLiteral("database")] = db.name;
        o[QStringLiteral("purged")] = QJsonArray::fromStringList(report.purgedIds);
        o[QStringLiteral("packs_doomed")] = report.packsDoomed;
        if (!s) {
            ++failures;
            o[QStringLiteral("error")] = s.message();
            err_ << "tidemark-cli: " << db.name << ": retention failed: " << s.message() << "\n";
        } else {
            say(QStringLiteral("%1: %2 backups removed by retention, %3 packs doomed")
                    .arg(db.name)
                    .arg(report.purgedIds.size())
                    .arg(report.packsDoomed));
        }
        results.append(o);
    }
    if (json_)
        printJson(results);
    if (failures == 0)
        return Success;
    return failures == int(targets.size()) ? Failure : WithErrors;
}

} // namespace tidemark
