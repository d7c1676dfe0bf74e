// The workspace as a whole: init, status, redundancy, replication, the catalog, jobs, gc,
// the passphrase and the demo.
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "Passphrase.h"
#include "Reports.h"
#include "TextTable.h"
#include "retention/VaultGc.h"
#include "workspace/CatalogSync.h"
#include "workspace/DemoData.h"
#include "workspace/JobDefinitions.h"
#include "workspace/JobRunner.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

// Shorter passphrases fall to guessing even through scrypt.
constexpr int kMinPassphrase = 8;

const QStringList kRedundancyKinds = {QStringLiteral("LRS"), QStringLiteral("ZRS"),
                                      QStringLiteral("GRS"), QStringLiteral("GZRS")};

void redundancyFrom(const CliArguments& args, const QString& kind, RedundancyConfig* out) {
    if (!kind.isEmpty())
        parseRedundancy(kind, &out->kind); // the table took only the four kinds
    out->locations = args.values(QStringLiteral("location"));
    out->secondary = args.value(QStringLiteral("secondary"));
    out->copies = args.value(QStringLiteral("copies"), QStringLiteral("1")).toInt();
}

int cmdInit(CliContext& cli, CliArguments& args) {
    RedundancyConfig redundancy;
    redundancyFrom(args, args.value(QStringLiteral("redundancy")), &redundancy);
    redundancy.denyGeo = args.has(QStringLiteral("deny-geo"));
    if (redundancy.locations.isEmpty() && redundancy.zoned())
        return cli.fail(Status::invalidArgument(
            QStringLiteral("%1 writes to three zone locations: give --location three times")
                .arg(redundancyName(redundancy.kind))));
    if (redundancy.geo() && redundancy.denyGeo)
        return cli.fail(redundancy.validate());
    std::optional<QByteArray> pass;
    if (!args.has(QStringLiteral("no-encryption"))) {
        auto read = readPassphrase(cli.passphraseFile, true);
        if (!read)
            return cli.fail(read.status());
        if (!read->has_value())
            return cli.fail(Status::invalidArgument(QStringLiteral(
                "a passphrase is needed to encrypt the vault: give --passphrase-file, set "
                "TIDEMARK_PASSPHRASE, run from a terminal, or choose --no-encryption")));
        if (read->value().size() < kMinPassphrase)
            return cli.fail(Status::invalidArgument(
                QStringLiteral("the passphrase is too short: use at least %1 characters")
                    .arg(kMinPassphrase)));
        pass = *read;
    }
    auto ws = Workspace::create(cli.workspaceDir, redundancy, pass ? &*pass : nullptr, cli.clock);
    if (!ws)
        return cli.fail(ws.status());
    bool encrypted = (*ws)->vault().encrypted();
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("workspace")] = (*ws)->dir();
        o[QStringLiteral("vault")] = (*ws)->vault().root();
        o[QStringLiteral("encrypted")] = encrypted;
        o[QStringLiteral("encryption")] =
            encrypted ? QStringLiteral("aes-256-gcm") : QStringLiteral("none");
        o[QStringLiteral("redundancy")] = redundancyName((*ws)->redundancy().kind);
        cli.printJson(o);
    } else {
        cli.say(QStringLiteral("Workspace %1 ready; vault at %2 (%3).")
                    .arg((*ws)->dir(), (*ws)->vault().root(),
                         encrypted ? QStringLiteral("encrypted with AES-256-GCM")
                                   : QStringLiteral("NOT ENCRYPTED: checksummed only")));
    }
    return CliContext::Success;
}

QString checkRedundancy(const CliArguments& args) {
    if (!args.words.isEmpty()) {
        RedundancyKind kind;
        if (!parseRedundancy(args.words[0], &kind))
            return QStringLiteral("redundancy must be LRS, ZRS, GRS or GZRS");
    } else if (!args.options.isEmpty()) {
        return QStringLiteral("give the kind: redundancy LRS|ZRS|GRS|GZRS [options]");
    }
    return {};
}

