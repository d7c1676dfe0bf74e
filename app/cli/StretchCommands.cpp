// tidemark-cli credential and stretch commands.

#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"

#include "Passphrase.h"
#include "TextTable.h"
#include "core/ErrorMessages.h"
#include "stretch/Stretch.h"
#include "workspace/JobRunner.h"
#include "workspace/StorageCredentials.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

QJsonValue timeOrNull(qint64 ms) {
    return ms >= 0 ? QJsonValue(formatTime(ms)) : QJsonValue();
}

QJsonObject statusJson(const StretchStatus& s) {
    QJsonArray tables;
    for (const StretchTableStatus& t : s.tables) {
        QJsonObject o;
        o[QStringLiteral("table")] = t.table;
        o[QStringLiteral("predicate")] = t.predicate;
        o[QStringLiteral("remote_file")] = t.remoteFile;
        o[QStringLiteral("local_rows")] = double(t.localRows);
        o[QStringLiteral("eligible_rows")] = double(t.eligibleRows);
        o[QStringLiteral("staging_rows")] = double(t.stagingRows);
        o[QStringLiteral("remote_rows")] =
            t.remoteRows >= 0 ? QJsonValue(double(t.remoteRows)) : QJsonValue();
        o[QStringLiteral("batch_rows")] = t.batchRows;
        o[QStringLiteral("state")] = t.state;
        if (!t.lastError.isEmpty())
            o[QStringLiteral("error")] = t.lastError;
        tables.append(o);
    }
    QJsonObject o;
    o[QStringLiteral("database")] = s.database;
    o[QStringLiteral("linked")] = s.linked;
    o[QStringLiteral("note")] = s.note;
    o[QStringLiteral("credential")] = s.credential;
    o[QStringLiteral("rpo_hours")] = s.rpoHours;
    o[QStringLiteral("restored_from")] =
        s.restoredFrom.isEmpty() ? QJsonValue() : QJsonValue(s.restoredFrom);
    o[QStringLiteral("restored_to")] = timeOrNull(s.restoredToMs);
    o[QStringLiteral("tables")] = tables;
    o[QStringLiteral("reconciliation")] = s.reconciliation.toJson();
    o[QStringLiteral("snapshots")] = int(s.snapshots.size());
    return o;
}

QJsonObject snapshotJson(const RemoteSnapshot& s) {
    QJsonObject o;
    o[QStringLiteral("id")] = s.id;
    o[QStringLiteral("taken")] = formatTime(s.takenMs);
    o[QStringLiteral("bytes")] = double(s.bytes);
    return o;
}

QString reportText(const ReconciliationReport& r) {
    QString text = QStringLiteral("Reconciliation %1: removed %2 rows from the remote endpoint, "
                                  "re-inserted %3 from staging; %4.")
                       .arg(r.state)
                       .arg(r.removed)
                       .arg(r.reinserted)
                       .arg(r.message);
    if (!r.unrecoverable.isEmpty())
        text += QStringLiteral("\n%1 rows could not be recovered (older than the RPO duration):\n  "
                               "%2")
                    .arg(r.unrecoverable.size())
                    .arg(r.unrecoverable.join(QStringLiteral("\n  ")));
    return text;
}

// The stretch tables of the open workspace.
Stretch stretchOf(CliContext& cli) {
    return cli.ws().stretch(cli.ws().catalog());
}

int storeStorageCredential(CliContext& cli, const QString& name, const QString& account,
                           const QByteArray& secret) {
    auto replaced =
        StorageCredentials::store(cli.ws().dir(), cli.ws().vault(), name, account, secret);
    if (!replaced)
        return cli.fail(replaced.status());
    QString text = QStringLiteral("Credential %1 stored for storage account %2, sealed under the "
                                  "vault's key in the workspace folder.")
                       .arg(name, account);
    if (!replaced->isEmpty())
        text += QStringLiteral(" It replaces credential %1.").arg(*replaced);
    return cli.done({{QStringLiteral("credential"), name},
                     {QStringLiteral("storage_account"), account},
                     {QStringLiteral("replaced"), *replaced}},
                    text);
}

