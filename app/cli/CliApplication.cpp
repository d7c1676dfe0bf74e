#include "CliApplication.h"

#include "billing/Consumption.h"
#include "billing/Simulator.h"
#include "core/ErrorMessages.h"
#include "retention/LtrStore.h"
#include "workspace/Agent.h"
#include "workspace/AgentLock.h"
#include "workspace/CatalogSync.h"
#include "workspace/DemoData.h"
#include "workspace/Health.h"
#include "workspace/JobDefinitions.h"
#include "workspace/JobRunner.h"
#include "workspace/RestoreDrill.h"

#include "Passphrase.h"
#include "RestorePlanText.h"
#include "TextTable.h"
#include "catalog/RestorePlanner.h"
#include "retention/Scheduler.h"
#include "retention/VaultGc.h"
#include <QFile>

#include "workspace/Workspace.h"
#include <QSysInfo>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <atomic>
#include <chrono>
#include <csignal>

namespace tidemark {
namespace {

std::atomic<bool> gInterrupted{false};
extern "C" void onInterrupt(int) {
    gInterrupted.store(true);
}

const QSet<QString> kFlags = {
    QStringLiteral("json"), QStringLiteral("no-encryption"), QStringLiteral("deep"),
    QStringLiteral("help"), QStringLiteral("deny-geo"),      QStringLiteral("allow-geo"),
    QStringLiteral("geo"),  QStringLiteral("deleted"),       QStringLiteral("commits"),
    QStringLiteral("all"),  QStringLiteral("version")};
const QSet<QString> kStretchFlags = {QStringLiteral("with-copy"), QStringLiteral("take-over"),
                                     QStringLiteral("no-wait")};
const QSet<QString> kRestoreFlags = {QStringLiteral("dry-run")};

// Shorter passphrases fall to guessing even through scrypt.
constexpr int kMinPassphrase = 8;

const char* const kUsage =
    "usage: tidemark-cli [--workspace DIR] [--json] [--now TIME] [--passphrase-file F] COMMAND\n"
    "       tidemark-cli --version | --help\n"
    "commands:\n"
    "  init [--location DIR]... [--secondary DIR] [--redundancy LRS|ZRS|GRS|GZRS] [--copies N]\n"
    "       [--deny-geo] [--no-encryption]\n"
    "  redundancy [LRS|ZRS|GRS|GZRS [--location DIR]... [--secondary DIR] [--copies N]]\n"
    "  status | replicate\n"
    "  policy --deny-geo|--allow-geo\n"
    "  db add NAME --file PATH [--max-size BYTES] | db list | db show NAME | db drop NAME\n"
    "  db set NAME --max-size BYTES\n"
    "  backup NAME... --type full|diff|log\n"
    "  backups NAME [--commits]\n"
    "  restore-window NAME\n"
    "  restore NAME (--to TIME [--deleted] | --to-commit N | --ltr ID | --geo) --as NEW\n"
    "          --file PATH | --dry-run\n"
    "  verify [NAME] | verify NAME --deep [--to TIME]\n"
    "  passphrase change [--new-passphrase-file F]\n"
    "  key rotate | key list\n"
    "  system backup | system restore --from VAULTDIR | system backups\n"
    "  alerts [--all] | alerts clear ID\n"
    "  purge [NAME]\n"
    "  catalog rebuild\n"
    "  jobs [--limit N]\n"
    "  gc [--grace-minutes N]\n"
    "  policy NAME [--retention-days N] [--diff-hours 12|24] [--log-minutes M] [--tier "
    "basic|standard]\n"
    "  agent [--until TIME]\n"
    "  ltr NAME [--weekly P4W] [--monthly P12M] [--yearly P5Y] [--week-of-year W] "
    "[--immutable-days N]\n"
    "  ltr-backups [NAME] | ltr-backups delete ID\n"
    "  hold set|clear NAME\n"
    "  consumption NAME [--from T] [--to T] [--by hour|day|month] [--csv FILE]\n"
    "  bill [--month YYYY-MM] [--database NAME]\n"
    "  rates [--pitr KIND=PRICE]... [--ltr KIND=PRICE]... [--currency C]\n"
    "  simulate FILE [--csv FILE]\n"
    "  credential create NAME [--secret-file F]\n"
    "  stretch enable NAME --table T --predicate EXPR --remote DIR --credential C "
    "[--batch-rows N]\n"
    "  stretch migrate NAME [--batches N] | stretch pause|resume NAME [--table T]\n"
    "  stretch rpo NAME [--hours N] | stretch status NAME | stretch batches NAME [--limit N]\n"
    "  stretch reauthorize NAME --credential C [--with-copy|--take-over] [--no-wait]\n"
    "  stretch reconcile NAME\n"
    "  stretch query NAME SQL | stretch snapshot NAME | stretch snapshots NAME\n"
    "  stretch restore-remote NAME --snapshot ID\n"
    "  demo [--days N] [--redundancy LRS|GRS]\n";

// Waits for a job while letting Ctrl-C cancel it.
void waitInterruptible(JobRunner& runner, const std::shared_ptr<Job>& job) {
    while (job->done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
        if (gInterrupted.load())
            runner.cancelAll();
    }
}

} // namespace

int CliApplication::run(const QStringList& arguments) {
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    CliArguments args = CliArguments::parse(arguments, kFlags + kStretchFlags + kRestoreFlags);
    if (!args.error.isEmpty())
        return usage(args.error);
    json_ = args.takeFlag(QStringLiteral("json"));
    workspaceDir_ = args.take(QStringLiteral("workspace"));
    if (workspaceDir_.isEmpty())
        workspaceDir_ = QString::fromLocal8Bit(qgetenv("TIDEMARK_WORKSPACE"));
    if (workspaceDir_.isEmpty())
        workspaceDir_ = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                        QStringLiteral("/tidemark");
    passphraseFile_ = args.take(QStringLiteral("passphrase-file"));
    if (args.has(QStringLiteral("now"))) {
        QString text = args.take(QStringLiteral("now"));
        qint64 ms = parseTime(text);
        if (ms < 0)
            return usage(QStringLiteral("--now needs an ISO 8601 time, not '%1'").arg(text));
        clock_ = std::make_shared<OffsetClock>(ms);
        nowMs_ = ms;
    } else {
        clock_ = std::make_shared<SystemClock>();
    }
    if (args.takeFlag(QStringLiteral("version"))) {
        out_ << "tidemark-cli " << TIDEMARK_VERSION << "\n";
        out_.flush();
        return Success;
    }
    if (args.takeFlag(QStringLiteral("help"))) {
        out_ << kUsage;
        out_.flush();
        return Success;
    }
    if (args.words.isEmpty())
        return usage(QStringLiteral("no command given"));
    int code = dispatch(args);
    out_.flush();
    err_.flush();
    return code;
}

int CliApplication::dispatch(CliArguments& args) {
    QString command = args.words.takeFirst();
    if (command == QStringLiteral("init"))
        return cmdInit(args);
    if (command == QStringLiteral("db"))
        return cmdDb(args);
    if (command == QStringLiteral("backup"))
        return cmdBackup(args);
    if (command == QStringLiteral("backups"))
        return cmdBackups(args);
    if (command == QStringLiteral("restore-window"))
        return cmdRestoreWindow(args);
    if (command == QStringLiteral("restore"))
        return cmdRestore(args);
    if (command == QStringLiteral("verify"))
        return cmdVerify(args);
    if (command == QStringLiteral("catalog"))
        return cmdCatalog(args);
    if (command == QStringLiteral("jobs"))
        return cmdJobs(args);
    if (command == QStringLiteral("demo"))
        return cmdDemo(args);
    if (command == QStringLiteral("gc"))
        return cmdGc(args);
    if (command == QStringLiteral("policy"))
        return cmdPolicy(args);
    if (command == QStringLiteral("agent"))
        return cmdAgent(args);
    if (command == QStringLiteral("ltr"))
        return cmdLtr(args);
    if (command == QStringLiteral("ltr-backups"))
        return cmdLtrBackups(args);
    if (command == QStringLiteral("hold"))
        return cmdHold(args);
    if (command == QStringLiteral("redundancy"))
        return cmdRedundancy(args);
    if (command == QStringLiteral("consumption"))
        return cmdConsumption(args);
    if (command == QStringLiteral("bill"))
        return cmdBill(args);
    if (command == QStringLiteral("rates"))
        return cmdRates(args);
    if (command == QStringLiteral("simulate"))
        return cmdSimulate(args);
    if (command == QStringLiteral("passphrase"))
        return cmdPassphrase(args);
    if (command == QStringLiteral("status"))
        return cmdStatus(args);
    if (command == QStringLiteral("key"))
        return cmdKey(args);
    if (command == QStringLiteral("system"))
        return cmdSystem(args);
    if (command == QStringLiteral("alerts"))
        return cmdAlerts(args);
    if (command == QStringLiteral("purge"))
        return cmdPurge(args);
    if (command == QStringLiteral("replicate"))
        return cmdReplicate(args);
    if (command == QStringLiteral("stretch") || command == QStringLiteral("credential"))
        return command == QStringLiteral("stretch") ? cmdStretch(args) : cmdCredential(args);
    return usage(QStringLiteral("unknown command '%1'").arg(command));
}

int CliApplication::usage(const QString& problem) {
    err_ << "tidemark-cli: " << problem << "\n" << kUsage;
    err_.flush();
    return Usage;
}

int CliApplication::fail(const Status& status) {
    err_ << "tidemark-cli: " << userMessage(status) << "\n";
    err_.flush();
    return Failure;
}

void CliApplication::printJson(const QJsonValue& value) {
    QJsonDocument doc =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    out_ << doc.toJson(QJsonDocument::Indented);
}

void CliApplication::note(const Status& status, const QString& consequence) {
    if (!status)
        err_ << "note: " << consequence << ": " << userMessage(status) << "\n";
}

void CliApplication::say(const QString& text) {
    if (!json_)
        out_ << text << (text.endsWith(QLatin1Char('\n')) ? "" : "\n");
}

Result<std::unique_ptr<Workspace>> CliApplication::openWorkspace() {
    auto pass = readPassphrase(passphraseFile_, false);
    if (!pass)
        return pass.status();
    return Workspace::open(workspaceDir_, pass->has_value() ? &pass->value() : nullptr, clock_);
}

bool CliApplication::redundancyFrom(const CliArguments& args, RedundancyConfig* out) {
    if (args.has(QStringLiteral("redundancy")) &&
        !parseRedundancy(args.value(QStringLiteral("redundancy")), &out->kind))
        return false;
    out->locations = args.values(QStringLiteral("location"));
    out->secondary = args.value(QStringLiteral("secondary"));
    bool ok = true;
    out->copies = args.value(QStringLiteral("copies"), QStringLiteral("1")).toInt(&ok);
    return ok;
}

int CliApplication::cmdRedundancy(CliArguments& args) {
    if (QString bad = args.unknownOption(
            {QStringLiteral("location"), QStringLiteral("secondary"), QStringLiteral("copies")});
        !bad.isEmpty())
        return usage(QStringLiteral("redundancy does not take --%1").arg(bad));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    if (!args.words.isEmpty()) {
        if (args.words.size() != 1)
            return usage(QStringLiteral(
                "redundancy LRS|ZRS|GRS|GZRS [--location DIR]... [--secondary DIR] [--copies N]"));
        RedundancyConfig next;
        CliArguments withKind = args;
        withKind.options[QStringLiteral("redundancy")] = QStringList{args.words[0]};
        if (!redundancyFrom(withKind, &next))
            return usage(QStringLiteral("redundancy must be LRS, ZRS, GRS or GZRS"));
        Status s = (*ws)->setRedundancy(next);
        if (!s)
            return fail(s);
    }
    return printStatus(**ws);
}

int CliApplication::printStatus(Workspace& ws) {
    const RedundancyConfig& r = ws.redundancy();
    QJsonObject o;
    o[QStringLiteral("workspace")] = ws.dir();
    o[QStringLiteral("redundancy")] = redundancyName(r.kind);
    o[QStringLiteral("locations")] = QJsonArray::fromStringList(r.locations);
    o[QStringLiteral("copies")] = r.copies;
    o[QStringLiteral("synchronous_copies")] = QJsonArray::fromStringList(r.synchronousReplicas());
    o[QStringLiteral("secondary")] = r.secondary.isEmpty() ? QJsonValue() : QJsonValue(r.secondary);
    o[QStringLiteral("deny_geo")] = r.denyGeo;
    o[QStringLiteral("encrypted")] = ws.vault().encrypted();
    o[QStringLiteral("degraded")] =
        ws.degraded().isEmpty() ? QJsonValue() : QJsonValue(ws.degraded());
    QString lagText;
    if (auto lag = ws.replicationLag(ws.catalog())) {
        const ReplicationStatus& rs = *lag;
        o[QStringLiteral("replication_lag_seconds")] = double(rs.lagMs) / 1000.0;
        o[QStringLiteral("pending_backups")] = rs.pendingBackups;
        o[QStringLiteral("newest_replicated")] =
            rs.newestReplicatedMs < 0 ? QJsonValue()
                                      : QJsonValue(formatTime(rs.newestReplicatedMs));
        lagText = QStringLiteral("; secondary %1: %2 backups pending, lag %3 s, newest "
                                 "replicated point %4")
                      .arg(r.secondary)
                      .arg(rs.pendingBackups)
                      .arg(double(rs.lagMs) / 1000.0, 0, 'f', 1)
                      .arg(rs.newestReplicatedMs < 0 ? QStringLiteral("none")
                                                     : formatTime(rs.newestReplicatedMs));
    }
    QStringList healthLines;
    o[QStringLiteral("databases")] = healthReport(ws, &healthLines);
    QStringList captureLines;
    o[QStringLiteral("capture")] = captureStatusJson(ws, &captureLines);
    if (json_) {
        o[QStringLiteral("alerts")] = reportAlerts(ws.catalog(), false);
        printJson(o);
    } else {
        say(QStringLiteral("%1 at %2%3%4%5%6")
                .arg(redundancyName(r.kind), r.locations.join(QStringLiteral(", ")),
                     r.synchronousReplicas().isEmpty()
                         ? QString()
                         : QStringLiteral(" (synchronous copies: %1)")
                               .arg(r.synchronousReplicas().join(QStringLiteral(", "))),
                     lagText, r.denyGeo ? QStringLiteral("; geo-redundancy denied") : QString(),
                     ws.degraded().isEmpty() ? QString()
                                             : QStringLiteral("; DEGRADED: ") + ws.degraded()));
        for (const QString& line : healthLines)
            say(line);
        for (const QString& line : captureLines)
            say(line);
        reportAlerts(ws.catalog(), false);
    }
    return Success;
}

int CliApplication::cmdStatus(CliArguments& args) {
    if (!args.words.isEmpty() || !args.unknownOption({}).isEmpty())
        return usage(QStringLiteral("status"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    return printStatus(**ws);
}

int CliApplication::cmdReplicate(CliArguments& args) {
    if (!args.words.isEmpty() || !args.unknownOption({}).isEmpty())
        return usage(QStringLiteral("replicate"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto replicated = std::make_shared<ReplicationStatus>();
    const ReplicationStatus& result = *replicated;
    JobContext context;
    Status s =
        JobRunner::runNow((*ws)->catalog(), *clock_, replicateJob(**ws, replicated), context);
    if (!s)
        return fail(s);
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("copied_files")] = result.copiedFiles;
        o[QStringLiteral("removed_files")] = result.removedFiles;
        o[QStringLiteral("pending_backups")] = result.pendingBackups;
        o[QStringLiteral("replication_lag_seconds")] = double(result.lagMs) / 1000.0;
        printJson(o);
    } else {
        say(QStringLiteral("Secondary up to date: %1 files copied, %2 removed.")
                .arg(result.copiedFiles)
                .arg(result.removedFiles));
    }
    return Success;
}

int CliApplication::cmdConsumption(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("from"), QStringLiteral("to"),
                                          QStringLiteral("by"), QStringLiteral("csv")});
        !bad.isEmpty())
        return usage(QStringLiteral("consumption does not take --%1").arg(bad));
    if (args.words.size() != 1)
        return usage(QStringLiteral("consumption NAME [--from T] [--to T] [--by hour|day|month] "
                                    "[--csv FILE]"));
    QString by = args.value(QStringLiteral("by"), QStringLiteral("hour"));
    UsageGrain grain = by == QStringLiteral("day")     ? UsageGrain::Day
                       : by == QStringLiteral("month") ? UsageGrain::Month
                                                       : UsageGrain::Hour;
    if (by != QStringLiteral("hour") && by != QStringLiteral("day") &&
        by != QStringLiteral("month"))
        return usage(QStringLiteral("--by is hour, day or month"));
    qint64 from =
        args.has(QStringLiteral("from")) ? parseTime(args.value(QStringLiteral("from"))) : 0;
    qint64 to = args.has(QStringLiteral("to")) ? parseTime(args.value(QStringLiteral("to")))
                                               : clock_->nowMs();
    if (from < 0 || to < 0)
        return usage(QStringLiteral("--from and --to need ISO 8601 times"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto db = (*ws)->catalog().findDatabase(args.words[0]);
    if (!db)
        db = (*ws)->catalog().findDroppedDatabase(args.words[0]);
    if (!db)
        return fail(db.status());
    // The current hour is measured now, so a workspace without an agent still has data.
    if (db->droppedMs < 0)
        note(storeSample((*ws)->catalog(), measureUsage((*ws)->vault(), (*ws)->catalog(), *db,
                                                        clock_->nowMs() / 3600000 * 3600000,
                                                        (*ws)->redundancy().kind)),
             QStringLiteral("the current hour was not measured"));
    QList<UsageRow> rows = usageRows((*ws)->catalog(), db->uuid, from, to, grain);
    QJsonArray array;
    QString csv = QStringLiteral("time,database,full_bytes,diff_bytes,log_bytes,ltr_bytes,"
                                 "max_data_bytes,billable_bytes\n");
    QList<QStringList> table;
    for (const UsageRow& r : rows) {
        QJsonObject o;
        o[QStringLiteral("time")] = r.period;
        o[QStringLiteral("database")] = r.database;
        o[QStringLiteral("full_bytes")] = qint64(r.fullBytes);
        o[QStringLiteral("diff_bytes")] = qint64(r.diffBytes);
        o[QStringLiteral("log_bytes")] = qint64(r.logBytes);
        o[QStringLiteral("ltr_bytes")] = qint64(r.ltrBytes);
        o[QStringLiteral("max_data_bytes")] = qint64(r.maxDataBytes);
        o[QStringLiteral("billable_bytes")] = qint64(r.billableBytes);
        array.append(o);
        csv +=
            QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
                .arg(r.period, r.database, QString::number(qint64(r.fullBytes)),
                     QString::number(qint64(r.diffBytes)), QString::number(qint64(r.logBytes)),
                     QString::number(qint64(r.ltrBytes)), QString::number(qint64(r.maxDataBytes)),
                     QString::number(qint64(r.billableBytes)));
        table << QStringList{r.period,
                             humanBytes(qint64(r.fullBytes)),
                             humanBytes(qint64(r.diffBytes)),
                             humanBytes(qint64(r.logBytes)),
                             humanBytes(qint64(r.ltrBytes)),
                             humanBytes(qint64(r.maxDataBytes)),
                             humanBytes(qint64(r.billableBytes))};
    }
    if (args.has(QStringLiteral("csv"))) {
        Status s =
            writeFileDurably(FileSystem::posix(), args.value(QStringLiteral("csv")), csv.toUtf8());
        if (!s)
            return fail(s);
    }
    if (json_)
        printJson(array);
    else
        out_ << textTable({QStringLiteral("TIME"), QStringLiteral("FULL"), QStringLiteral("DIFF"),
                           QStringLiteral("LOG"), QStringLiteral("LTR"),
                           QStringLiteral("FREE ALLOWANCE"), QStringLiteral("BILLABLE")},
                          table);
    return Success;
}

void CliApplication::printBills(const QList<MonthlyBill>& bills, const QString& currency,
                                bool samplePrices) {
    if (json_) {
        QJsonArray months;
        for (const MonthlyBill& b : bills) {
            QJsonObject o;
            o[QStringLiteral("month")] = b.month;
            QJsonArray lines;
            for (const BillLine& l : b.lines) {
                QJsonObject line;
                line[QStringLiteral("database")] = l.database;
                line[QStringLiteral("redundancy")] = redundancyName(l.redundancy);
                line[QStringLiteral("pitr_gb_month")] = l.pitrGbMonth;
                line[QStringLiteral("ltr_gb_month")] = l.ltrGbMonth;
                line[QStringLiteral("billable_gb_month")] = l.billableGbMonth;
                line[QStringLiteral("rate")] = l.rate;
                line[QStringLiteral("ltr_rate")] = l.ltrRate;
                line[QStringLiteral("cost")] = l.cost;
                lines.append(line);
            }
            o[QStringLiteral("lines")] = lines;
            o[QStringLiteral("total")] = b.total;
            o[QStringLiteral("currency")] = currency;
            o[QStringLiteral("sample_prices")] = samplePrices;
            months.append(o);
        }
        // One month asked for (or only one recorded): the object itself, as the contract shows.
        if (months.size() == 1)
            printJson(months.first());
        else
            printJson(months);
        return;
    }
    for (const MonthlyBill& b : bills) {
        QList<QStringList> rows;
        for (const BillLine& l : b.lines)
            rows << QStringList{l.database,
                                redundancyName(l.redundancy),
                                QString::number(l.pitrGbMonth, 'g', 4),
                                QString::number(l.billableGbMonth, 'g', 4),
                                QString::number(l.ltrGbMonth, 'g', 4),
                                QString::number(l.rate, 'f', 4),
                                QString::number(l.cost, 'f', 2)};
        out_ << b.month << "\n"
             << textTable({QStringLiteral("DATABASE"), QStringLiteral("REDUNDANCY"),
                           QStringLiteral("PITR GB-MONTH"), QStringLiteral("BILLABLE"),
                           QStringLiteral("LTR GB-MONTH"), QStringLiteral("RATE"),
                           QStringLiteral("COST")},
                          rows)
             << "total " << QString::number(b.total, 'f', 2) << " " << currency << "\n\n";
    }
    if (samplePrices)
        out_ << "(sample prices; set your own with 'tidemark-cli rates')\n";
}

int CliApplication::cmdBill(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("month"), QStringLiteral("database")});
        !bad.isEmpty())
        return usage(QStringLiteral("bill does not take --%1").arg(bad));
    QString month = args.value(QStringLiteral("month"));
    if (!month.isEmpty() && hoursInMonth(month) == 0)
        return usage(QStringLiteral("--month is YYYY-MM"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    QString uuid;
    if (args.has(QStringLiteral("database"))) {
        auto db = (*ws)->catalog().findDatabase(args.value(QStringLiteral("database")));
        if (!db)
            db = (*ws)->catalog().findDroppedDatabase(args.value(QStringLiteral("database")));
        if (!db)
            return fail(db.status());
        uuid = db->uuid;
    }
    note(recordUsage((*ws)->vault(), (*ws)->catalog(), (*ws)->redundancy().kind, clock_->nowMs()),
         QStringLiteral("the current hour was not measured"));
    Rates rates = storedRates((*ws)->catalog());
    QList<MonthlyBill> bills = monthlyBills((*ws)->catalog(), rates, month, uuid);
    if (bills.isEmpty() && !month.isEmpty())
        bills.append(MonthlyBill{month, {}, 0});
    printBills(bills, rates.currency, rates.samplePrices);
    return Success;
}

int CliApplication::cmdRates(CliArguments& args) {
    if (QString bad = args.unknownOption(
            {QStringLiteral("pitr"), QStringLiteral("ltr"), QStringLiteral("currency")});
        !bad.isEmpty())
        return usage(QStringLiteral("rates does not take --%1").arg(bad));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    Rates rates = storedRates((*ws)->catalog());
    bool changed = false;
    for (const auto& [key, target] : {std::pair{QStringLiteral("pitr"), &rates.pitr},
                                      std::pair{QStringLiteral("ltr"), &rates.ltr}}) {
        for (const QString& item : args.values(key)) {
            QStringList parts = item.split(QLatin1Char('='));
            RedundancyKind kind;
            bool ok = false;
            double price = parts.size() == 2 ? parts[1].toDouble(&ok) : 0;
            if (parts.size() != 2 || !parseRedundancy(parts[0], &kind) || !ok || price < 0)
                return usage(QStringLiteral("--%1 takes KIND=PRICE, like LRS=0.12").arg(key));
            (*target)[kind] = price;
            changed = true;
        }
    }
    if (args.has(QStringLiteral("currency"))) {
        rates.currency = args.value(QStringLiteral("currency"));
        changed = true;
    }
    if (changed) {
        rates.samplePrices = false;
        Status s = storeRates((*ws)->catalog(), rates);
        if (!s)
            return fail(s);
    }
    if (json_) {
        printJson(rates.toJson());
    } else {
        for (RedundancyKind k :
             {RedundancyKind::LRS, RedundancyKind::ZRS, RedundancyKind::GRS, RedundancyKind::GZRS})
            out_ << redundancyName(k) << ": PITR " << rates.pitr.value(k) << ", LTR "
                 << rates.ltr.value(k) << " " << rates.currency << " per GB-month\n";
        if (rates.samplePrices)
            out_ << "(sample prices)\n";
    }
    return Success;
}

int CliApplication::cmdSimulate(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("csv")}); !bad.isEmpty())
        return usage(QStringLiteral("simulate does not take --%1").arg(bad));
    if (args.words.size() != 1)
        return usage(QStringLiteral("simulate FILE [--csv FILE]"));
    QFile file(args.words[0]);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Status::notFound(QStringLiteral("cannot read %1").arg(args.words[0])));
    QJsonParseError error{};
    QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return fail(Status::invalidArgument(QStringLiteral("%1 is not a JSON scenario: %2")
                                                .arg(args.words[0], error.errorString())));
    auto scenario = Scenario::fromJson(doc.object());
    if (!scenario)
        return fail(scenario.status());
    // Prices from the workspace when there is one, else the sample prices.
    Rates rates = Rates::samples();
    if (Workspace::existsAt(workspaceDir_)) {
        if (auto ws = openWorkspace())
            rates = storedRates((*ws)->catalog());
    }
    auto result = simulate(*scenario, rates);
    if (!result)
        return fail(result.status());
    if (args.has(QStringLiteral("csv"))) {
        QString csv = QStringLiteral("time,database,full_bytes,diff_bytes,log_bytes,ltr_bytes,"
                                     "max_data_bytes,billable_bytes,redundancy\n");
        for (const UsageSample& s : result->hours)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9\n")
                       .arg(formatTime(s.hourMs), s.databaseName, QString::number(s.fullBytes),
                            QString::number(s.diffBytes), QString::number(s.logBytes),
                            QString::number(s.ltrBytes), QString::number(s.maxDataBytes),
                            QString::number(s.billableBytes()), redundancyName(s.redundancy));
        Status s =
            writeFileDurably(FileSystem::posix(), args.value(QStringLiteral("csv")), csv.toUtf8());
        if (!s)
            return fail(s);
    }
    if (json_) {
        QJsonArray hours;
        for (const UsageSample& h : result->hours) {
            QJsonObject o;
            o[QStringLiteral("time")] = formatTime(h.hourMs);
            o[QStringLiteral("full_bytes")] = h.fullBytes;
            o[QStringLiteral("diff_bytes")] = h.diffBytes;
            o[QStringLiteral("log_bytes")] = h.logBytes;
            o[QStringLiteral("ltr_bytes")] = h.ltrBytes;
            o[QStringLiteral("max_data_bytes")] = h.maxDataBytes;
            o[QStringLiteral("billable_bytes")] = h.billableBytes();
            o[QStringLiteral("redundancy")] = redundancyName(h.redundancy);
            hours.append(o);
        }
        QJsonArray bills;
        for (const MonthlyBill& b : result->bills) {
            QJsonObject o;
            o[QStringLiteral("month")] = b.month;
            o[QStringLiteral("total")] = b.total;
            QJsonArray lines;
            for (const BillLine& l : b.lines) {
                QJsonObject line;
                line[QStringLiteral("redundancy")] = redundancyName(l.redundancy);
                line[QStringLiteral("pitr_gb_month")] = l.pitrGbMonth;
                line[QStringLiteral("billable_gb_month")] = l.billableGbMonth;
                line[QStringLiteral("ltr_gb_month")] = l.ltrGbMonth;
                line[QStringLiteral("rate")] = l.rate;
                line[QStringLiteral("cost")] = l.cost;
                lines.append(line);
            }
            o[QStringLiteral("lines")] = lines;
            bills.append(o);
        }
        QJsonObject o;
        o[QStringLiteral("currency")] = rates.currency;
        o[QStringLiteral("sample_prices")] = rates.samplePrices;
        o[QStringLiteral("bills")] = bills;
        o[QStringLiteral("hours")] = hours;
        printJson(o);
        return Success;
    }
    printBills(result->bills, rates.currency, rates.samplePrices);
    return Success;
}

