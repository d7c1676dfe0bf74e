// `policy` (a database's schedule and short-term retention, or the workspace's residency
// policy) and `hold set|clear` (legal hold).
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "PolicyChange.h"
#include "Reports.h"
#include "retention/Scheduler.h"
#include "workspace/Workspace.h"

#include <QJsonObject>

namespace tidemark {
namespace {

// `policy --deny-geo|--allow-geo` is about the workspace; every other form names a database.
QString checkPolicy(const CliArguments& args) {
    const bool deny = args.has(QStringLiteral("deny-geo"));
    const bool allow = args.has(QStringLiteral("allow-geo"));
    if (deny && allow)
        return QStringLiteral("policy takes --deny-geo or --allow-geo, not both");
    if (deny || allow)
        return args.words.isEmpty() && args.options.size() == 1
                   ? QString()
                   : QStringLiteral("policy --deny-geo|--allow-geo takes nothing else");
    return args.words.size() == 1 ? QString()
                                  : QStringLiteral("policy needs the NAME of a database");
}

int cmdPolicy(CliContext& cli, CliArguments& args) {
    if (args.words.isEmpty() &&
        (args.has(QStringLiteral("deny-geo")) || args.has(QStringLiteral("allow-geo")))) {
        // The workspace-level residency policy.
        Status s = cli.ws().setDenyGeo(args.has(QStringLiteral("deny-geo")));
        if (!s)
            return cli.fail(s);
        return printStatus(cli, cli.ws());
    }
    auto db = cli.findDatabase(args.words[0]);
    if (!db)
        return cli.fail(db.status());
    BackupPolicy policy = cli.ws().catalog().policy(db->uuid);
    bool change = false;
    for (const auto& [key, target] :
         {std::pair{QStringLiteral("retention-days"), &policy.retentionDays},
          std::pair{QStringLiteral("diff-hours"), &policy.diffHours},
          std::pair{QStringLiteral("log-minutes"), &policy.logMinutes},
          std::pair{QStringLiteral("sync-seconds"), &policy.syncSeconds}}) {
        if (!args.has(key))
            continue;
        *target = args.value(key).toInt(); // the table took only whole numbers
        change = true;
    }
    if (args.has(QStringLiteral("tier"))) {
        policy.basic = args.value(QStringLiteral("tier")).toLower() == QStringLiteral("basic");
        change = true;
    }
    if (change) {
        if (int code = savePolicy(cli, db->name, policy); code != CliContext::Success)
            return code;
    }
    ScheduleState next = scheduleFor(policy, cli.ws().catalog().backups(db->uuid), db->addedMs);
    if (cli.json) {
        QJsonObject o = policy.toJson();
        o[QStringLiteral("database")] = db->name;
        o[QStringLiteral("next_full")] = formatTime(next.nextFullMs);
        o[QStringLiteral("next_diff")] = formatTime(next.nextDiffMs);
        o[QStringLiteral("next_log")] = formatTime(next.nextLogMs);
        cli.printJson(o);
    } else {
        cli.say(
            QStringLiteral("%1: retention %2 days (%3 tier), differential every %4 h, log every "
                           "%5 min, full weekly; captured commits reach a blob location within "
                           "%9 s.\nNext full %6, differential %7, log %8.")
                .arg(db->name)
                .arg(policy.retentionDays)
                .arg(policy.basic ? QStringLiteral("basic") : QStringLiteral("standard"))
                .arg(policy.diffHours)
                .arg(policy.logMinutes)
                .arg(formatTime(next.nextFullMs), formatTime(next.nextDiffMs),
                     formatTime(next.nextLogMs))
                .arg(policy.syncSeconds));
    }
    return CliContext::Success;
}

int setHold(CliContext& cli, const QString& name, bool set) {
    auto db = cli.findDatabase(name);
    if (!db)
        return cli.fail(db.status());
    Status s = cli.ws().catalog().setHold(db->uuid, set ? cli.clock->nowMs() : -1);
    if (!s)
        return cli.fail(s);
    return cli.done({{QStringLiteral("database"), db->name}, {QStringLiteral("hold"), set}},
                    set ? QStringLiteral("Legal hold set on %1: no backup of it is removed until "
                                         "the hold is cleared.")
                              .arg(db->name)
                        : QStringLiteral("Legal hold on %1 cleared.").arg(db->name));
}

int cmdHoldSet(CliContext& cli, CliArguments& args) {
    return setHold(cli, args.words[0], true);
}

int cmdHoldClear(CliContext& cli, CliArguments& args) {
    return setHold(cli, args.words[0], false);
}

} // namespace

int savePolicy(CliContext& cli, const QString& database, const BackupPolicy& policy) {
    if (Status valid = policy.validate(); !valid)
        return cli.refuse(valid);
    Status s = cli.ws().setPolicy(database, policy);
    return s ? CliContext::Success : cli.fail(s);
}

QList<CliCommand> policyCommands() {
    CliOption logMinutes = numberOption(QStringLiteral("log-minutes"));
    logMinutes.valueName = QStringLiteral("M");
    CliOption syncSeconds = numberOption(QStringLiteral("sync-seconds"));
    syncSeconds.valueName = QStringLiteral("S");
    return {
        {{QStringLiteral("policy")},
         QStringLiteral("(NAME [--retention-days N] [--diff-hours 12|24] [--log-minutes M] "
                        "[--sync-seconds S] [--tier basic|standard] | --deny-geo | --allow-geo)"),
         {numberOption(QStringLiteral("retention-days")),
          choiceOption(QStringLiteral("diff-hours"), {QStringLiteral("12"), QStringLiteral("24")}),
          logMinutes, syncSeconds,
          choiceOption(QStringLiteral("tier"),
                       {QStringLiteral("basic"), QStringLiteral("standard")}),
          flag(QStringLiteral("deny-geo")), flag(QStringLiteral("allow-geo"))},
         0,
         1,
         true,
         QStringLiteral("show or change a database's schedule and retention (1-35 days, Basic "
                        "1-7), or the workspace's residency policy"),
         cmdPolicy,
         checkPolicy},
        {{QStringLiteral("hold"), QStringLiteral("set")},
         QStringLiteral("NAME"),
         {},
         1,
         1,
         true,
         QStringLiteral("legal hold: nothing of NAME is removed by retention"),
         cmdHoldSet},
        {{QStringLiteral("hold"), QStringLiteral("clear")},
         QStringLiteral("NAME"),
         {},
         1,
         1,
         true,
         QStringLiteral("lift the legal hold on NAME"),
         cmdHoldClear},
    };
}

} // namespace tidemark