int cmdCredentialCreate(CliContext& cli, CliArguments& args) {
    auto secret = readSecret(args.value(QStringLiteral("secret-file")));
    if (!secret)
        return cli.fail(secret.status());
    if (args.has(QStringLiteral("storage-account")))
        return storeStorageCredential(cli, args.words[0],
                                      args.value(QStringLiteral("storage-account")), *secret);
    Status s = stretchOf(cli).createCredential(args.words[0], *secret);
    if (!s)
        return cli.fail(s);
    return cli.done(
        {{QStringLiteral("credential"), args.words[0]}},
        QStringLiteral("Credential %1 stored, sealed under the vault's key.").arg(args.words[0]));
}

int stretchReconcile(CliContext& cli, Workspace& ws, const QString& database, bool wait) {
    if (!wait)
        return cli.done(
            {{QStringLiteral("database"), database},
             {QStringLiteral("state"), QStringLiteral("pending")}},
            QStringLiteral("Reconciliation of %1 is pending; the agent runs it.").arg(database));
    JobRunner runner(ws, 1);
    ReconciliationReport report;
    auto job = runner.submit(QStringLiteral("stretch-reconcile"), database,
                             [&](Catalog& catalog, JobContext& context, QString* summary) {
                                 auto r = ws.stretch(catalog).reconcile(database, context);
                                 if (!r)
                                     return r.status();
                                 report = *r;
                                 *summary = r->message;
                                 return Status::ok();
                             });
    job->wait();
    if (!job->status)
        return cli.fail(job->status);
    if (cli.json)
        cli.printJson(report.toJson());
    cli.say(reportText(report));
    if (report.state == QStringLiteral("completed"))
        return CliContext::Success;
    return report.state == QStringLiteral("completed_with_losses") ? CliContext::WithErrors
                                                                   : CliContext::Failure;
}

int printStretchStatus(CliContext& cli, Workspace& ws, const QString& database) {
    auto status = ws.stretch(ws.catalog()).status(database);
    if (!status)
        return cli.fail(status.status());
    if (cli.json) {
        cli.printJson(statusJson(*status));
        return CliContext::Success;
    }
    cli.say(QStringLiteral("%1: %2; remote endpoint %3; RPO %4 h")
                .arg(status->database,
                     status->linked ? QStringLiteral("linked")
                                    : QStringLiteral("NOT linked (%1)").arg(status->note),
                     status->remoteFile)
                .arg(status->rpoHours));
    QList<QStringList> rows;
    for (const StretchTableStatus& t : status->tables)
        rows.append({t.table, t.state, QString::number(t.localRows),
                     QString::number(t.eligibleRows), QString::number(t.stagingRows),
                     t.remoteRows >= 0 ? QString::number(t.remoteRows) : QStringLiteral("-"),
                     t.predicate});
    cli.out << textTable({QStringLiteral("TABLE"), QStringLiteral("STATE"), QStringLiteral("LOCAL"),
                          QStringLiteral("ELIGIBLE"), QStringLiteral("STAGING"),
                          QStringLiteral("REMOTE"), QStringLiteral("PREDICATE")},
                         rows);
    const ReconciliationReport& r = status->reconciliation;
    if (r.state != QStringLiteral("none"))
        cli.say(QStringLiteral("Reconciliation: %1 (restored to %2, removed %3, re-inserted %4, "
                               "unrecoverable %5)")
                    .arg(r.state,
                         r.restoredToMs >= 0 ? formatTime(r.restoredToMs) : QStringLiteral("-"))
                    .arg(r.removed)
                    .arg(r.reinserted)
                    .arg(r.unrecoverable.size()));
    return CliContext::Success;
}

int cmdStretchEnable(CliContext& cli, CliArguments& args) {
    const QString& name = args.words[0];
    Workspace& w = cli.ws();
    Stretch stretch = stretchOf(cli);
    const int batchRows = args.value(QStringLiteral("batch-rows"), QStringLiteral("5000")).toInt();
    Status s = stretch.enable(
        name, args.value(QStringLiteral("table")), args.value(QStringLiteral("predicate")),
        args.value(QStringLiteral("remote")), args.value(QStringLiteral("credential")), batchRows);
    if (!s)
        return cli.fail(s);
    cli.say(QStringLiteral("Stretch enabled for %1.%2; the agent migrates eligible rows in "
                           "batches of %3 (or run 'stretch migrate %1').")
                .arg(name, args.value(QStringLiteral("table")))
                .arg(batchRows));
    return cli.json ? printStretchStatus(cli, w, name) : CliContext::Success;
}

