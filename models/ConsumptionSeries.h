#pragma once

#include "billing/Consumption.h"

#include <QList>

namespace tidemark {

class WorkspaceSession;

// Backup storage over time, ready for a chart: one point per hour, day or month (chosen from
// the span so a chart never holds more than a few hundred points), by kind, with the free
// allowance. For one database or, with an empty uuid, the sum over every database (dropped
// ones too, while their backups still occupy storage). Bytes are averages over each period.
struct ConsumptionPoint {
    qint64 ms = 0; // start of the period, UTC
    double fullBytes = 0, diffBytes = 0, logBytes = 0, ltrBytes = 0, allowanceBytes = 0,
           billableBytes = 0;
};

class ConsumptionSeries {
public:
    static UsageGrain grainFor(qint64 spanMs);
    static QList<ConsumptionPoint> load(const WorkspaceSession& session,
                                        const QString& databaseUuid, qint64 fromMs, qint64 toMs);
    static QList<ConsumptionPoint> load(const WorkspaceSession& session,
                                        const QString& databaseUuid, qint64 fromMs, qint64 toMs,
                                        UsageGrain grain);
    // The instant a period label ("2026-11-20", "2026-11", or an ISO hour) starts.
    static qint64 periodStartMs(const QString& period);
    // Simulated hours (what-if), averaged into days like the real series.
    static QList<ConsumptionPoint> fromSamples(const QList<UsageSample>& hours, UsageGrain grain);
};

} // namespace tidemark