int cmdRedundancy(CliContext& cli, CliArguments& args) {
    if (!args.words.isEmpty()) {
        RedundancyConfig next;
        redundancyFrom(args, args.words[0], &next);
        Status s = cli.ws().setRedundancy(next);
        if (!s)
            return cli.fail(s);
    }
    return printStatus(cli, cli.ws());
}

int cmdStatus(CliContext& cli, CliArguments&) {
    return printStatus(cli, cli.ws());
}

int cmdReplicate(CliContext& cli, CliArguments&) {
    auto replicated = std::make_shared<ReplicationStatus>();
    const ReplicationStatus& result = *replicated;
    JobContext context;
    Status s = JobRunner::runNow(cli.ws().catalog(), *cli.clock, replicateJob(cli.ws(), replicated),
                                 context);
    if (!s)
        return cli.fail(s);
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("copied_files")] = result.copiedFiles;
        o[QStringLiteral("removed_files")] = result.removedFiles;
        o[QStringLiteral("pending_backups")] = result.pendingBackups;
        o[QStringLiteral("replication_lag_seconds")] = double(result.lagMs) / 1000.0;
        cli.printJson(o);
    } else {
        cli.say(QStringLiteral("Secondary up to date: %1 files copied, %2 removed.")
                    .arg(result.copiedFiles)
                    .arg(result.removedFiles));
    }
    return CliContext::Success;
}

int cmdPassphraseChange(CliContext& cli, CliArguments& args) {
    std::optional<QByteArray> next;
    if (args.has(QStringLiteral("new-passphrase-file"))) {
        auto read = readPassphrase(args.value(QStringLiteral("new-passphrase-file")), false);
        if (!read)
            return cli.fail(read.status());
        next = *read;
    } else if (QByteArray env = qgetenv("TIDEMARK_NEW_PASSPHRASE"); !env.isEmpty()) {
        next = env;
    }
    if (!next || next->size() < kMinPassphrase)
        return cli.fail(Status::invalidArgument(
            QStringLiteral("give the new passphrase (at least %1 characters) with "
                           "--new-passphrase-file or TIDEMARK_NEW_PASSPHRASE")
                .arg(kMinPassphrase)));
    Status s = cli.ws().changePassphrase(*next);
    if (!s)
        return cli.fail(s);
    return cli.done({{QStringLiteral("passphrase_changed"), true}},
                    QStringLiteral("Passphrase changed: the master key is wrapped anew; no "
                                   "backup was rewritten."));
}

int cmdCatalogRebuild(CliContext& cli, CliArguments&) {
    auto report = rebuildCatalog(cli.ws().vault(), cli.ws().catalog());
    if (!report)
        return cli.fail(report.status());
    JobContext context;
    // The job record mirrors the report, which is printed below whatever the outcome.
    const Status recorded = runRecordedJob(
        cli.ws().catalog(), *cli.clock, QStringLiteral("catalog-rebuild"),
        QStringLiteral("catalog"), context, [&](Catalog&, JobContext&, QString* summary) {
            *summary = QStringLiteral("%1 databases, %2 backups, %3 packs")
                           .arg(report->databases)
                           .arg(report->backups)
                           .arg(report->packs);
            return report->problems.isEmpty() ? Status::ok()
                                              : Status::corruption(report->problems.first());
        });
    ignoreStatus(recorded, "the report below says the same");
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("databases")] = report->databases;
        o[QStringLiteral("backups")] = report->backups;
        o[QStringLiteral("packs")] = report->packs;
        o[QStringLiteral("blobs")] = double(report->blobs);
        o[QStringLiteral("problems")] = QJsonArray::fromStringList(report->problems);
        cli.printJson(o);
    } else {
        cli.say(
            QStringLiteral("Catalog rebuilt from the vault: %1 databases, %2 backups, %3 packs.")
                .arg(report->databases)
                .arg(report->backups)
                .arg(report->packs));
    }
    for (const QString& p : report->problems)
        cli.err << "tidemark-cli: problem: " << p << "\n";
    return report->problems.isEmpty() ? CliContext::Success : CliContext::WithErrors;
}