int cmdStretchMigrate(CliContext& cli, CliArguments& args) {
    const QString& name = args.words[0];
    Workspace& w = cli.ws();
    const int batches = args.value(QStringLiteral("batches"), QStringLiteral("0")).toInt();
    MigrationReport report;
    JobContext context;
    Status s =
        runRecordedJob(w.catalog(), *cli.clock, QStringLiteral("stretch-migrate"), name, context,
                       [&](Catalog& catalog, JobContext& job, QString* summary) {
                           auto r = w.stretch(catalog).migrate(name, batches, job);
                           if (!r)
                               return r.status();
                           report = *r;
                           *summary =
                               QStringLiteral("%1 rows in %2 batches").arg(r->rows).arg(r->batches);
                           return Status::ok();
                       });
    if (!s)
        return cli.fail(s);
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("batches")] = report.batches;
        o[QStringLiteral("rows")] = double(report.rows);
        o[QStringLiteral("recovered")] = report.recovered;
        o[QStringLiteral("purged_staging")] = double(report.purgedStaging);
        cli.printJson(o);
    }
    cli.say(QStringLiteral("Migrated %1 rows in %2 batches (%3 interrupted batches finished, %4 "
                           "staging rows purged).")
                .arg(report.rows)
                .arg(report.batches)
                .arg(report.recovered)
                .arg(report.purgedStaging));
    return CliContext::Success;
}

int setPaused(CliContext& cli, CliArguments& args, bool pause) {
    const QString& name = args.words[0];
    Workspace& w = cli.ws();
    Status s = w.stretch(w.catalog()).setPaused(name, args.value(QStringLiteral("table")), pause);
    if (!s)
        return cli.fail(s);
    QJsonObject o;
    o[QStringLiteral("database")] = name;
    o[QStringLiteral("table")] = args.has(QStringLiteral("table"))
                                     ? QJsonValue(args.value(QStringLiteral("table")))
                                     : QJsonValue();
    o[QStringLiteral("paused")] = pause;
    return cli.done(o,
                    QStringLiteral("Migration of %1 %2.")
                        .arg(name, pause ? QStringLiteral("paused") : QStringLiteral("resumed")));
}

int cmdStretchPause(CliContext& cli, CliArguments& args) {
    return setPaused(cli, args, true);
}

int cmdStretchResume(CliContext& cli, CliArguments& args) {
    return setPaused(cli, args, false);
}

int cmdStretchRpo(CliContext& cli, CliArguments& args) {
    const QString& name = args.words[0];
    Stretch stretch = stretchOf(cli);
    if (args.has(QStringLiteral("hours"))) {
        const int hours = args.value(QStringLiteral("hours")).toInt();
        if (Status s = stretch.setRpoHours(name, hours); !s)
            return cli.fail(s);
    }
    auto hours = stretch.rpoHours(name);
    if (!hours)
        return cli.fail(hours.status());
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("database")] = name;
        o[QStringLiteral("rpo_hours")] = *hours;
        cli.printJson(o);
    }
    cli.say(QStringLiteral("RPO duration of %1: %2 hours (migrated rows stay in staging at least "
                           "that long).")
                .arg(name)
                .arg(*hours));
    return CliContext::Success;
}

int cmdStretchReauthorize(CliContext& cli, CliArguments& args) {
    const QString& name = args.words[0];
    Workspace& w = cli.ws();
    Stretch stretch = stretchOf(cli);
    const bool withCopy = args.has(QStringLiteral("with-copy"));
    const bool takeOver = args.has(QStringLiteral("take-over"));
    Status s = stretch.reauthorize(name, args.value(QStringLiteral("credential")),
                                   withCopy   ? Stretch::Endpoint::WithCopy
                                   : takeOver ? Stretch::Endpoint::TakeOver
                                              : Stretch::Endpoint::Relink);
    if (!s)
        return cli.fail(s);
    cli.say(QStringLiteral("%1 is linked to its remote endpoint%2.")
                .arg(name,
                     withCopy ? QStringLiteral(" (its own copy of the remote data)") : QString()));
    return stretchReconcile(cli, w, name, !args.has(QStringLiteral("no-wait")));
}

