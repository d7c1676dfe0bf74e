// `alerts`: open alerts (damage verification could not heal, conditions health sees) and
// acknowledging them.
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "Reports.h"
#include "catalog/Alerts.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {

QJsonArray reportAlerts(CliContext& cli, Catalog& catalog, bool includeCleared) {
    QJsonArray list;
    for (const Alert& a : listAlerts(catalog, includeCleared)) {
        QJsonObject o;
        o[QStringLiteral("id")] = double(a.id);
        o[QStringLiteral("at")] = formatTime(a.atMs);
        o[QStringLiteral("kind")] = a.kind;
        o[QStringLiteral("database")] = a.databaseName;
        o[QStringLiteral("message")] = a.message;
        o[QStringLiteral("backups")] = QJsonArray::fromStringList(a.backups);
        o[QStringLiteral("earliest")] =
            a.earliestMs < 0 ? QJsonValue() : QJsonValue(formatTime(a.earliestMs));
        o[QStringLiteral("latest")] =
            a.latestMs < 0 ? QJsonValue() : QJsonValue(formatTime(a.latestMs));
        o[QStringLiteral("cleared")] =
            a.clearedMs < 0 ? QJsonValue() : QJsonValue(formatTime(a.clearedMs));
        list.append(o);
        cli.say(QStringLiteral("ALERT %1 (%2%3): %4")
                    .arg(a.id)
                    .arg(formatTime(a.atMs),
                         a.open() ? QString()
                                  : QStringLiteral(", cleared %1").arg(formatTime(a.clearedMs)),
                         a.message));
    }
    return list;
}

namespace {

int cmdAlerts(CliContext& cli, CliArguments& args) {
    currentHealth(cli, cli.ws()); // raises and clears the alerts for conditions health sees
    QJsonArray list = reportAlerts(cli, cli.ws().catalog(), args.has(QStringLiteral("all")));
    if (cli.json)
        cli.printJson(list);
    else if (list.isEmpty())
        cli.say(QStringLiteral("No open alerts."));
    return CliContext::Success;
}

QString checkAlertId(const CliArguments& args) {
    bool ok = false;
    args.words.value(0).toLongLong(&ok);
    return ok ? QString() : QStringLiteral("alerts clear takes an alert id (a number)");
}

int cmdAlertsClear(CliContext& cli, CliArguments& args) {
    const qint64 id = args.words[0].toLongLong();
    Status s = clearAlert(cli.ws().catalog(), id, cli.clock->nowMs());
    if (!s)
        return cli.fail(s);
    return cli.done({{QStringLiteral("cleared"), double(id)}},
                    QStringLiteral("Alert %1 cleared.").arg(id));
}

} // namespace

QList<CliCommand> alertCommands() {
    return {
        {{QStringLiteral("alerts")},
         QStringLiteral("[--all]"),
         {flag(QStringLiteral("all"))},
         0,
         0,
         true,
         QStringLiteral("open alerts (with --all, cleared ones too)"),
         cmdAlerts},
        {{QStringLiteral("alerts"), QStringLiteral("clear")},
         QStringLiteral("ID"),
         {},
         1,
         1,
         true,
         QStringLiteral("acknowledge an alert (it stays in the history)"),
         cmdAlertsClear,
         checkAlertId},
    };
}

} // namespace tidemark