int CliApplication::cmdInit(CliArguments& args) {
    if (QString bad =
            args.unknownOption({QStringLiteral("location"), QStringLiteral("secondary"),
                                QStringLiteral("redundancy"), QStringLiteral("no-encryption"),
                                QStringLiteral("copies"), QStringLiteral("deny-geo")});
        !bad.isEmpty())
        return usage(QStringLiteral("init does not take --%1").arg(bad));
    if (!args.words.isEmpty())
        return usage(QStringLiteral("init takes no names"));
    RedundancyConfig redundancy;
    if (!redundancyFrom(args, &redundancy))
        return usage(QStringLiteral("--redundancy must be LRS, ZRS, GRS or GZRS, --copies a "
                                    "number"));
    redundancy.denyGeo = args.has(QStringLiteral("deny-geo"));
    if (redundancy.locations.isEmpty() && redundancy.zoned())
        return fail(Status::invalidArgument(
            QStringLiteral("%1 writes to three zone locations: give --location three times")
                .arg(redundancyName(redundancy.kind))));
    if (redundancy.geo() && redundancy.denyGeo)
        return fail(redundancy.validate());
    std::optional<QByteArray> pass;
    if (!args.has(QStringLiteral("no-encryption"))) {
        auto read = readPassphrase(passphraseFile_, true);
        if (!read)
            return fail(read.status());
        if (!read->has_value())
            return fail(Status::invalidArgument(QStringLiteral(
                "a passphrase is needed to encrypt the vault: give --passphrase-file, set "
                "TIDEMARK_PASSPHRASE, run from a terminal, or choose --no-encryption")));
        if (read->value().size() < kMinPassphrase)
            return fail(Status::invalidArgument(
                QStringLiteral("the passphrase is too short: use at least %1 characters")
                    .arg(kMinPassphrase)));
        pass = *read;
    }
    auto ws = Workspace::create(workspaceDir_, redundancy, pass ? &*pass : nullptr, clock_);
    if (!ws)
        return fail(ws.status());
    bool encrypted = (*ws)->vault().encrypted();
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("workspace")] = (*ws)->dir();
        o[QStringLiteral("vault")] = (*ws)->vault().root();
        o[QStringLiteral("encrypted")] = encrypted;
        o[QStringLiteral("encryption")] =
            encrypted ? QStringLiteral("aes-256-gcm") : QStringLiteral("none");
        o[QStringLiteral("redundancy")] = redundancyName((*ws)->redundancy().kind);
        printJson(o);
    } else {
        say(QStringLiteral("Workspace %1 ready; vault at %2 (%3).")
                .arg((*ws)->dir(), (*ws)->vault().root(),
                     encrypted ? QStringLiteral("encrypted with AES-256-GCM")
                               : QStringLiteral("NOT ENCRYPTED: checksummed only")));
    }
    return Success;
}