int cmdJobs(CliContext& cli, CliArguments& args) {
    const int limit = args.value(QStringLiteral("limit"), QStringLiteral("20")).toInt();
    QJsonArray array;
    QList<QStringList> rows;
    for (const JobInfo& j : cli.ws().catalog().jobs(limit)) {
        QJsonObject o;
        o[QStringLiteral("id")] = double(j.id);
        o[QStringLiteral("kind")] = j.kind;
        o[QStringLiteral("target")] = j.target;
        o[QStringLiteral("start")] = formatTime(j.startMs);
        o[QStringLiteral("end")] = j.endMs < 0 ? QJsonValue() : QJsonValue(formatTime(j.endMs));
        o[QStringLiteral("status")] = j.status;
        o[QStringLiteral("message")] = j.message;
        o[QStringLiteral("log")] = j.log;
        o[QStringLiteral("result")] = j.result.isEmpty() ? QJsonValue() : QJsonValue(j.result);
        array.append(o);
        rows << QStringList{QString::number(j.id), j.kind,   j.target,
                            formatTime(j.startMs), j.status, j.message};
    }
    if (cli.json)
        cli.printJson(array);
    else
        cli.out << textTable({QStringLiteral("ID"), QStringLiteral("KIND"),
                              QStringLiteral("TARGET"), QStringLiteral("START"),
                              QStringLiteral("STATUS"), QStringLiteral("MESSAGE")},
                             rows);
    return CliContext::Success;
}

int cmdGc(CliContext& cli, CliArguments& args) {
    const qint64 grace =
        args.value(QStringLiteral("grace-minutes"), QStringLiteral("60")).toLongLong();
    GcReport report =
        collectGarbage(cli.ws().vault(), cli.ws().catalog(), cli.clock->nowMs(), grace * 60 * 1000);
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("orphan_packs")] = report.orphanPacks;
        o[QStringLiteral("temporary_files")] = report.temporaryFiles;
        o[QStringLiteral("bytes_freed")] = double(report.bytesFreed);
        o[QStringLiteral("problems")] = QJsonArray::fromStringList(report.problems);
        cli.printJson(o);
    } else {
        cli.say(QStringLiteral("Removed %1 orphan packs and %2 temporary files (%3).")
                    .arg(report.orphanPacks)
                    .arg(report.temporaryFiles)
                    .arg(humanBytes(report.bytesFreed)));
    }
    for (const QString& p : report.problems)
        cli.err << "tidemark-cli: problem: " << p << "\n";
    return report.problems.isEmpty() ? CliContext::Success : CliContext::WithErrors;
}

int cmdDemo(CliContext& cli, CliArguments& args) {
    DemoOptions options;
    if (args.has(QStringLiteral("days")))
        options.days = args.value(QStringLiteral("days")).toInt();
    options.geo = args.value(QStringLiteral("redundancy"), QStringLiteral("GRS"))
                      .compare(QStringLiteral("GRS"), Qt::CaseInsensitive) == 0;
    if (Workspace::existsAt(cli.workspaceDir))
        return cli.fail(Status::alreadyExists(
            QStringLiteral("%1 is already a workspace; the demo builds a new one (choose another "
                           "folder with --workspace)")
                .arg(cli.workspaceDir)));
    auto pass = readPassphrase(cli.passphraseFile, true);
    if (!pass)
        return cli.fail(pass.status());
    if (!pass->has_value())
        return cli.fail(Status::invalidArgument(
            QStringLiteral("the demo workspace will be encrypted: give a passphrase with "
                           "--passphrase-file or TIDEMARK_PASSPHRASE")));
    int passes = 0;
    options.log = [&](const QString& line) {
        if (!line.contains(QStringLiteral(": dropped")) && ++passes % 200 != 0)
            return;
        cli.say(line);
    };
    auto report = buildDemoWorkspace(cli.workspaceDir, pass->value(), cli.clock->nowMs(), options);
    if (!report)
        return cli.fail(report.status());
    QJsonObject o;
    o[QStringLiteral("workspace")] = cli.workspaceDir;
    o[QStringLiteral("databases")] = report->databases;
    o[QStringLiteral("backups")] = report->backups;
    o[QStringLiteral("drills")] = report->drills;
    o[QStringLiteral("days")] = options.days;
    return cli.done(o, QStringLiteral("Demo workspace ready at %1: %2 databases (and a dropped "
                                      "one), %3 backups and %4 restore drills over %5 simulated "
                                      "days.")
                           .arg(cli.workspaceDir)
                           .arg(report->databases)
                           .arg(report->backups)
                           .arg(report->drills)
                           .arg(options.days));
}

} // namespace

