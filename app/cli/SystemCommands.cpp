// `system backup|backups|restore`: the workspace's own catalog and key material in its vault.
#include "CliApplication.h"

#include "Passphrase.h"
#include "workspace/JobRunner.h"
#include "workspace/SystemBackup.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {

int CliApplication::cmdSystem(CliArguments& args) {
    const QString form = args.words.value(0);
    const bool restore = form == QStringLiteral("restore");
    if (args.words.size() != 1 ||
        !QStringList{QStringLiteral("backup"), QStringLiteral("backups"), QStringLiteral("restore")}
             .contains(form) ||
        !args.unknownOption(restore ? QSet<QString>{QStringLiteral("from")} : QSet<QString>{})
             .isEmpty() ||
        (restore && args.value(QStringLiteral("from")).isEmpty()))
        return usage(
            QStringLiteral("system backup | system backups | system restore --from VAULTDIR"));
    if (restore) {
        auto pass = readPassphrase(passphraseFile_, false);
        if (!pass)
            return fail(pass.status());
        auto report = restoreSystem(workspaceDir_, args.value(QStringLiteral("from")),
                                    pass->has_value() ? &pass->value() : nullptr, clock_);
        if (!report)
            return fail(report.status());
        if (json_) {
            QJsonObject o;
            o[QStringLiteral("system_backup")] = report->systemBackupId;
            o[QStringLiteral("taken")] = formatTime(report->systemBackupMs);
            o[QStringLiteral("databases")] = report->databases;
            o[QStringLiteral("backups")] = report->backups;
            o[QStringLiteral("jobs")] = report->jobs;
            o[QStringLiteral("redundancy_kept")] = report->redundancyKept;
            o[QStringLiteral("keys_recovered")] = report->keysRecovered;
            printJson(o);
        } else {
            say(QStringLiteral("Workspace %1 restored from system backup %2 (taken %3): %4 "
                               "databases, %5 backups, %6 jobs in the history.%7%8")
                    .arg(workspaceDir_, report->systemBackupId, formatTime(report->systemBackupMs))
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
        return Success;
    }
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    if (form == QStringLiteral("backups")) {
        QJsonArray list;
        for (const SystemBackupInfo& b : listSystemBackups((*ws)->vault())) {
            QJsonObject o;
            o[QStringLiteral("id")] = b.id;
            o[QStringLiteral("taken")] = formatTime(b.atMs);
            o[QStringLiteral("bytes")] = double(b.bytes);
            list.append(o);
            say(QStringLiteral("%1  %2  %3 bytes").arg(b.id, formatTime(b.atMs)).arg(b.bytes));
        }
        if (json_)
            printJson(list);
        return Success;
    }
    SystemBackupInfo info;
    JobContext context;
    Status s = runRecordedJob((*ws)->catalog(), *clock_, QStringLiteral("system-backup"),
                              QStringLiteral("workspace"), context,
                              [&](Catalog& catalog, JobContext&, QString* summary) {
                                  auto r = backupSystem(**ws, catalog);
                                  if (!r)
                                      return r.status();
                                  info = *r;
                                  *summary = QStringLiteral("system backup %1").arg(r->id);
                                  return Status::ok();
                              });
    if (!s)
        return fail(s);
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("id")] = info.id;
        o[QStringLiteral("taken")] = formatTime(info.atMs);
        o[QStringLiteral("bytes")] = double(info.bytes);
        printJson(o);
    } else {
        say(QStringLiteral("System backup %1: the catalog and the key material are in the vault "
                           "(%2 bytes, sealed).")
                .arg(info.id)
                .arg(info.bytes));
    }
    return Success;
}

} // namespace tidemark