int CliApplication::cmdDb(CliArguments& args) {
    if (args.words.isEmpty())
        return usage(QStringLiteral("db needs add, list or show"));
    QString verb = args.words.takeFirst();
    if (verb == QStringLiteral("add")) {
        if (QString bad = args.unknownOption({QStringLiteral("file"), QStringLiteral("max-size")});
            !bad.isEmpty())
            return usage(QStringLiteral("db add does not take --%1").arg(bad));
        if (args.words.size() != 1 || !args.has(QStringLiteral("file")))
            return usage(QStringLiteral("db add NAME --file PATH [--max-size BYTES]"));
        bool ok = true;
        qint64 maxSize = args.has(QStringLiteral("max-size"))
                             ? args.value(QStringLiteral("max-size")).toLongLong(&ok)
                             : -1;
        if (!ok || (args.has(QStringLiteral("max-size")) && maxSize < 0))
            return usage(QStringLiteral("--max-size needs a number of bytes"));
        auto ws = openWorkspace();
        if (!ws)
            return fail(ws.status());
        QString warning;
        auto added = (*ws)->addDatabase(args.words[0], args.value(QStringLiteral("file")), maxSize,
                                        &warning);
        if (!added)
            return fail(added.status());
        if (!warning.isEmpty())
            err_ << "warning: " << warning << "\n";
        if (json_) {
            QJsonObject o;
            o[QStringLiteral("name")] = added->name;
            o[QStringLiteral("uuid")] = added->uuid;
            o[QStringLiteral("file")] = added->file;
            o[QStringLiteral("max_size")] = double(added->maxSize);
            o[QStringLiteral("warning")] = warning.isEmpty() ? QJsonValue() : QJsonValue(warning);
            printJson(o);
        } else {
            say(QStringLiteral("Registered %1 (%2).").arg(added->name, added->file));
        }
        return Success;
    }
    if (verb == QStringLiteral("set")) {
        if (args.words.size() != 1 || !args.has(QStringLiteral("max-size")) ||
            !args.unknownOption({QStringLiteral("max-size")}).isEmpty())
            return usage(QStringLiteral("db set NAME --max-size BYTES"));
        bool ok = false;
        qint64 maxSize = args.value(QStringLiteral("max-size")).toLongLong(&ok);
        if (!ok || maxSize < 0)
            return usage(QStringLiteral("--max-size needs a number of bytes"));
        auto ws = openWorkspace();
        if (!ws)
            return fail(ws.status());
        Status s = (*ws)->setMaxSize(args.words[0], maxSize);
        if (!s)
            return fail(s);
        say(QStringLiteral("%1: max data size (free backup allowance) %2 from now on.")
                .arg(args.words[0], humanBytes(maxSize)));
        return Success;
    }
    if (verb == QStringLiteral("drop")) {
        if (args.words.size() != 1 || !args.unknownOption({}).isEmpty())
            return usage(QStringLiteral("db drop NAME"));
        auto ws = openWorkspace();
        if (!ws)
            return fail(ws.status());
        JobContext context;
        auto gone = std::make_shared<DatabaseInfo>();
        const DatabaseInfo& dropped = *gone;
        Status s = JobRunner::runNow((*ws)->catalog(), *clock_, dropJob(**ws, args.words[0], gone),
                                     context);
        if (!s)
            return fail(s);
        say(QStringLiteral("%1 is no longer protected (dropped at %2); its backups stay for its "
                           "retention period: restore them with 'restore %1 --deleted --to "
                           "TIME --as NEW --file PATH'.")
                .arg(dropped.name, formatTime(dropped.droppedMs)));
        return Success;
    }
    if (verb != QStringLiteral("list") && verb != QStringLiteral("show"))
        return usage(QStringLiteral("unknown db command '%1'").arg(verb));
    if (QString bad = args.unknownOption({}); !bad.isEmpty())
        return usage(QStringLiteral("db %1 does not take --%2").arg(verb, bad));
    if (verb == QStringLiteral("show") && args.words.size() != 1)
        return usage(QStringLiteral("db show NAME"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    Catalog& catalog = (*ws)->catalog();
    QList<DatabaseInfo> list;
    if (verb == QStringLiteral("show")) {
        auto one = catalog.findDatabase(args.words[0]);
        if (!one)
            return fail(one.status());
        list << *one;
    } else {
        list = catalog.databases();
    }
    QHash<QString, DatabaseHealth> health;
    for (const DatabaseHealth& h : currentHealth(**ws))
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
        o[QStringLiteral("encrypted")] = (*ws)->vault().encrypted();
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
    if (json_) {
        if (verb == QStringLiteral("show"))
            printJson(array.first());
        else
            printJson(array);
    } else if (verb == QStringLiteral("show")) {
        const QJsonObject o = array.first().toObject();
        for (const QString& k : o.keys())
            out_ << k.leftJustified(14) << o.value(k).toVariant().toString() << "\n";
    } else {
        out_ << textTable({QStringLiteral("NAME"), QStringLiteral("HEALTH"),
                           QStringLiteral("JOURNAL"), QStringLiteral("BACKUPS"),
                           QStringLiteral("LATEST POINT"), QStringLiteral("FILE")},
                          rows);
        if (!(*ws)->vault().encrypted())
            out_ << "(vault NOT ENCRYPTED)\n";
    }
    return Success;
}

int CliApplication::cmdBackup(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("type")}); !bad.isEmpty())
        return usage(QStringLiteral("backup does not take --%1").arg(bad));
    BackupType type;
    if (!args.has(QStringLiteral("type")) ||
        !parseBackupType(args.value(QStringLiteral("type")), &type))
        return usage(QStringLiteral("backup needs --type full, diff or log"));
    if (args.words.isEmpty())
        return usage(QStringLiteral("backup needs at least one database name"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    Workspace* workspace = ws->get();
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
            say(QStringLiteral("%1: %2 backup %3 (%4 of pages, %5 stored)%6")
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
            err_ << "tidemark-cli: " << e.name << ": " << userMessage(e.job->status) << "\n";
        }
        array.append(o);
    }
    if (json_)
        printJson(array);
    if (failed < entries.size())
        note(recordUsage(workspace->vault(), workspace->catalog(), workspace->redundancy().kind,
                         clock_->nowMs()),
             QStringLiteral("storage use was not measured"));
    if (failed == 0)
        return Success;
    if (failed == entries.size())
        return Failure;
    say(QStringLiteral("Backup set completed with errors: %1 of %2 failed.")
            .arg(failed)
            .arg(entries.size()));
    return WithErrors;
}