int cmdStretchBatches(CliContext& cli, CliArguments& args) {
    const QString& name = args.words[0];
    Stretch stretch = stretchOf(cli);
    auto status = stretch.status(name);
    if (!status)
        return cli.fail(status.status());
    QJsonArray array;
    QList<QStringList> rows;
    for (const BatchStatus& b : status->recentBatches) {
        QJsonObject o;
        o[QStringLiteral("id")] = b.id;
        o[QStringLiteral("table")] = b.table;
        o[QStringLiteral("state")] = b.state;
        o[QStringLiteral("rows")] = double(b.rows);
        o[QStringLiteral("start")] = formatTime(b.startMs);
        o[QStringLiteral("end")] = timeOrNull(b.endMs);
        o[QStringLiteral("error")] = b.error.isEmpty() ? QJsonValue() : QJsonValue(b.error);
        array.append(o);
        rows.append({b.id, b.table, b.state, QString::number(b.rows), formatTime(b.startMs),
                     b.endMs >= 0 ? formatTime(b.endMs) : QStringLiteral("-"), b.error});
    }
    if (cli.json)
        cli.printJson(array);
    else
        cli.out << textTable({QStringLiteral("BATCH"), QStringLiteral("TABLE"),
                              QStringLiteral("STATE"), QStringLiteral("ROWS"),
                              QStringLiteral("START"), QStringLiteral("END"),
                              QStringLiteral("ERROR")},
                             rows);
    return CliContext::Success;
}

int cmdStretchQuery(CliContext& cli, CliArguments& args) {
    const QString& name = args.words[0];
    Stretch stretch = stretchOf(cli);
    auto result = stretch.query(name, args.words[1]);
    if (!result)
        return cli.fail(result.status());
    if (cli.json) {
        QJsonArray rows;
        for (const QVariantList& row : result->rows)
            rows.append(QJsonArray::fromVariantList(row));
        QJsonObject o;
        o[QStringLiteral("columns")] = QJsonArray::fromStringList(result->columns);
        o[QStringLiteral("rows")] = rows;
        cli.printJson(o);
        return CliContext::Success;
    }
    cli.out << result->columns.join(u'\t') << "\n";
    for (const QVariantList& row : result->rows) {
        QStringList cells;
        for (const QVariant& v : row)
            cells << (v.isNull() ? QStringLiteral("NULL") : v.toString());
        cli.out << cells.join(u'\t') << "\n";
    }
    return CliContext::Success;
}

int cmdStretchSnapshot(CliContext& cli, CliArguments& args) {
    const QString& name = args.words[0];
    Stretch stretch = stretchOf(cli);
    auto s = stretch.snapshot(name);
    if (!s)
        return cli.fail(s.status());
    if (cli.json)
        cli.printJson(snapshotJson(*s));
    cli.say(QStringLiteral("Remote snapshot %1 stored in the vault.").arg(s->id));
    return CliContext::Success;
}

int cmdStretchSnapshots(CliContext& cli, CliArguments& args) {
    const QString& name = args.words[0];
    Stretch stretch = stretchOf(cli);
    auto list = stretch.snapshots(name);
    if (!list)
        return cli.fail(list.status());
    QJsonArray array;
    for (const RemoteSnapshot& s : *list) {
        array.append(snapshotJson(s));
        cli.say(QStringLiteral("%1  %2  %3 bytes").arg(s.id, formatTime(s.takenMs)).arg(s.bytes));
    }
    if (cli.json)
        cli.printJson(array);
    return CliContext::Success;
}

int cmdStretchRestoreRemote(CliContext& cli, CliArguments& args) {
    const QString& name = args.words[0];
    Stretch stretch = stretchOf(cli);
    Status s = stretch.restoreRemote(name, args.value(QStringLiteral("snapshot")));
    if (!s)
        return cli.fail(s);
    QJsonObject o;
    o[QStringLiteral("database")] = name;
    o[QStringLiteral("snapshot")] = args.value(QStringLiteral("snapshot"));
    return cli.done(o, QStringLiteral("The remote endpoint of %1 was restored to snapshot %2; %1 "
                                      "is not linked until 'stretch reauthorize' reconciles it.")
                           .arg(name, args.value(QStringLiteral("snapshot"))));
}
int cmdStretchReconcile(CliContext& cli, CliArguments& args) {
    return stretchReconcile(cli, cli.ws(), args.words[0], true);
}

