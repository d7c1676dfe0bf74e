// tidemark-cli credential and stretch commands.

#include "CliApplication.h"

#include "Passphrase.h"
#include "TextTable.h"
#include "core/ErrorMessages.h"
#include "stretch/Stretch.h"
#include "workspace/JobRunner.h"
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

} // namespace

int CliApplication::cmdCredential(CliArguments& args) {
    if (args.words.size() != 2 || args.words[0] != QStringLiteral("create"))
        return usage(QStringLiteral("credential create NAME [--secret-file F]"));
    if (QString bad = args.unknownOption({QStringLiteral("secret-file")}); !bad.isEmpty())
        return usage(QStringLiteral("credential create does not take --%1 (secrets come from "
                                    "--secret-file or a prompt)")
                         .arg(bad));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto secret = readSecret(args.value(QStringLiteral("secret-file")));
    if (!secret)
        return fail(secret.status());
    Status s = (*ws)->stretch((*ws)->catalog()).createCredential(args.words[1], *secret);
    if (!s)
        return fail(s);
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("credential")] = args.words[1];
        printJson(o);
    }
    say(QStringLiteral("Credential %1 stored, sealed under the vault's key.").arg(args.words[1]));
    return Success;
}

int CliApplication::stretchReconcile(Workspace& ws, const QString& database, bool wait) {
    if (!wait) {
        say(QStringLiteral("Reconciliation of %1 is pending; the agent runs it.").arg(database));
        return Success;
    }
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
        return fail(job->status);
    if (json_)
        printJson(report.toJson());
    say(reportText(report));
    if (report.state == QStringLiteral("completed"))
        return Success;
    return report.state == QStringLiteral("completed_with_losses") ? WithErrors : Failure;
}

