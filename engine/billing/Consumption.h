#pragma once

#include "billing/Billing.h"
#include "catalog/Catalog.h"
#include "vault/Vault.h"

namespace tidemark {

// What one database's retained backups occupy in the vault right now, by kind: each pack is
// counted once, for the oldest retained backup that names it, plus every manifest; LTR counts
// what only long-term copies still need. One logical copy, whatever the redundancy.
UsageSample measureUsage(const Vault& vault, Catalog& catalog, const DatabaseInfo& database,
                         qint64 hourMs, RedundancyKind redundancy);

// Records the hour containing `nowMs` for every database that has backups (dropped ones too:
// they bill until their backups age out). Re-recording an hour replaces it. Keeps day and
// month roll-ups in step, so long ranges never rescan hours.
Status recordUsage(const Vault& vault, Catalog& catalog, RedundancyKind redundancy, qint64 nowMs);
Status storeSample(Catalog& catalog, const UsageSample& sample);

// Stores many samples with prepared statements; joins the caller's transaction if one is open.
class UsageWriter {
public:
    explicit UsageWriter(Catalog& catalog);
    // `mayReplace`: the hour might already be recorded (false only for loads of new hours).
    Status store(const UsageSample& sample, bool mayReplace = true);

private:
    Status addToRollup(const QString& period, const UsageSample& s, int sign);
    Catalog& catalog_;
    Statement old_;
    Statement insert_;
    Statement rollup_;
};

enum class UsageGrain { Hour, Day, Month };
struct UsageRow {
    QString period; // ISO time of the hour, or yyyy-MM-dd, or yyyy-MM
    QString database;
    double fullBytes = 0, diffBytes = 0, logBytes = 0, ltrBytes = 0, maxDataBytes = 0,
           billableBytes = 0; // averages over the period's recorded hours
};
QList<UsageRow> usageRows(Catalog& catalog, const QString& databaseUuid, qint64 fromMs, qint64 toMs,
                          UsageGrain grain);

// Bills from the monthly roll-ups through the shared cost path.
QList<MonthlyBill> monthlyBills(Catalog& catalog, const Rates& rates, const QString& month,
                                const QString& databaseUuid);

Rates storedRates(Catalog& catalog);
Status storeRates(Catalog& catalog, const Rates& rates);

} // namespace tidemark
