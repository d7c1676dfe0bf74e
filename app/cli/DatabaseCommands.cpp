// `db add|list|show|set|drop`: the databases a workspace protects.
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "Reports.h"
#include "TextTable.h"
#include "core/Units.h"
#include "workspace/JobDefinitions.h"
#include "workspace/JobRunner.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

int cmdDbAdd(CliContext& cli, CliArguments& args) {
    const qint64 maxSize = args.has(QStringLiteral("max-size"))
                               ? args.value(QStringLiteral("max-size")).toLongLong()
                               : -1;
    QString warning;
    auto added =
        cli.ws().addDatabase(args.words[0], args.value(QStringLiteral("file")), maxSize, &warning);
    if (!added)
        return cli.fail(added.status());
    if (!warning.isEmpty())
        cli.err << "warning: " << warning << "\n";
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("name")] = added->name;
        o[QStringLiteral("uuid")] = added->uuid;
        o[QStringLiteral("file")] = added->file;
        o[QStringLiteral("max_size")] = double(added->maxSize);
        o[QStringLiteral("warning")] = warning.isEmpty() ? QJsonValue() : QJsonValue(warning);
        cli.printJson(o);
    } else {
        cli.say(QStringLiteral("Registered %1 (%2).").arg(added->name, added->file));
    }
    return CliContext::Success;
}

int cmdDbSet(CliContext& cli, CliArguments& args) {
    const qint64 maxSize = args.value(QStringLiteral("max-size")).toLongLong();
    Status s = cli.ws().setMaxSize(args.words[0], maxSize);
    if (!s)
        return cli.fail(s);
    QJsonObject o;
    o[QStringLiteral("database")] = args.words[0];
    o[QStringLiteral("max_size")] = double(maxSize);
    return cli.done(o, QStringLiteral("%1: max data size (free backup allowance) %2 from now on.")
                           .arg(args.words[0], humanBytes(maxSize)));
}

int cmdDbDrop(CliContext& cli, CliArguments& args) {
    JobContext context;
    auto gone = std::make_shared<DatabaseInfo>();
    const DatabaseInfo& dropped = *gone;
    Status s = JobRunner::runNow(cli.ws().catalog(), *cli.clock,
                                 dropJob(cli.ws(), args.words[0], gone), context);
    if (!s)
        return cli.fail(s);
    QJsonObject o;
    o[QStringLiteral("database")] = dropped.name;
    o[QStringLiteral("dropped")] = formatTime(dropped.droppedMs);
    return cli.done(o, QStringLiteral("%1 is no longer protected (dropped at %2); its backups stay "
                                      "for its retention period: restore them with 'restore %1 "
                                      "--deleted --to TIME --as NEW --file PATH'.")
                           .arg(dropped.name, formatTime(dropped.droppedMs)));
}

// `db list` and `db show NAME`: the same rows, one or all.
int printDatabases(CliContext& cli, CliArguments& args, bool show) {
    Catalog& catalog = cli.ws().catalog();
    QList<DatabaseInfo> list;
    if (show) {
        auto one = cli.findDatabase(args.words[0]);
        if (!one)
            return cli.fail(one.status());
        list << *one;
    } else {
        list = catalog.databases();
    }
    QHash<QString, DatabaseHealth> health;
    for (const DatabaseHealth& h : currentHealth(cli, cli.ws()))
        health.insert(h.uuid, h);
    QJsonArray array;
    QList<QStringList> rows;
    for (const DatabaseInfo& d : list) {
        QList<BackupInfo> backups = catalog.backups(d.uuid);
        const DatabaseHealth h = health.value(d.uuid);
        const RestoreWindow& w = h.window;
        QJsonObject o;
        o[QStringLiteral("name")] = d.name;
        o[QStringLiteral("uuid")] = d.uuid;
        o[QStringLiteral("file")] = d.file;
        o[QStringLiteral("max_size")] = double(d.maxSize);
        o[QStringLiteral("added")] = formatTime(d.addedMs);
        o[QStringLiteral("journal_mode")] = d.journalMode;
        o[QStringLiteral("page_size")] = d.pageSize;
        o[QStringLiteral("backups")] = int(backups.size());
        o[QStringLiteral("encrypted")] = cli.ws().vault().encrypted();
        o[QStringLiteral("earliest")] =
            w.empty() ? QJsonValue() : QJsonValue(formatTime(w.earliestMs));
        o[QStringLiteral("latest")] = w.empty() ? QJsonValue() : QJsonValue(formatTime(w.latestMs));
        const QJsonObject verdict = healthJson(h);
        o[QStringLiteral("health")] = verdict.value(QStringLiteral("health"));
        o[QStringLiteral("reasons")] = verdict.value(QStringLiteral("reasons"));
        array.append(o);
        rows << QStringList{d.name,
                            healthStateText(h.state),
                            d.journalMode,
                            QString::number(backups.size()),
                            w.empty() ? QStringLiteral("-") : formatTime(w.latestMs),
                            d.file};
    }
    if (cli.json) {
        if (show)
            cli.printJson(array.first());
        else
            cli.printJson(array);
    } else if (show) {
        const QJsonObject o = array.first().toObject();
        for (const QString& k : o.keys())
            cli.out << k.leftJustified(14) << o.value(k).toVariant().toString() << "\n";
    } else {
        cli.out << textTable({QStringLiteral("NAME"), QStringLiteral("HEALTH"),
                              QStringLiteral("JOURNAL"), QStringLiteral("BACKUPS"),
                              QStringLiteral("LATEST POINT"), QStringLiteral("FILE")},
                             rows);
        if (!cli.ws().vault().encrypted())
            cli.out << "(vault NOT ENCRYPTED)\n";
    }
    return CliContext::Success;
}

int cmdDbList(CliContext& cli, CliArguments& args) {
    return printDatabases(cli, args, false);
}

int cmdDbShow(CliContext& cli, CliArguments& args) {
    return printDatabases(cli, args, true);
}

} // namespace

QList<CliCommand> databaseCommands() {
    const CliOption maxSize = [] {
        CliOption o =
            numberOption(QStringLiteral("max-size"), 0, std::numeric_limits<qint64>::max());
        o.valueName = QStringLiteral("BYTES");
        return o;
    }();
    return {
        {{QStringLiteral("db"), QStringLiteral("add")},
         QStringLiteral("NAME --file PATH [--max-size BYTES]"),
         {textOption(QStringLiteral("file"), QStringLiteral("PATH")).mandatory(), maxSize},
         1,
         1,
         true,
         QStringLiteral("register a SQLite file under NAME"),
         cmdDbAdd},
        {{QStringLiteral("db"), QStringLiteral("list")},
         {},
         {},
         0,
         0,
         true,
         QStringLiteral("the protected databases with their health and restore window"),
         cmdDbList},
        {{QStringLiteral("db"), QStringLiteral("show")},
         QStringLiteral("NAME"),
         {},
         1,
         1,
         true,
         QStringLiteral("one protected database with its health and restore window"),
         cmdDbShow},
        {{QStringLiteral("db"), QStringLiteral("set")},
         QStringLiteral("NAME --max-size BYTES"),
         {maxSize.mandatory()},
         1,
         1,
         true,
         QStringLiteral("change the max data size (the free backup allowance) from now on"),
         cmdDbSet},
        {{QStringLiteral("db"), QStringLiteral("drop")},
         QStringLiteral("NAME"),
         {},
         1,
         1,
         true,
         QStringLiteral("stop protecting NAME (a final log backup; its backups stay)"),
         cmdDbDrop},
    };
}

} // namespace tidemark
