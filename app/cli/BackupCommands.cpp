// `backup` (one database, or a backup set) and `backups` (what a database has).
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "Interrupt.h"
#include "Reports.h"
#include "TextTable.h"
#include "billing/Consumption.h"
#include "core/ErrorMessages.h"
#include "core/Units.h"
#include "workspace/JobDefinitions.h"
#include "workspace/JobRunner.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

int cmdBackup(CliContext& cli, CliArguments& args) {
    BackupType type = BackupType::Full;
    parseBackupType(args.value(QStringLiteral("type")).toLower(), &type); // the table checked it
    Workspace* workspace = &cli.ws();
    JobRunner runner(*workspace, 1);
    struct Entry {
        QString name;
        std::shared_ptr<Job> job;
        std::shared_ptr<BackupInfo> result = std::make_shared<BackupInfo>();
    };
    QList<Entry> entries;
    for (const QString& name : args.words) {
        Entry e;
        e.name = name;
        entries.append(e);
    }
    for (Entry& e : entries)
        e.job =
            runner.submit(backupJob(*workspace, e.name, type, JobTrigger::Manual, {}, e.result));
    int failed = 0;
    QJsonArray array;
    for (Entry& e : entries) {
        waitInterruptible(runner, e.job);
        QJsonObject o;
        o[QStringLiteral("database")] = e.name;
        o[QStringLiteral("requested_type")] = backupTypeName(type);
        if (e.job->status.isOk()) {
            o[QStringLiteral("id")] = e.result->id;
            o[QStringLiteral("type")] = backupTypeName(e.result->type);
            o[QStringLiteral("status")] = QStringLiteral("succeeded");
            o[QStringLiteral("logical_bytes")] = double(e.result->logicalBytes);
            o[QStringLiteral("stored_bytes")] = double(e.result->storedBytes);
            o[QStringLiteral("snapshot")] = formatTime(e.result->snapshotMs);
            if (!e.result->note.isEmpty())
                o[QStringLiteral("note")] = e.result->note;
            cli.say(QStringLiteral("%1: %2 backup %3 (%4 of pages, %5 stored)%6")
                        .arg(e.name, backupTypeName(e.result->type), e.result->id,
                             humanBytes(e.result->logicalBytes), humanBytes(e.result->storedBytes),
                             e.result->note.isEmpty() ? QString()
                                                      : QStringLiteral(" - ") + e.result->note));
        } else {
            ++failed;
            o[QStringLiteral("type")] = backupTypeName(type);
            o[QStringLiteral("status")] = e.job->status.isCancelled() ? QStringLiteral("cancelled")
                                                                      : QStringLiteral("failed");
            o[QStringLiteral("error")] = userMessage(e.job->status);
            cli.err << "tidemark-cli: " << e.name << ": " << userMessage(e.job->status) << "\n";
        }
        array.append(o);
    }
    if (cli.json)
        cli.printJson(array);
    if (failed < entries.size())
        cli.note(recordUsage(workspace->vault(), workspace->catalog(), workspace->redundancy().kind,
                             cli.clock->nowMs()),
                 QStringLiteral("storage use was not measured"));
    if (failed == 0)
        return CliContext::Success;
    if (failed == entries.size())
        return CliContext::Failure;
    cli.say(QStringLiteral("Backup set completed with errors: %1 of %2 failed.")
                .arg(failed)
                .arg(entries.size()));
    return CliContext::WithErrors;
}

int cmdBackups(CliContext& cli, CliArguments& args) {
    auto db = cli.findDatabase(args.words[0]);
    if (!db)
        return cli.fail(db.status());
    if (args.has(QStringLiteral("commits")))
        return printCommits(cli, cli.ws(), *db);
    QJsonArray array;
    QList<QStringList> rows;
    for (const BackupInfo& b : cli.ws().catalog().backups(db->uuid)) {
        array.append(backupJson(b));
        rows << QStringList{b.id,
                            backupTypeName(b.type),
                            formatTime(b.snapshotMs),
                            formatTime(b.endMs),
                            humanBytes(b.logicalBytes),
                            humanBytes(b.storedBytes),
                            b.status};
    }
    if (cli.json)
        cli.printJson(array);
    else
        cli.out << textTable({QStringLiteral("ID"), QStringLiteral("TYPE"), QStringLiteral("POINT"),
                              QStringLiteral("END"), QStringLiteral("LOGICAL"),
                              QStringLiteral("STORED"), QStringLiteral("STATUS")},
                             rows);
    return CliContext::Success;
}

} // namespace

QList<CliCommand> backupCommands() {
    return {
        {{QStringLiteral("backup")},
         QStringLiteral("NAME... --type full|diff|log"),
         {choiceOption(QStringLiteral("type"),
                       {QStringLiteral("full"), QStringLiteral("diff"), QStringLiteral("log"),
                        QStringLiteral("differential")})
              .mandatory()},
         1,
         -1,
         true,
         QStringLiteral("one backup now; several names make a backup set"),
         cmdBackup},
        {{QStringLiteral("backups")},
         QStringLiteral("NAME [--commits]"),
         {flag(QStringLiteral("commits"))},
         1,
         1,
         true,
         QStringLiteral("list backups (with --commits, the captured commits)"),
         cmdBackups},
    };
}

} // namespace tidemark