int CliApplication::cmdBackups(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("commits")}); !bad.isEmpty())
        return usage(QStringLiteral("backups does not take --%1").arg(bad));
    if (args.words.size() != 1)
        return usage(QStringLiteral("backups NAME [--commits]"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto db = (*ws)->catalog().findDatabase(args.words[0]);
    if (!db)
        return fail(db.status());
    if (args.has(QStringLiteral("commits")))
        return printCommits(**ws, *db);
    QJsonArray array;
    QList<QStringList> rows;
    for (const BackupInfo& b : (*ws)->catalog().backups(db->uuid)) {
        array.append(backupJson(b));
        rows << QStringList{b.id,
                            backupTypeName(b.type),
                            formatTime(b.snapshotMs),
                            formatTime(b.endMs),
                            humanBytes(b.logicalBytes),
                            humanBytes(b.storedBytes),
                            b.status};
    }
    if (json_)
        printJson(array);
    else
        out_ << textTable({QStringLiteral("ID"), QStringLiteral("TYPE"), QStringLiteral("POINT"),
                           QStringLiteral("END"), QStringLiteral("LOGICAL"),
                           QStringLiteral("STORED"), QStringLiteral("STATUS")},
                          rows);
    return Success;
}

int CliApplication::cmdRestoreWindow(CliArguments& args) {
    if (QString bad = args.unknownOption({}); !bad.isEmpty())
        return usage(QStringLiteral("restore-window does not take --%1").arg(bad));
    if (args.words.size() != 1)
        return usage(QStringLiteral("restore-window NAME"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto db = (*ws)->catalog().findDatabase(args.words[0]);
    if (!db)
        return fail(db.status());
    return printRestoreWindow(**ws, *db);
}

int CliApplication::cmdRestore(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("to"), QStringLiteral("as"),
                                          QStringLiteral("file"), QStringLiteral("ltr"),
                                          QStringLiteral("geo"), QStringLiteral("deleted"),
                                          QStringLiteral("to-commit"), QStringLiteral("dry-run")});
        !bad.isEmpty())
        return usage(QStringLiteral("restore does not take --%1").arg(bad));
    const bool fromLtr = args.has(QStringLiteral("ltr"));
    const bool fromGeo = args.has(QStringLiteral("geo"));
    const bool toCommit = args.has(QStringLiteral("to-commit"));
    const bool dryRun = args.has(QStringLiteral("dry-run"));
    const int sources =
        int(fromLtr) + int(fromGeo) + int(args.has(QStringLiteral("to"))) + int(toCommit);
    // A dry run plans without a target; a restore needs both.
    if (args.words.size() != 1 || sources != 1 ||
        (!dryRun && (!args.has(QStringLiteral("as")) || !args.has(QStringLiteral("file")))))
        return usage(QStringLiteral("restore NAME (--to TIME | --to-commit N | --ltr ID | --geo) "
                                    "--as NEW --file PATH, or with --dry-run"));
    qint64 point = fromLtr || fromGeo || toCommit ? 0 : parseTime(args.value(QStringLiteral("to")));
    if (point < 0)
        return usage(QStringLiteral("--to needs an ISO 8601 time"));
    bool commitOk = true;
    const qint64 commit =
        toCommit ? args.value(QStringLiteral("to-commit")).toLongLong(&commitOk) : -1;
    if (!commitOk || (toCommit && commit < 0))
        return usage(QStringLiteral("--to-commit needs a commit number (see backups NAME "
                                    "--commits)"));
    const bool deleted = args.has(QStringLiteral("deleted"));
    using Source = RestoreRequest::Source;
    RestoreRequest request;
    request.source = fromLtr    ? Source::Ltr
                     : fromGeo  ? Source::Geo
                     : toCommit ? Source::Commit
                     : deleted  ? Source::Dropped
                                : Source::PointInTime;
    request.database = args.words[0];
    request.pointMs = point;
    request.commit = commit;
    request.dropped = deleted;
    request.ltrId = args.value(QStringLiteral("ltr"));
    request.newName = args.value(QStringLiteral("as"));
    request.file = args.value(QStringLiteral("file"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    Workspace* workspace = ws->get();
    if (dryRun) {
        // The plan the restore would run; a refusal fails exactly as the restore would.
        const RestorePlan plan = workspace->planRestore(workspace->catalog(), request);
        if (!plan.restorable())
            return fail(plan.refusal);
        if (json_)
            printJson(restorePlanJson(plan));
        else
            say(restorePlanText(plan));
        return Success;
    }
    JobRunner runner(*workspace, 1);
    auto restored = std::make_shared<RestoreOutcome>();
    const RestoreOutcome& outcome = *restored;
    const QString& name = request.database;
    const QString& newName = request.newName;
    auto job = runner.submit(restoreJob(*workspace, request, std::nullopt, restored));
    waitInterruptible(runner, job);
    if (!job->status)
        return fail(job->status);
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("database")] = newName;
        o[QStringLiteral("file")] = outcome.file;
        o[QStringLiteral("restored_to")] = formatTime(outcome.restoredToMs);
        if (outcome.restoredToCommit >= 0)
            o[QStringLiteral("commit")] = double(outcome.restoredToCommit);
        o[QStringLiteral("logical_hash_checked")] = outcome.logicalHashChecked;
        QJsonArray applied;
        for (const BackupInfo& b : outcome.applied)
            applied.append(b.id);
        o[QStringLiteral("applied")] = applied;
        o[QStringLiteral("integrity")] = outcome.integrity;
        o[QStringLiteral("rebuild_seconds")] = double(outcome.rebuildMs) / 1000.0;
        o[QStringLiteral("verify_seconds")] = double(outcome.verifyMs) / 1000.0;
        printJson(o);
    } else {
        const QString applied = outcome.applied.size() == 1
                                    ? QStringLiteral("1 backup")
                                    : QStringLiteral("%1 backups").arg(outcome.applied.size());
        const QString at = outcome.restoredToCommit >= 0
                               ? QStringLiteral("%1, commit %2")
                                     .arg(formatTime(outcome.restoredToMs))
                                     .arg(outcome.restoredToCommit)
                               : formatTime(outcome.restoredToMs);
        say(outcome.logicalHashChecked
                ? QStringLiteral("Restored %1 as %2 into %3, as of %4 (%5 applied; integrity "
                                 "check and logical hash: %6).")
                      .arg(name, newName, outcome.file, at, applied, outcome.integrity)
                : QStringLiteral("Restored %1 as %2 into %3, as of %4 (%5 applied plus captured "
                                 "commits; integrity check: %6; a logical hash is recorded only "
                                 "at backups).")
                      .arg(name, newName, outcome.file, at, applied, outcome.integrity));
    }
    return Success;
}

