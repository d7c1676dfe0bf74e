// Storage and cost: `consumption`, `bill`, `rates` and the what-if `simulate`. The JSON and CSV
// shapes come from the engine's one builder (billing/BillingExport).
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "TextTable.h"
#include "billing/BillingExport.h"
#include "billing/Consumption.h"
#include "billing/Simulator.h"
#include "core/FileSystem.h"
#include "workspace/Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tidemark {
namespace {

Status writeCsv(const QString& path, const QString& csv) {
    return writeFileDurably(FileSystem::posix(), path, csv.toUtf8());
}

int cmdConsumption(CliContext& cli, CliArguments& args) {
    const QString by = args.value(QStringLiteral("by"), QStringLiteral("hour")).toLower();
    const UsageGrain grain = by == QStringLiteral("day")     ? UsageGrain::Day
                             : by == QStringLiteral("month") ? UsageGrain::Month
                                                             : UsageGrain::Hour;
    const qint64 from =
        args.has(QStringLiteral("from")) ? parseTime(args.value(QStringLiteral("from"))) : 0;
    const qint64 to = args.has(QStringLiteral("to")) ? parseTime(args.value(QStringLiteral("to")))
                                                     : cli.clock->nowMs();
    auto db = cli.findDatabase(args.words[0], true);
    if (!db)
        return cli.fail(db.status());
    Workspace& ws = cli.ws();
    // The current hour is measured now, so a workspace without an agent still has data.
    if (db->droppedMs < 0)
        cli.note(storeSample(ws.catalog(), measureUsage(ws.vault(), ws.catalog(), *db,
                                                        cli.clock->nowMs() / 3600000 * 3600000,
                                                        ws.redundancy().kind)),
                 QStringLiteral("the current hour was not measured"));
    QList<UsageExportRow> rows;
    for (const UsageRow& r : usageRows(ws.catalog(), db->uuid, from, to, grain))
        rows << usageExportRow(r);
    if (args.has(QStringLiteral("csv"))) {
        if (Status s = writeCsv(args.value(QStringLiteral("csv")), usageCsv(rows)); !s)
            return cli.fail(s);
    }
    if (cli.json) {
        QJsonArray array;
        for (const UsageExportRow& r : rows)
            array.append(usageJson(r));
        cli.printJson(array);
        return CliContext::Success;
    }
    QList<QStringList> table;
    for (const UsageExportRow& r : rows)
        table << QStringList{r.time,
                             humanBytes(r.fullBytes),
                             humanBytes(r.diffBytes),
                             humanBytes(r.logBytes),
                             humanBytes(r.ltrBytes),
                             humanBytes(r.maxDataBytes),
                             humanBytes(r.billableBytes)};
    cli.out << textTable({QStringLiteral("TIME"), QStringLiteral("FULL"), QStringLiteral("DIFF"),
                          QStringLiteral("LOG"), QStringLiteral("LTR"),
                          QStringLiteral("FREE ALLOWANCE"), QStringLiteral("BILLABLE")},
                         table);
    return CliContext::Success;
}

// Bills as text tables, one per month.
void printBillText(CliContext& cli, const QList<MonthlyBill>& bills, const QString& currency,
                   bool samplePrices) {
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
        cli.out << b.month << "\n"
                << textTable({QStringLiteral("DATABASE"), QStringLiteral("REDUNDANCY"),
                              QStringLiteral("PITR GB-MONTH"), QStringLiteral("BILLABLE"),
                              QStringLiteral("LTR GB-MONTH"), QStringLiteral("RATE"),
                              QStringLiteral("COST")},
                             rows)
                << "total " << QString::number(b.total, 'f', 2) << " " << currency << "\n\n";
    }
    if (samplePrices)
        cli.out << "(sample prices; set your own with 'tidemark-cli rates')\n";
}

QJsonArray billsJson(const QList<MonthlyBill>& bills, const QString& currency, bool samplePrices) {
    QJsonArray months;
    for (const MonthlyBill& b : bills)
        months.append(billJson(b, currency, samplePrices));
    return months;
}

QString checkBill(const CliArguments& args) {
    const QString month = args.value(QStringLiteral("month"));
    return !month.isEmpty() && hoursInMonth(month) == 0 ? QStringLiteral("--month is YYYY-MM")
                                                        : QString();
}

int cmdBill(CliContext& cli, CliArguments& args) {
    const QString month = args.value(QStringLiteral("month"));
    QString uuid;
    if (args.has(QStringLiteral("database"))) {
        auto db = cli.findDatabase(args.value(QStringLiteral("database")), true);
        if (!db)
            return cli.fail(db.status());
        uuid = db->uuid;
    }
    Workspace& ws = cli.ws();
    cli.note(recordUsage(ws.vault(), ws.catalog(), ws.redundancy().kind, cli.clock->nowMs()),
             QStringLiteral("the current hour was not measured"));
    const Rates rates = storedRates(ws.catalog());
    QList<MonthlyBill> bills = monthlyBills(ws.catalog(), rates, month, uuid);
    if (bills.isEmpty() && !month.isEmpty())
        bills.append(MonthlyBill{month, {}, 0});
    if (!cli.json) {
        printBillText(cli, bills, rates.currency, rates.samplePrices);
        return CliContext::Success;
    }
    const QJsonArray months = billsJson(bills, rates.currency, rates.samplePrices);
    // One month asked for (or only one recorded): the object itself, as the contract shows.
    cli.printJson(months.size() == 1 ? months.first() : QJsonValue(months));
    return CliContext::Success;
}

