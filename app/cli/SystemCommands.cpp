// `system backup|backups|restore`: the workspace's own catalog and key material in its vault.
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"

#include "Passphrase.h"
#include "workspace/JobRunner.h"
#include "workspace/SystemBackup.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

int cmdSystemRestore(CliContext& cli, CliArguments& args) {
    auto pass = readPassphrase(cli.passphraseFile, false);
    if (!pass)
        return cli.fail(pass.status());
    auto report = restoreSystem(cli.workspaceDir, args.value(QStringLiteral("from")),
                                pass->has_value() ? &pass->value() : nullptr, cli.clock);
    if (!report)
        return cli.fail(report.status());
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("system_backup")] = report->systemBackupId;
        o[QStringLiteral("taken")] = formatTime(report->systemBackupMs);
        o[QStringLiteral("databases")] = report->databases;
        o[QStringLiteral("backups")] = report->backups;
        o[QStringLiteral("jobs")] = report->jobs;
        o[QStringLiteral("redundancy_kept")] = report->redundancyKept;
        o[QStringLiteral("keys_recovered")] = report->keysRecovered;
        cli.printJson(o);
    } else {
        cli.say(
            QStringLiteral("Workspace %1 restored from system backup %2 (taken %3): %4 "
                           "databases, %5 backups, %6 jobs in the history.%7%8")
                .arg(cli.workspaceDir, report->systemBackupId, formatTime(report->systemBackupMs))
                .arg(report->databases)
                .arg(report->backups)
                .arg(report->jobs)
                .arg(report->redundancyKept
                         ? QString()
                         : QStringLiteral(" Redundancy was reset to the one location given; "
                                          "set it again with 'redundancy'."),
                     report->keysRecovered
                         ? QStringLiteral(" The vault's key material was put back from the "
                                          "system backup.")
                         : QString()));
    }
    return CliContext::Success;
}

int cmdSystemBackups(CliContext& cli, CliArguments&) {
    QJsonArray list;
    for (const SystemBackupInfo& b : listSystemBackups(cli.ws().vault())) {
        QJsonObject o;
        o[QStringLiteral("id")] = b.id;
        o[QStringLiteral("taken")] = formatTime(b.atMs);
        o[QStringLiteral("bytes")] = double(b.bytes);
        list.append(o);
        cli.say(QStringLiteral("%1  %2  %3 bytes").arg(b.id, formatTime(b.atMs)).arg(b.bytes));
    }
    if (cli.json)
        cli.printJson(list);
    return CliContext::Success;
}

int cmdSystemBackup(CliContext& cli, CliArguments&) {
    SystemBackupInfo info;
    JobContext context;
    Status s = runRecordedJob(cli.ws().catalog(), *cli.clock, QStringLiteral("system-backup"),
                              QStringLiteral("workspace"), context,
                              [&](Catalog& catalog, JobContext&, QString* summary) {
                                  auto r = backupSystem(cli.ws(), catalog);
                                  if (!r)
                                      return r.status();
                                  info = *r;
                                  *summary = QStringLiteral("system backup %1").arg(r->id);
                                  return Status::ok();
                              });
    if (!s)
        return cli.fail(s);
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("id")] = info.id;
        o[QStringLiteral("taken")] = formatTime(info.atMs);
        o[QStringLiteral("bytes")] = double(info.bytes);
        cli.printJson(o);
    } else {
        cli.say(
            QStringLiteral("System backup %1: the catalog and the key material are in the vault "
                           "(%2 bytes, sealed).")
                .arg(info.id)
                .arg(info.bytes));
    }
    return CliContext::Success;
}

} // namespace

QList<CliCommand> systemCommands() {
    return {
        {{QStringLiteral("system"), QStringLiteral("backup")},
         {},
         {},
         0,
         0,
         true,
         QStringLiteral("put the catalog, configuration and key material into the vault"),
         cmdSystemBackup},
        {{QStringLiteral("system"), QStringLiteral("backups")},
         {},
         {},
         0,
         0,
         true,
         QStringLiteral("list the system backups in the vault"),
         cmdSystemBackups},
        {{QStringLiteral("system"), QStringLiteral("restore")},
         QStringLiteral("--from VAULTDIR"),
         {textOption(QStringLiteral("from"), QStringLiteral("VAULTDIR")).mandatory()},
         0,
         0,
         false,
         QStringLiteral("make a new workspace from the newest system backup in a vault"),
         cmdSystemRestore},
    };
}

} // namespace tidemark