int CliApplication::deepVerify(CliArguments& args) {
    if (args.words.size() != 1)
        return usage(QStringLiteral("verify NAME --deep [--to TIME]"));
    qint64 point = -1;
    if (args.has(QStringLiteral("to"))) {
        point = parseTime(args.value(QStringLiteral("to")));
        if (point < 0)
            return usage(QStringLiteral("--to needs an ISO 8601 time"));
    }
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto drilled = std::make_shared<DrillResult>();
    const DrillResult& result = *drilled;
    JobContext context;
    Status s = JobRunner::runNow((*ws)->catalog(), *clock_,
                                 drillJob(**ws, args.words[0], point, drilled), context);
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("database")] = args.words[0];
        o[QStringLiteral("ok")] = s.isOk();
        o[QStringLiteral("point")] =
            result.pointMs > 0 ? QJsonValue(formatTime(result.pointMs)) : QJsonValue();
        o[QStringLiteral("restored_to")] =
            result.restoredToMs > 0 ? QJsonValue(formatTime(result.restoredToMs)) : QJsonValue();
        o[QStringLiteral("duration_seconds")] = double(result.durationMs) / 1000.0;
        o[QStringLiteral("foreign_key_violations")] = result.foreignKeyViolations;
        o[QStringLiteral("message")] = s.isOk() ? result.message : userMessage(s);
        printJson(o);
    } else if (s) {
        say(QStringLiteral("Restore drill passed in %1 s: %2")
                .arg(double(result.durationMs) / 1000.0, 0, 'f', 2)
                .arg(result.message));
    }
    // A point outside the restore window is bad input (exit 2), not a failed drill.
    if (s.code() == Status::Code::OutOfRange) {
        fail(s);
        return Usage;
    }
    if (!s)
        return fail(s);
    return Success;
}