// `--pitr LRS=0.12`: a redundancy kind and a price.
bool parsePrice(const QString& item, RedundancyKind* kind, double* price) {
    const QStringList parts = item.split(QLatin1Char('='));
    bool ok = false;
    *price = parts.size() == 2 ? parts[1].toDouble(&ok) : 0;
    return parts.size() == 2 && parseRedundancy(parts[0], kind) && ok && *price >= 0;
}

QString checkRates(const CliArguments& args) {
    for (const QString& key : {QStringLiteral("pitr"), QStringLiteral("ltr")}) {
        for (const QString& item : args.values(key)) {
            RedundancyKind kind;
            double price = 0;
            if (!parsePrice(item, &kind, &price))
                return QStringLiteral("--%1 takes KIND=PRICE, like LRS=0.12").arg(key);
        }
    }
    return {};
}

int cmdRates(CliContext& cli, CliArguments& args) {
    Rates rates = storedRates(cli.ws().catalog());
    bool changed = false;
    for (const auto& [key, target] : {std::pair{QStringLiteral("pitr"), &rates.pitr},
                                      std::pair{QStringLiteral("ltr"), &rates.ltr}}) {
        for (const QString& item : args.values(key)) {
            RedundancyKind kind;
            double price = 0;
            parsePrice(item, &kind, &price); // checkRates took only well-formed prices
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
        Status s = storeRates(cli.ws().catalog(), rates);
        if (!s)
            return cli.fail(s);
    }
    if (cli.json) {
        cli.printJson(rates.toJson());
    } else {
        for (RedundancyKind k :
             {RedundancyKind::LRS, RedundancyKind::ZRS, RedundancyKind::GRS, RedundancyKind::GZRS})
            cli.out << redundancyName(k) << ": PITR " << rates.pitr.value(k) << ", LTR "
                    << rates.ltr.value(k) << " " << rates.currency << " per GB-month\n";
        if (rates.samplePrices)
            cli.out << "(sample prices)\n";
    }
    return CliContext::Success;
}

int cmdSimulate(CliContext& cli, CliArguments& args) {
    QFile file(args.words[0]);
    if (!file.open(QIODevice::ReadOnly))
        return cli.fail(Status::notFound(QStringLiteral("cannot read %1").arg(args.words[0])));
    QJsonParseError error{};
    QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return cli.fail(Status::invalidArgument(QStringLiteral("%1 is not a JSON scenario: %2")
                                                    .arg(args.words[0], error.errorString())));
    auto scenario = Scenario::fromJson(doc.object());
    if (!scenario)
        return cli.fail(scenario.status());
    // Prices from the workspace when there is one, else the sample prices.
    Rates rates = Rates::samples();
    if (Workspace::existsAt(cli.workspaceDir)) {
        if (auto ws = cli.openWorkspace())
            rates = storedRates((*ws)->catalog());
    }
    auto result = simulate(*scenario, rates);
    if (!result)
        return cli.fail(result.status());
    QList<UsageExportRow> hours;
    for (const UsageSample& h : result->hours)
        hours << usageExportRow(h);
    if (args.has(QStringLiteral("csv"))) {
        if (Status s = writeCsv(args.value(QStringLiteral("csv")), usageCsv(hours)); !s)
            return cli.fail(s);
    }
    if (!cli.json) {
        printBillText(cli, result->bills, rates.currency, rates.samplePrices);
        return CliContext::Success;
    }
    QJsonArray hoursJson;
    for (const UsageExportRow& h : hours)
        hoursJson.append(usageJson(h));
    QJsonObject o;
    o[QStringLiteral("currency")] = rates.currency;
    o[QStringLiteral("sample_prices")] = rates.samplePrices;
    o[QStringLiteral("bills")] = billsJson(result->bills, rates.currency, rates.samplePrices);
    o[QStringLiteral("hours")] = hoursJson;
    cli.printJson(o);
    return CliContext::Success;
}

} // namespace

QList<CliCommand> billingCommands() {
    const CliOption csv = textOption(QStringLiteral("csv"), QStringLiteral("FILE"));
    return {
        {{QStringLiteral("consumption")},
         QStringLiteral("NAME [--from T] [--to T] [--by hour|day|month] [--csv FILE]"),
         {timeOption(QStringLiteral("from")), timeOption(QStringLiteral("to")),
          choiceOption(QStringLiteral("by"),
                       {QStringLiteral("hour"), QStringLiteral("day"), QStringLiteral("month")}),
          csv},
         1,
         1,
         true,
         QStringLiteral("backup storage by kind per hour, day or month, and the billable part"),
         cmdConsumption},
        {{QStringLiteral("bill")},
         QStringLiteral("[--month YYYY-MM] [--database NAME]"),
         {textOption(QStringLiteral("month"), QStringLiteral("YYYY-MM")),
          textOption(QStringLiteral("database"), QStringLiteral("NAME"))},
         0,
         0,
         true,
         QStringLiteral("monthly bills: billable GB-months priced by redundancy, and LTR"),
         cmdBill,
         checkBill},
        {{QStringLiteral("rates")},
         QStringLiteral("[--pitr KIND=PRICE]... [--ltr KIND=PRICE]... [--currency C]"),
         {textOption(QStringLiteral("pitr"), QStringLiteral("KIND=PRICE")),
          textOption(QStringLiteral("ltr"), QStringLiteral("KIND=PRICE")),
          textOption(QStringLiteral("currency"), QStringLiteral("C"))},
         0,
         0,
         true,
         QStringLiteral("show or set prices per GB-month"),
         cmdRates,
         checkRates},
        {{QStringLiteral("simulate")},
         QStringLiteral("FILE [--csv FILE]"),
         {csv},
         1,
         1,
         false,
         QStringLiteral("what-if: a JSON scenario through the real schedule and retention"),
         cmdSimulate},
    };
}

} // namespace tidemark
