#pragma once

#include "billing/Billing.h"
#include "billing/Consumption.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace tidemark {

// The one shape of a bill and of usage when they leave Tidemark (JSON and CSV), for every face:
// `bill`, `consumption` and `simulate` in the CLI, and the console's exports.

// One month's bill: {"month","lines":[{"database","redundancy","pitr_gb_month","ltr_gb_month",
// "billable_gb_month","rate","ltr_rate","cost"}],"total","currency","sample_prices"}.
QJsonObject billJson(const MonthlyBill& bill, const QString& currency, bool samplePrices);

// One period of one database's backup storage. `redundancy` is known for a single recorded or
// simulated hour; it stays empty for rows that average a day or a month.
struct UsageExportRow {
    QString time;
    QString database;
    qint64 fullBytes = 0, diffBytes = 0, logBytes = 0, ltrBytes = 0, maxDataBytes = 0,
           billableBytes = 0;
    QString redundancy;
};
UsageExportRow usageExportRow(const UsageRow& row);
UsageExportRow usageExportRow(const UsageSample& hour);

// {"time","database","full_bytes","diff_bytes","log_bytes","ltr_bytes","max_data_bytes",
// "billable_bytes"}, plus "redundancy" where known.
QJsonObject usageJson(const UsageExportRow& row);
// The same fields as CSV with a header line; the redundancy column only when the rows know it.
QString usageCsv(const QList<UsageExportRow>& rows);

} // namespace tidemark