int CliApplication::cmdPassphrase(CliArguments& args) {
    if (args.words != QStringList{QStringLiteral("change")} ||
        !args.unknownOption({QStringLiteral("new-passphrase-file")}).isEmpty())
        return usage(QStringLiteral("passphrase change [--new-passphrase-file F]"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    std::optional<QByteArray> next;
    if (args.has(QStringLiteral("new-passphrase-file"))) {
        auto read = readPassphrase(args.value(QStringLiteral("new-passphrase-file")), false);
        if (!read)
            return fail(read.status());
        next = *read;
    } else if (QByteArray env = qgetenv("TIDEMARK_NEW_PASSPHRASE"); !env.isEmpty()) {
        next = env;
    }
    if (!next || next->size() < kMinPassphrase)
        return fail(Status::invalidArgument(
            QStringLiteral("give the new passphrase (at least %1 characters) with "
                           "--new-passphrase-file or TIDEMARK_NEW_PASSPHRASE")
                .arg(kMinPassphrase)));
    Status s = (*ws)->changePassphrase(*next);
    if (!s)
        return fail(s);
    say(QStringLiteral("Passphrase changed: the master key is wrapped anew; no backup was "
                       "rewritten."));
    return Success;
}

int CliApplication::cmdVerify(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("deep"), QStringLiteral("to")});
        !bad.isEmpty())
        return usage(QStringLiteral("verify does not take --%1").arg(bad));
    if (args.words.size() > 1 ||
        (args.has(QStringLiteral("to")) && !args.has(QStringLiteral("deep"))))
        return usage(QStringLiteral("verify [NAME] [--deep [--to TIME]]"));
    if (args.has(QStringLiteral("deep")))
        return deepVerify(args);
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    if (!args.words.isEmpty()) {
        auto db = (*ws)->catalog().findDatabase(args.words[0]);
        if (!db)
            return fail(db.status());
    }
    Workspace* workspace = ws->get();
    JobRunner runner(*workspace, 1);
    auto verified = std::make_shared<VerifyReport>();
    const VerifyReport& report = *verified;
    auto job = runner.submit(verifyJob(*workspace, args.words.value(0), verified));
    waitInterruptible(runner, job);
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("ok")] = report.ok();
        o[QStringLiteral("encrypted")] = (*ws)->vault().encrypted();
        o[QStringLiteral("packs")] = report.packs;
        o[QStringLiteral("segments")] = double(report.segments);
        o[QStringLiteral("blobs")] = double(report.blobs);
        o[QStringLiteral("manifests")] = report.manifests;
        o[QStringLiteral("problems")] = QJsonArray::fromStringList(report.problems);
        o[QStringLiteral("affected_backups")] = QJsonArray::fromStringList(report.affectedBackups);
        o[QStringLiteral("healed")] = healedJson(report);
        o[QStringLiteral("intact_again")] = QJsonArray::fromStringList(report.intactAgain);
        QJsonArray cleared;
        for (qint64 id : report.clearedAlerts)
            cleared.append(double(id));
        o[QStringLiteral("cleared_alerts")] = cleared;
        o[QStringLiteral("damage")] = damageJson(report);
        printJson(o);
    } else {
        say(QStringLiteral("Checked %1 packs (%2 segments, %3 blobs) and %4 manifests%5.")
                .arg(report.packs)
                .arg(report.segments)
                .arg(report.blobs)
                .arg(report.manifests)
                .arg((*ws)->vault().encrypted() ? QString()
                                                : QStringLiteral(" (vault NOT ENCRYPTED)")));
        healedJson(report);
        if (!report.intactAgain.isEmpty())
            say(QStringLiteral("Found intact again, restore points again: backups %1%2.")
                    .arg(report.intactAgain.join(QStringLiteral(", ")),
                         report.clearedAlerts.isEmpty()
                             ? QString()
                             : QStringLiteral(" (damage alert cleared)")));
        damageJson(report);
        if (report.ok())
            say(report.healed.isEmpty()
                    ? QStringLiteral("OK: every object authenticated and every checksum matched.")
                    : QStringLiteral("OK after healing: every object now authenticates and every "
                                     "checksum matches."));
    }
    for (const QString& p : report.problems)
        err_ << "tidemark-cli: problem: " << p << "\n";
    // Damage no copy could heal: the backups are marked unusable and an alert is raised.
    return report.ok() ? Success : WithErrors;
}

