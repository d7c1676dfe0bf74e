#include "billing/BillingExport.h"

#include "core/Clock.h"

#include <QJsonArray>

#include <algorithm>

namespace tidemark {

QJsonObject billJson(const MonthlyBill& bill, const QString& currency, bool samplePrices) {
    QJsonArray lines;
    for (const BillLine& l : bill.lines) {
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
    QJsonObject o;
    o[QStringLiteral("month")] = bill.month;
    o[QStringLiteral("lines")] = lines;
    o[QStringLiteral("total")] = bill.total;
    o[QStringLiteral("currency")] = currency;
    o[QStringLiteral("sample_prices")] = samplePrices;
    return o;
}

UsageExportRow usageExportRow(const UsageRow& row) {
    return UsageExportRow{row.period,
                          row.database,
                          qint64(row.fullBytes),
                          qint64(row.diffBytes),
                          qint64(row.logBytes),
                          qint64(row.ltrBytes),
                          qint64(row.maxDataBytes),
                          qint64(row.billableBytes),
                          QString()};
}

UsageExportRow usageExportRow(const UsageSample& hour) {
    return UsageExportRow{
        formatTime(hour.hourMs), hour.databaseName,    hour.fullBytes,
        hour.diffBytes,          hour.logBytes,        hour.ltrBytes,
        hour.maxDataBytes,       hour.billableBytes(), redundancyName(hour.redundancy)};
}

QJsonObject usageJson(const UsageExportRow& row) {
    QJsonObject o;
    o[QStringLiteral("time")] = row.time;
    o[QStringLiteral("database")] = row.database;
    o[QStringLiteral("full_bytes")] = row.fullBytes;
    o[QStringLiteral("diff_bytes")] = row.diffBytes;
    o[QStringLiteral("log_bytes")] = row.logBytes;
    o[QStringLiteral("ltr_bytes")] = row.ltrBytes;
    o[QStringLiteral("max_data_bytes")] = row.maxDataBytes;
    o[QStringLiteral("billable_bytes")] = row.billableBytes;
    if (!row.redundancy.isEmpty())
        o[QStringLiteral("redundancy")] = row.redundancy;
    return o;
}

QString usageCsv(const QList<UsageExportRow>& rows) {
    const bool withRedundancy = std::any_of(
        rows.begin(), rows.end(), [](const UsageExportRow& r) { return !r.redundancy.isEmpty(); });
    QString csv = QStringLiteral("time,database,full_bytes,diff_bytes,log_bytes,ltr_bytes,"
                                 "max_data_bytes,billable_bytes");
    csv += withRedundancy ? QStringLiteral(",redundancy\n") : QStringLiteral("\n");
    for (const UsageExportRow& r : rows) {
        csv +=
            QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8")
                .arg(r.time, r.database, QString::number(r.fullBytes), QString::number(r.diffBytes),
                     QString::number(r.logBytes), QString::number(r.ltrBytes),
                     QString::number(r.maxDataBytes), QString::number(r.billableBytes));
        csv += withRedundancy ? QLatin1Char(',') + r.redundancy + QLatin1Char('\n')
                              : QStringLiteral("\n");
    }
    return csv;
}

} // namespace tidemark