QList<CliCommand> workspaceCommands() {
    const QList<CliOption> locations = {
        textOption(QStringLiteral("location"), QStringLiteral("DIR")),
        textOption(QStringLiteral("secondary"), QStringLiteral("DIR")),
        numberOption(QStringLiteral("copies"), 1, 5)};
    return {
        {{QStringLiteral("init")},
         QStringLiteral("[--location DIR]... [--secondary DIR] [--redundancy LRS|ZRS|GRS|GZRS] "
                        "[--copies N] [--deny-geo] [--no-encryption]"),
         locations + QList<CliOption>{choiceOption(QStringLiteral("redundancy"), kRedundancyKinds),
                                      flag(QStringLiteral("deny-geo")),
                                      flag(QStringLiteral("no-encryption"))},
         0,
         0,
         false,
         QStringLiteral("create the workspace and its vault"),
         cmdInit},
        {{QStringLiteral("status")},
         {},
         {},
         0,
         0,
         true,
         QStringLiteral("redundancy, replication lag, and every database's health and capture"),
         cmdStatus},
        {{QStringLiteral("redundancy")},
         QStringLiteral("[LRS|ZRS|GRS|GZRS [--location DIR]... [--secondary DIR] [--copies N]]"),
         locations,
         0,
         1,
         true,
         QStringLiteral("show or change redundancy (applies to future backups)"),
         cmdRedundancy,
         checkRedundancy},
        {{QStringLiteral("replicate")},
         {},
         {},
         0,
         0,
         true,
         QStringLiteral("bring the geo secondary up to date now"),
         cmdReplicate},
        {{QStringLiteral("passphrase"), QStringLiteral("change")},
         QStringLiteral("[--new-passphrase-file F]"),
         {textOption(QStringLiteral("new-passphrase-file"), QStringLiteral("F"))},
         0,
         0,
         true,
         QStringLiteral("wrap the master key under a new passphrase"),
         cmdPassphraseChange},
        {{QStringLiteral("catalog"), QStringLiteral("rebuild")},
         {},
         {},
         0,
         0,
         true,
         QStringLiteral("recreate the catalog from the vault alone"),
         cmdCatalogRebuild},
        {{QStringLiteral("jobs")},
         QStringLiteral("[--limit N]"),
         {numberOption(QStringLiteral("limit"), 1)},
         0,
         0,
         true,
         QStringLiteral("recent jobs with outcome, log and structured result"),
         cmdJobs},
        {{QStringLiteral("gc")},
         QStringLiteral("[--grace-minutes N]"),
         {numberOption(QStringLiteral("grace-minutes"), 0)},
         0,
         0,
         true,
         QStringLiteral("remove what crashed or failed backups left behind"),
         cmdGc},
        {{QStringLiteral("demo")},
         QStringLiteral("[--days N] [--redundancy LRS|GRS]"),
         {numberOption(QStringLiteral("days"), 2, 90),
          choiceOption(QStringLiteral("redundancy"),
                       {QStringLiteral("LRS"), QStringLiteral("GRS")})},
         0,
         0,
         false,
         QStringLiteral("build a new demo workspace over simulated days"),
         cmdDemo},
    };
}

} // namespace tidemark