int CliApplication::cmdCatalog(CliArguments& args) {
    if (args.words != QStringList{QStringLiteral("rebuild")})
        return usage(QStringLiteral("catalog rebuild"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto report = rebuildCatalog((*ws)->vault(), (*ws)->catalog());
    if (!report)
        return fail(report.status());
    JobContext context;
    // The job record mirrors the report, which is printed below whatever the outcome.
    const Status recorded = runRecordedJob(
        (*ws)->catalog(), *clock_, QStringLiteral("catalog-rebuild"), QStringLiteral("catalog"),
        context, [&](Catalog&, JobContext&, QString* summary) {
            *summary = QStringLiteral("%1 databases, %2 backups, %3 packs")
                           .arg(report->databases)
                           .arg(report->backups)
                           .arg(report->packs);
            return report->problems.isEmpty() ? Status::ok()
                                              : Status::corruption(report->problems.first());
        });
    ignoreStatus(recorded, "the report below says the same");
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("databases")] = report->databases;
        o[QStringLiteral("backups")] = report->backups;
        o[QStringLiteral("packs")] = report->packs;
        o[QStringLiteral("blobs")] = double(report->blobs);
        o[QStringLiteral("problems")] = QJsonArray::fromStringList(report->problems);
        printJson(o);
    } else {
        say(QStringLiteral("Catalog rebuilt from the vault: %1 databases, %2 backups, %3 packs.")
                .arg(report->databases)
                .arg(report->backups)
                .arg(report->packs));
    }
    for (const QString& p : report->problems)
        err_ << "tidemark-cli: problem: " << p << "\n";
    return report->problems.isEmpty() ? Success : WithErrors;
}

int CliApplication::cmdJobs(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("limit")}); !bad.isEmpty())
        return usage(QStringLiteral("jobs does not take --%1").arg(bad));
    bool limitOk = true;
    int limit = args.value(QStringLiteral("limit"), QStringLiteral("20")).toInt(&limitOk);
    if (!limitOk || limit < 1)
        return usage(QStringLiteral("--limit needs a positive number"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    QJsonArray array;
    QList<QStringList> rows;
    for (const JobInfo& j : (*ws)->catalog().jobs(std::max(1, limit))) {
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
    if (json_)
        printJson(array);
    else
        out_ << textTable({QStringLiteral("ID"), QStringLiteral("KIND"), QStringLiteral("TARGET"),
                           QStringLiteral("START"), QStringLiteral("STATUS"),
                           QStringLiteral("MESSAGE")},
                          rows);
    return Success;
}

int CliApplication::cmdGc(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("grace-minutes")}); !bad.isEmpty())
        return usage(QStringLiteral("gc does not take --%1").arg(bad));
    bool ok = true;
    qint64 grace =
        args.value(QStringLiteral("grace-minutes"), QStringLiteral("60")).toLongLong(&ok);
    if (!ok || grace < 0 || !args.words.isEmpty())
        return usage(QStringLiteral("gc [--grace-minutes N]"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    GcReport report =
        collectGarbage((*ws)->vault(), (*ws)->catalog(), clock_->nowMs(), grace * 60 * 1000);
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("orphan_packs")] = report.orphanPacks;
        o[QStringLiteral("temporary_files")] = report.temporaryFiles;
        o[QStringLiteral("bytes_freed")] = double(report.bytesFreed);
        o[QStringLiteral("problems")] = QJsonArray::fromStringList(report.problems);
        printJson(o);
    } else {
        say(QStringLiteral("Removed %1 orphan packs and %2 temporary files (%3).")
                .arg(report.orphanPacks)
                .arg(report.temporaryFiles)
                .arg(humanBytes(report.bytesFreed)));
    }
    for (const QString& p : report.problems)
        err_ << "tidemark-cli: problem: " << p << "\n";
    return report.problems.isEmpty() ? Success : WithErrors;
}

int CliApplication::cmdPolicy(CliArguments& args) {
    if (args.words.isEmpty() &&
        (args.has(QStringLiteral("deny-geo")) || args.has(QStringLiteral("allow-geo")))) {
        // The workspace-level residency policy.
        auto ws = openWorkspace();
        if (!ws)
            return fail(ws.status());
        Status s = (*ws)->setDenyGeo(args.has(QStringLiteral("deny-geo")));
        if (!s)
            return fail(s);
        return printStatus(**ws);
    }
    if (QString bad =
            args.unknownOption({QStringLiteral("retention-days"), QStringLiteral("diff-hours"),
                                QStringLiteral("log-minutes"), QStringLiteral("tier")});
        !bad.isEmpty())
        return usage(QStringLiteral("policy does not take --%1").arg(bad));
    if (args.words.size() != 1)
        return usage(QStringLiteral("policy NAME [--retention-days N] [--diff-hours 12|24] "
                                    "[--log-minutes M] [--tier basic|standard]"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto db = (*ws)->catalog().findDatabase(args.words[0]);
    if (!db)
        return fail(db.status());
    BackupPolicy policy = (*ws)->catalog().policy(db->uuid);
    bool change = false;
    auto number = [&](const char* option, int* out) -> bool {
        QString key = QLatin1String(option);
        if (!args.has(key))
            return true;
        bool ok = false;
        int v = args.value(key).toInt(&ok);
        if (!ok)
            return false;
        *out = v;
        change = true;
        return true;
    };
    if (!number("retention-days", &policy.retentionDays) ||
        !number("diff-hours", &policy.diffHours) || !number("log-minutes", &policy.logMinutes))
        return usage(QStringLiteral("policy values are whole numbers"));
    if (args.has(QStringLiteral("tier"))) {
        QString tier = args.value(QStringLiteral("tier"));
        if (tier != QStringLiteral("basic") && tier != QStringLiteral("standard"))
            return usage(QStringLiteral("--tier is basic or standard"));
        policy.basic = tier == QStringLiteral("basic");
        change = true;
    }
    if (change) {
        Status s = (*ws)->setPolicy(db->name, policy);
        if (!s)
            return fail(s);
    }
    ScheduleState next = scheduleFor(policy, (*ws)->catalog().backups(db->uuid), db->addedMs);
    if (json_) {
        QJsonObject o = policy.toJson();
        o[QStringLiteral("database")] = db->name;
        o[QStringLiteral("next_full")] = formatTime(next.nextFullMs);
        o[QStringLiteral("next_diff")] = formatTime(next.nextDiffMs);
        o[QStringLiteral("next_log")] = formatTime(next.nextLogMs);
        printJson(o);
    } else {
        say(QStringLiteral("%1: retention %2 days (%3 tier), differential every %4 h, log every "
                           "%5 min, full weekly.\nNext full %6, differential %7, log %8.")
                .arg(db->name)
                .arg(policy.retentionDays)
                .arg(policy.basic ? QStringLiteral("basic") : QStringLiteral("standard"))
                .arg(policy.diffHours)
                .arg(policy.logMinutes)
                .arg(formatTime(next.nextFullMs), formatTime(next.nextDiffMs),
                     formatTime(next.nextLogMs)));
    }
    return Success;
}

int CliApplication::cmdAgent(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("until")}); !bad.isEmpty())
        return usage(QStringLiteral("agent does not take --%1").arg(bad));
    if (!args.words.isEmpty())
        return usage(QStringLiteral("agent [--until TIME]"));
    qint64 until = -1;
    if (args.has(QStringLiteral("until"))) {
        until = parseTime(args.value(QStringLiteral("until")));
        if (until < 0)
            return usage(QStringLiteral("--until needs an ISO 8601 time"));
    }
    // With --now the agent replays: its clock jumps from slot to slot.
    std::shared_ptr<ManualClock> replay;
    if (nowMs_ >= 0) {
        replay = std::make_shared<ManualClock>(nowMs_);
        clock_ = replay;
    }
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto lock = AgentLock::acquire(
        (*ws)->dir(), QStringLiteral("pid %1 on %2 since %3")
                          .arg(QCoreApplication::applicationPid())
                          .arg(QSysInfo::machineHostName(), formatTime(clock_->nowMs())));
    if (!lock)
        return fail(lock.status());
    AgentOptions options;
    options.replayClock = replay.get();
    options.untilMs = until;
    options.stop = &gInterrupted;
    options.capture = !replay;
    // Test-only: without pinned readers a reset of the log can hide commits, and the tests
    // prove that capture then records a break instead of missing them silently.
    options.captureOptions.pinning =
        qEnvironmentVariableIntValue("TIDEMARK_TEST_UNPINNED_CAPTURE") == 0;
    options.log = [this](const QString& line) {
        if (!json_) {
            out_ << line << "\n";
            out_.flush();
        }
    };
    Agent agent(**ws, options);
    auto report = agent.run();
    if (!report)
        return fail(report.status());
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("passes")] = report->passes;
        o[QStringLiteral("backups")] = report->backups;
        o[QStringLiteral("failures")] = report->failures;
        o[QStringLiteral("purged")] = report->purged;
        o[QStringLiteral("stopped_at")] = formatTime(clock_->nowMs());
        printJson(o);
    } else {
        say(QStringLiteral("Agent stopped at %1: %2 backups, %3 failed, %4 removed by retention.")
                .arg(formatTime(clock_->nowMs()))
                .arg(report->backups)
                .arg(report->failures)
                .arg(report->purged));
    }
    return report->failures == 0 ? Success : WithErrors;
}