int CliApplication::printStretchStatus(Workspace& ws, const QString& database) {
    auto status = ws.stretch(ws.catalog()).status(database);
    if (!status)
        return fail(status.status());
    if (json_) {
        printJson(statusJson(*status));
        return Success;
    }
    say(QStringLiteral("%1: %2; remote endpoint %3; RPO %4 h")
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
    out_ << textTable({QStringLiteral("TABLE"), QStringLiteral("STATE"), QStringLiteral("LOCAL"),
                       QStringLiteral("ELIGIBLE"), QStringLiteral("STAGING"),
                       QStringLiteral("REMOTE"), QStringLiteral("PREDICATE")},
                      rows);
    const ReconciliationReport& r = status->reconciliation;
    if (r.state != QStringLiteral("none"))
        say(QStringLiteral("Reconciliation: %1 (restored to %2, removed %3, re-inserted %4, "
                           "unrecoverable %5)")
                .arg(r.state,
                     r.restoredToMs >= 0 ? formatTime(r.restoredToMs) : QStringLiteral("-"))
                .arg(r.removed)
                .arg(r.reinserted)
                .arg(r.unrecoverable.size()));
    return Success;
}

int CliApplication::cmdStretch(CliArguments& args) {
    const QString usageText = QStringLiteral(
        "stretch enable|migrate|pause|resume|rpo|reauthorize|reconcile|status|batches|query|"
        "snapshot|snapshots|restore-remote NAME ...");
    if (args.words.size() < 2)
        return usage(usageText);
    const QString verb = args.words[0];
    const QString name = args.words[1];
    static const QMap<QString, QSet<QString>> kOptions = {
        {QStringLiteral("enable"),
         {QStringLiteral("table"), QStringLiteral("predicate"), QStringLiteral("remote"),
          QStringLiteral("credential"), QStringLiteral("batch-rows")}},
        {QStringLiteral("migrate"), {QStringLiteral("batches")}},
        {QStringLiteral("pause"), {QStringLiteral("table")}},
        {QStringLiteral("resume"), {QStringLiteral("table")}},
        {QStringLiteral("rpo"), {QStringLiteral("hours")}},
        {QStringLiteral("reauthorize"),
         {QStringLiteral("credential"), QStringLiteral("with-copy"), QStringLiteral("take-over"),
          QStringLiteral("no-wait")}},
        {QStringLiteral("reconcile"), {}},
        {QStringLiteral("status"), {}},
        {QStringLiteral("batches"), {QStringLiteral("limit")}},
        {QStringLiteral("query"), {}},
        {QStringLiteral("snapshot"), {}},
        {QStringLiteral("snapshots"), {}},
        {QStringLiteral("restore-remote"), {QStringLiteral("snapshot")}},
    };
    if (!kOptions.contains(verb))
        return usage(usageText);
    if (QString bad = args.unknownOption(kOptions.value(verb)); !bad.isEmpty())
        return usage(QStringLiteral("stretch %1 does not take --%2").arg(verb, bad));
    if (args.words.size() != (verb == QStringLiteral("query") ? 3 : 2))
        return usage(verb == QStringLiteral("query") ? QStringLiteral("stretch query NAME SQL")
                                                     : usageText);
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    Workspace& w = **ws;
    Stretch stretch = w.stretch(w.catalog());

    if (verb == QStringLiteral("enable")) {
        for (const char* required : {"table", "predicate", "remote", "credential"}) {
            if (args.value(QLatin1String(required)).isEmpty())
                return usage(
                    QStringLiteral("stretch enable needs --%1").arg(QLatin1String(required)));
        }
        bool ok = true;
        int batchRows = args.value(QStringLiteral("batch-rows"), QStringLiteral("5000")).toInt(&ok);
        if (!ok || batchRows < 1)
            return usage(QStringLiteral("--batch-rows takes a positive number"));
        Status s = stretch.enable(name, args.value(QStringLiteral("table")),
                                  args.value(QStringLiteral("predicate")),
                                  args.value(QStringLiteral("remote")),
                                  args.value(QStringLiteral("credential")), batchRows);
        if (!s)
            return fail(s);
        say(QStringLiteral("Stretch enabled for %1.%2; the agent migrates eligible rows in "
                           "batches of %3 (or run 'stretch migrate %1').")
                .arg(name, args.value(QStringLiteral("table")))
                .arg(batchRows));
        return json_ ? printStretchStatus(w, name) : Success;
    }
    if (verb == QStringLiteral("migrate")) {
        bool ok = true;
        int batches = args.value(QStringLiteral("batches"), QStringLiteral("0")).toInt(&ok);
        if (!ok || batches < 0)
            return usage(QStringLiteral("--batches takes a number"));
        MigrationReport report;
        JobContext context;
        Status s = runRecordedJob(
            w.catalog(), *clock_, QStringLiteral("stretch-migrate"), name, context,
            [&](Catalog& catalog, JobContext& job, QString* summary) {
                auto r = w.stretch(catalog).migrate(name, batches, job);
                if (!r)
                    return r.status();
                report = *r;
                *summary = QStringLiteral("%1 rows in %2 batches").arg(r->rows).arg(r->batches);
                return Status::ok();
            });
        if (!s)
            return fail(s);
        if (json_) {
            QJsonObject o;
            o[QStringLiteral("batches")] = report.batches;
            o[QStringLiteral("rows")] = double(report.rows);
            o[QStringLiteral("recovered")] = report.recovered;
            o[QStringLiteral("purged_staging")] = double(report.purgedStaging);
            printJson(o);
        }
        say(QStringLiteral("Migrated %1 rows in %2 batches (%3 interrupted batches finished, %4 "
                           "staging rows purged).")
                .arg(report.rows)
                .arg(report.batches)
                .arg(report.recovered)
                .arg(report.purgedStaging));
        return Success;
    }
    if (verb == QStringLiteral("pause") || verb == QStringLiteral("resume")) {
        Status s = stretch.setPaused(name, args.value(QStringLiteral("table")),
                                     verb == QStringLiteral("pause"));
        if (!s)
            return fail(s);
        say(QStringLiteral("Migration of %1 %2.")
                .arg(name, verb == QStringLiteral("pause") ? QStringLiteral("paused")
                                                           : QStringLiteral("resumed")));
        return Success;
    }
    if (verb == QStringLiteral("rpo")) {
        if (args.has(QStringLiteral("hours"))) {
            bool ok = true;
            int hours = args.value(QStringLiteral("hours")).toInt(&ok);
            if (!ok)
                return usage(QStringLiteral("--hours takes a whole number"));
            if (Status s = stretch.setRpoHours(name, hours); !s)
                return fail(s);
        }
        auto hours = stretch.rpoHours(name);
        if (!hours)
            return fail(hours.status());
        if (json_) {
            QJsonObject o;
            o[QStringLiteral("database")] = name;
            o[QStringLiteral("rpo_hours")] = *hours;
            printJson(o);
        }
        say(QStringLiteral("RPO duration of %1: %2 hours (migrated rows stay in staging at least "
                           "that long).")
                .arg(name)
                .arg(*hours));
        return Success;
    }
    if (verb == QStringLiteral("reauthorize")) {
        if (args.value(QStringLiteral("credential")).isEmpty())
            return usage(QStringLiteral("stretch reauthorize needs --credential"));
        const bool withCopy = args.has(QStringLiteral("with-copy"));
        const bool takeOver = args.has(QStringLiteral("take-over"));
        if (withCopy && takeOver)
            return usage(QStringLiteral("stretch reauthorize takes --with-copy or --take-over, "
                                        "not both"));
        Status s = stretch.reauthorize(name, args.value(QStringLiteral("credential")),
                                       withCopy   ? Stretch::Endpoint::WithCopy
                                       : takeOver ? Stretch::Endpoint::TakeOver
                                                  : Stretch::Endpoint::Relink);
        if (!s)
            return fail(s);
        say(QStringLiteral("%1 is linked to its remote endpoint%2.")
                .arg(name,
                     withCopy ? QStringLiteral(" (its own copy of the remote data)") : QString()));
        return stretchReconcile(w, name, !args.has(QStringLiteral("no-wait")));
    }
    if (verb == QStringLiteral("reconcile"))
        return stretchReconcile(w, name, true);
    if (verb == QStringLiteral("status"))
        return printStretchStatus(w, name);
    if (verb == QStringLiteral("batches")) {
        auto status = stretch.status(name);
        if (!status)
            return fail(status.status());
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
        if (json_)
            printJson(array);
        else
            out_ << textTable({QStringLiteral("BATCH"), QStringLiteral("TABLE"),
                               QStringLiteral("STATE"), QStringLiteral("ROWS"),
                               QStringLiteral("START"), QStringLiteral("END"),
                               QStringLiteral("ERROR")},
                              rows);
        return Success;
    }
    if (verb == QStringLiteral("query")) {
        auto result = stretch.query(name, args.words[2]);
        if (!result)
            return fail(result.status());
        if (json_) {
            QJsonArray rows;
            for (const QVariantList& row : result->rows)
                rows.append(QJsonArray::fromVariantList(row));
            QJsonObject o;
            o[QStringLiteral("columns")] = QJsonArray::fromStringList(result->columns);
            o[QStringLiteral("rows")] = rows;
            printJson(o);
            return Success;
        }
        out_ << result->columns.join(u'\t') << "\n";
        for (const QVariantList& row : result->rows) {
            QStringList cells;
            for (const QVariant& v : row)
                cells << (v.isNull() ? QStringLiteral("NULL") : v.toString());
            out_ << cells.join(u'\t') << "\n";
        }
        return Success;
    }
    if (verb == QStringLiteral("snapshot")) {
        auto s = stretch.snapshot(name);
        if (!s)
            return fail(s.status());
        if (json_)
            printJson(snapshotJson(*s));
        say(QStringLiteral("Remote snapshot %1 stored in the vault.").arg(s->id));
        return Success;
    }
    if (verb == QStringLiteral("snapshots")) {
        auto list = stretch.snapshots(name);
        if (!list)
            return fail(list.status());
        QJsonArray array;
        for (const RemoteSnapshot& s : *list) {
            array.append(snapshotJson(s));
            say(QStringLiteral("%1  %2  %3 bytes").arg(s.id, formatTime(s.takenMs)).arg(s.bytes));
        }
        if (json_)
            printJson(array);
        return Success;
    }
    // restore-remote
    if (args.value(QStringLiteral("snapshot")).isEmpty())
        return usage(QStringLiteral("stretch restore-remote NAME --snapshot ID"));
    Status s = stretch.restoreRemote(name, args.value(QStringLiteral("snapshot")));
    if (!s)
        return fail(s);
    say(QStringLiteral("The remote endpoint of %1 was restored to snapshot %2; %1 is not linked "
                       "until 'stretch reauthorize' reconciles it.")
            .arg(name, args.value(QStringLiteral("snapshot"))));
    return Success;
}

} // namespace tidemark