int cmdStretchStatus(CliContext& cli, CliArguments& args) {
    return printStretchStatus(cli, cli.ws(), args.words[0]);
}

QString checkReauthorize(const CliArguments& args) {
    return args.has(QStringLiteral("with-copy")) && args.has(QStringLiteral("take-over"))
               ? QStringLiteral("stretch reauthorize takes --with-copy or --take-over, not both")
               : QString();
}

} // namespace

QList<CliCommand> stretchCommands() {
    auto stretch = [](const char* verb, const char* operands, QList<CliOption> options,
                      const char* help, CliCommand::Handler run) {
        const QString words = QString::fromLatin1(operands);
        return CliCommand{{QStringLiteral("stretch"), QString::fromLatin1(verb)},
                          words,
                          options,
                          words.startsWith(QStringLiteral("NAME SQL")) ? 2 : 1,
                          words.startsWith(QStringLiteral("NAME SQL")) ? 2 : 1,
                          true,
                          QString::fromLatin1(help),
                          run};
    };
    const CliOption table = textOption(QStringLiteral("table"), QStringLiteral("T"));
    const CliOption credential =
        textOption(QStringLiteral("credential"), QStringLiteral("C")).mandatory();
    CliCommand reauthorize =
        stretch("reauthorize", "NAME --credential C [--with-copy|--take-over] [--no-wait]",
                {credential, flag(QStringLiteral("with-copy")), flag(QStringLiteral("take-over")),
                 flag(QStringLiteral("no-wait"))},
                "link a restored database to its remote endpoint again, then reconcile",
                cmdStretchReauthorize);
    reauthorize.check = checkReauthorize;
    return {
        {{QStringLiteral("credential"), QStringLiteral("create")},
         QStringLiteral("NAME [--secret-file F] [--storage-account ACCOUNT]"),
         {textOption(QStringLiteral("secret-file"), QStringLiteral("F")),
          textOption(QStringLiteral("storage-account"), QStringLiteral("ACCOUNT"))},
         1,
         1,
         true,
         QStringLiteral("store a secret for linking remote endpoints, or a storage account's "
                        "credential (never from the command line)"),
         cmdCredentialCreate},
        stretch("enable",
                "NAME --table T --predicate EXPR --remote DIR --credential C [--batch-rows N]",
                {table.mandatory(),
                 textOption(QStringLiteral("predicate"), QStringLiteral("EXPR")).mandatory(),
                 textOption(QStringLiteral("remote"), QStringLiteral("DIR")).mandatory(),
                 credential, numberOption(QStringLiteral("batch-rows"), 1)},
                "make T a stretch table: rows matching EXPR migrate to the remote endpoint",
                cmdStretchEnable),
        stretch("migrate", "NAME [--batches N]", {numberOption(QStringLiteral("batches"), 0)},
                "run pending migration batches now", cmdStretchMigrate),
        stretch("pause", "NAME [--table T]", {table}, "pause migration", cmdStretchPause),
        stretch("resume", "NAME [--table T]", {table}, "resume migration", cmdStretchResume),
        stretch("rpo", "NAME [--hours N]",
                // Below the engine's minimum is a range error: exit 2, like every other.
                {numberOption(QStringLiteral("hours"), Stretch::kMinRpoHours)},
                "show or set how long migrated rows stay in staging", cmdStretchRpo),
        stretch("status", "NAME", {}, "per table: local, eligible, staging and remote rows",
                cmdStretchStatus),
        stretch("batches", "NAME [--limit N]", {numberOption(QStringLiteral("limit"), 1)},
                "recent migration batches", cmdStretchBatches),
        stretch("query", "NAME SQL", {}, "one read-only statement over local plus remote rows",
                cmdStretchQuery),
        reauthorize,
        stretch("reconcile", "NAME", {}, "run or resume a pending reconciliation now",
                cmdStretchReconcile),
        stretch("snapshot", "NAME", {}, "snapshot the remote endpoint into the vault now",
                cmdStretchSnapshot),
        stretch("snapshots", "NAME", {}, "list the remote snapshots", cmdStretchSnapshots),
        stretch("restore-remote", "NAME --snapshot ID",
                {textOption(QStringLiteral("snapshot"), QStringLiteral("ID")).mandatory()},
                "replace the remote endpoint with a snapshot", cmdStretchRestoreRemote),
    };
}

} // namespace tidemark