int CliApplication::cmdLtr(CliArguments& args) {
    const QStringList options{QStringLiteral("weekly"), QStringLiteral("monthly"),
                              QStringLiteral("yearly"), QStringLiteral("week-of-year"),
                              QStringLiteral("immutable-days")};
    if (QString bad = args.unknownOption(QSet<QString>(options.begin(), options.end()));
        !bad.isEmpty())
        return usage(QStringLiteral("ltr does not take --%1").arg(bad));
    if (args.words.size() != 1)
        return usage(QStringLiteral("ltr NAME [--weekly P4W] [--monthly P12M] [--yearly P5Y] "
                                    "[--week-of-year W] [--immutable-days N]"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto db = (*ws)->catalog().findDatabase(args.words[0]);
    if (!db)
        return fail(db.status());
    BackupPolicy policy = (*ws)->catalog().policy(db->uuid);
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
            return usage(QStringLiteral("--%1 needs an ISO 8601 duration in %2 (like P12%2), "
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
        bool ok = false;
        *target = args.value(key).toInt(&ok);
        if (!ok)
            return usage(QStringLiteral("--%1 needs a number").arg(key));
        change = true;
    }
    if (change) {
        Status s = (*ws)->setPolicy(db->name, policy);
        if (!s)
            return fail(s);
    }
    QJsonObject o = policy.ltr.toJson();
    o[QStringLiteral("database")] = db->name;
    if (json_)
        printJson(o);
    else
        say(QStringLiteral("%1: weekly %2, monthly %3, yearly %4 (week %5), immutable for %6 "
                           "days; changes apply to future full backups.")
                .arg(db->name,
                     policy.ltr.weeklyWeeks ? QStringLiteral("P%1W").arg(policy.ltr.weeklyWeeks)
                                            : QStringLiteral("off"),
                     policy.ltr.monthlyMonths ? QStringLiteral("P%1M").arg(policy.ltr.monthlyMonths)
                                              : QStringLiteral("off"),
                     policy.ltr.yearlyYears ? QStringLiteral("P%1Y").arg(policy.ltr.yearlyYears)
                                            : QStringLiteral("off"),
                     QString::number(policy.ltr.weekOfYear),
                     QString::number(policy.ltr.immutableDays)));
    return Success;
}

int CliApplication::cmdLtrBackups(CliArguments& args) {
    if (QString bad = args.unknownOption({}); !bad.isEmpty())
        return usage(QStringLiteral("ltr-backups does not take --%1").arg(bad));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    if (!args.words.isEmpty() && args.words[0] == QStringLiteral("delete")) {
        if (args.words.size() != 2)
            return usage(QStringLiteral("ltr-backups delete ID"));
        Status s = deleteLtr((*ws)->vault(), (*ws)->catalog(), args.words[1], clock_->nowMs());
        if (!s)
            return fail(s);
        say(QStringLiteral("Deleted long-term backup %1.").arg(args.words[1]));
        return Success;
    }
    if (args.words.size() > 1)
        return usage(QStringLiteral("ltr-backups [NAME]"));
    QString uuid;
    if (!args.words.isEmpty()) {
        auto db = (*ws)->catalog().findDatabase(args.words[0]);
        if (!db)
            return fail(db.status());
        uuid = db->uuid;
    }
    QJsonArray array;
    QList<QStringList> rows;
    for (const LtrInfo& l : (*ws)->catalog().ltrBackups(uuid)) {
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
    if (json_)
        printJson(array);
    else
        out_ << textTable({QStringLiteral("ID"), QStringLiteral("DATABASE"),
                           QStringLiteral("POINT"), QStringLiteral("KINDS"),
                           QStringLiteral("EXPIRES"), QStringLiteral("IMMUTABLE UNTIL")},
                          rows);
    return Success;
}

int CliApplication::cmdHold(CliArguments& args) {
    if (args.words.size() != 2 ||
        (args.words[0] != QStringLiteral("set") && args.words[0] != QStringLiteral("clear")))
        return usage(QStringLiteral("hold set|clear NAME"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    auto db = (*ws)->catalog().findDatabase(args.words[1]);
    if (!db)
        return fail(db.status());
    bool set = args.words[0] == QStringLiteral("set");
    Status s = (*ws)->catalog().setHold(db->uuid, set ? clock_->nowMs() : -1);
    if (!s)
        return fail(s);
    say(set ? QStringLiteral("Legal hold set on %1: no backup of it is removed until the hold is "
                             "cleared.")
                  .arg(db->name)
            : QStringLiteral("Legal hold on %1 cleared.").arg(db->name));
    return Success;
}

int CliApplication::cmdDemo(CliArguments& args) {
    if (QString bad = args.unknownOption({QStringLiteral("days"), QStringLiteral("redundancy")});
        !bad.isEmpty())
        return usage(QStringLiteral("demo does not take --%1").arg(bad));
    DemoOptions options;
    if (args.has(QStringLiteral("days"))) {
        bool ok = false;
        options.days = args.value(QStringLiteral("days")).toInt(&ok);
        if (!ok || options.days < 2 || options.days > 90)
            return usage(QStringLiteral("demo --days takes 2 to 90"));
    }
    const QString redundancy = args.value(QStringLiteral("redundancy"), QStringLiteral("GRS"));
    if (redundancy.compare(QStringLiteral("GRS"), Qt::CaseInsensitive) != 0 &&
        redundancy.compare(QStringLiteral("LRS"), Qt::CaseInsensitive) != 0)
        return usage(QStringLiteral("demo --redundancy takes LRS or GRS"));
    options.geo = redundancy.compare(QStringLiteral("GRS"), Qt::CaseInsensitive) == 0;
    if (Workspace::existsAt(workspaceDir_))
        return fail(Status::alreadyExists(
            QStringLiteral("%1 is already a workspace; the demo builds a new one (choose another "
                           "folder with --workspace)")
                .arg(workspaceDir_)));
    auto pass = readPassphrase(passphraseFile_, true);
    if (!pass)
        return fail(pass.status());
    if (!pass->has_value())
        return fail(Status::invalidArgument(
            QStringLiteral("the demo workspace will be encrypted: give a passphrase with "
                           "--passphrase-file or TIDEMARK_PASSPHRASE")));
    int passes = 0;
    options.log = [&](const QString& line) {
        if (!line.contains(QStringLiteral(": dropped")) && ++passes % 200 != 0)
            return;
        say(line);
    };
    auto report = buildDemoWorkspace(workspaceDir_, pass->value(), clock_->nowMs(), options);
    if (!report)
        return fail(report.status());
    say(QStringLiteral("Demo workspace ready at %1: %2 databases (and a dropped one), %3 "
                       "backups and %4 restore drills over %5 simulated days.")
            .arg(workspaceDir_)
            .arg(report->databases)
            .arg(report->backups)
            .arg(report->drills)
            .arg(options.days));
    return Success;
}

} // namespace tidemark
