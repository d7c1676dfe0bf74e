// Long-term retention: `ltr` (a database's W/M/Y policy) and `ltr-backups` (the copies).
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "PolicyChange.h"
#include "TextTable.h"
#include "retention/LtrStore.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

int cmdLtr(CliContext& cli, CliArguments& args) {
    auto db = cli.findDatabase(args.words[0]);
    if (!db)
        return cli.fail(db.status());
    BackupPolicy policy = cli.ws().catalog().policy(db->uuid);
    bool change = false;
    const struct {
        const char* option;
        QChar unit;
        int* target;
    } durations[] = {{"weekly", QLatin1Char('W'), &policy.ltr.weeklyWeeks},
                     {"monthly", QLatin1Char('M'), &policy.ltr.monthlyMonths},
                     {"yearly", QLatin1Char('Y'), &policy.ltr.yearlyYears}};
    for (const auto& d : durations) {
        QString key = QLatin1String(d.option);
        if (!args.has(key))
            continue;
        int amount = 0;
        QChar unit = d.unit;
        if (!parseIsoDuration(args.value(key), &amount, &unit) || unit != d.unit)
            return cli.usage(QStringLiteral("--%1 needs an ISO 8601 duration in %2 (like P12%2), "
                                            "or 0")
                                 .arg(key, QString(d.unit)));
        *d.target = amount;
        change = true;
    }
    for (const auto& [key, target] :
         {std::pair{QStringLiteral("week-of-year"), &policy.ltr.weekOfYear},
          std::pair{QStringLiteral("immutable-days"), &policy.ltr.immutableDays}}) {
        if (!args.has(key))
            continue;
        *target = args.value(key).toInt(); // the table took only whole numbers
        change = true;
    }
    if (change) {
        if (int code = savePolicy(cli, db->name, policy); code != CliContext::Success)
            return code;
    }
    QJsonObject o = policy.ltr.toJson();
    o[QStringLiteral("database")] = db->name;
    const Location& vaultLocation = cli.ws().vault().location();
    o[QStringLiteral("write_once_by_store")] = vaultLocation.storeEnforcesWriteOnce();
    if (cli.json)
        cli.printJson(o);
    else
        cli.say(QStringLiteral("%1: weekly %2, monthly %3, yearly %4 (week %5), immutable for %6 "
                               "days; changes apply to future full backups.")
                    .arg(db->name,
                         policy.ltr.weeklyWeeks ? QStringLiteral("P%1W").arg(policy.ltr.weeklyWeeks)
                                                : QStringLiteral("off"),
                         policy.ltr.monthlyMonths
                             ? QStringLiteral("P%1M").arg(policy.ltr.monthlyMonths)
                             : QStringLiteral("off"),
                         policy.ltr.yearlyYears ? QStringLiteral("P%1Y").arg(policy.ltr.yearlyYears)
                                                : QStringLiteral("off"),
                         QString::number(policy.ltr.weekOfYear),
                         QString::number(policy.ltr.immutableDays)));
    if (!cli.json && policy.ltr.immutableDays > 0 && !vaultLocation.storeEnforcesWriteOnce())
        cli.say(QStringLiteral("Write-once is kept by Tidemark only: %1 does not enforce it, and "
                               "anyone with write access to it could overwrite or delete a copy.")
                    .arg(vaultLocation.url()));
    return CliContext::Success;
}

int cmdLtrBackups(CliContext& cli, CliArguments& args) {
    QString uuid;
    if (!args.words.isEmpty()) {
        auto db = cli.findDatabase(args.words[0]);
        if (!db)
            return cli.fail(db.status());
        uuid = db->uuid;
    }
    QJsonArray array;
    QList<QStringList> rows;
    for (const LtrInfo& l : cli.ws().catalog().ltrBackups(uuid)) {
        QJsonObject o;
        o[QStringLiteral("id")] = l.id;
        o[QStringLiteral("database")] = l.databaseName;
        o[QStringLiteral("snapshot")] = formatTime(l.snapshotMs);
        o[QStringLiteral("kinds")] = QJsonArray::fromStringList(l.kinds);
        o[QStringLiteral("expires")] = formatTime(l.expiresMs);
        o[QStringLiteral("immutable_until")] =
            l.immutableUntilMs > 0 ? QJsonValue(formatTime(l.immutableUntilMs)) : QJsonValue();
        o[QStringLiteral("stored_bytes")] = double(l.storedBytes);
        array.append(o);
        rows << QStringList{l.id,
                            l.databaseName,
                            formatTime(l.snapshotMs),
                            l.kinds.join(u','),
                            formatTime(l.expiresMs),
                            l.immutableUntilMs > 0 ? formatTime(l.immutableUntilMs)
                                                   : QStringLiteral("-")};
    }
    if (cli.json)
        cli.printJson(array);
    else
        cli.out << textTable({QStringLiteral("ID"), QStringLiteral("DATABASE"),
                              QStringLiteral("POINT"), QStringLiteral("KINDS"),
                              QStringLiteral("EXPIRES"), QStringLiteral("IMMUTABLE UNTIL")},
                             rows);
    return CliContext::Success;
}

int cmdLtrDelete(CliContext& cli, CliArguments& args) {
    const QString& id = args.words[0];
    Status s = deleteLtr(cli.ws().vault(), cli.ws().catalog(), id, cli.clock->nowMs());
    if (!s)
        return cli.fail(s);
    return cli.done({{QStringLiteral("deleted"), id}},
                    QStringLiteral("Deleted long-term backup %1.").arg(id));
}

} // namespace

QList<CliCommand> ltrCommands() {
    CliOption weekOfYear = numberOption(QStringLiteral("week-of-year"));
    weekOfYear.valueName = QStringLiteral("W");
    return {
        {{QStringLiteral("ltr")},
         QStringLiteral("NAME [--weekly P4W] [--monthly P12M] [--yearly P5Y] [--week-of-year W] "
                        "[--immutable-days N]"),
         {textOption(QStringLiteral("weekly"), QStringLiteral("P4W")),
          textOption(QStringLiteral("monthly"), QStringLiteral("P12M")),
          textOption(QStringLiteral("yearly"), QStringLiteral("P5Y")), weekOfYear,
          numberOption(QStringLiteral("immutable-days"))},
         1,
         1,
         true,
         QStringLiteral("show or set long-term retention (applies to future full backups)"),
         cmdLtr},
        {{QStringLiteral("ltr-backups")},
         QStringLiteral("[NAME]"),
         {},
         0,
         1,
         true,
         QStringLiteral("list long-term copies (of NAME, or all)"),
         cmdLtrBackups},
        {{QStringLiteral("ltr-backups"), QStringLiteral("delete")},
         QStringLiteral("ID"),
         {},
         1,
         1,
         true,
         QStringLiteral("delete a long-term copy (refused while immutable or held)"),
         cmdLtrDelete},
    };
}

} // namespace tidemark
