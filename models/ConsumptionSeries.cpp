#include "ConsumptionSeries.h"

#include "SessionEngine.h"
#include "core/Clock.h"

#include <QDateTime>
#include <QMap>

namespace tidemark {
namespace {
constexpr qint64 kHourMs = 3600 * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;

void addRow(ConsumptionPoint& p, const UsageRow& r) {
    p.fullBytes += r.fullBytes;
    p.diffBytes += r.diffBytes;
    p.logBytes += r.logBytes;
    p.ltrBytes += r.ltrBytes;
    p.allowanceBytes += r.maxDataBytes;
    p.billableBytes += r.billableBytes;
}
} // namespace

UsageGrain ConsumptionSeries::grainFor(qint64 spanMs) {
    if (spanMs <= 4 * kDayMs)
        return UsageGrain::Hour;
    if (spanMs <= 400 * kDayMs)
        return UsageGrain::Day;
    return UsageGrain::Month;
}

qint64 ConsumptionSeries::periodStartMs(const QString& period) {
    if (period.size() == 7)
        return QDateTime::fromString(period + QStringLiteral("-01T00:00:00Z"), Qt::ISODate)
            .toMSecsSinceEpoch();
    if (period.size() == 10)
        return QDateTime::fromString(period + QStringLiteral("T00:00:00Z"), Qt::ISODate)
            .toMSecsSinceEpoch();
    return parseTime(period);
}

QList<ConsumptionPoint> ConsumptionSeries::load(const WorkspaceSession& session,
                                                const QString& databaseUuid, qint64 fromMs,
                                                qint64 toMs) {
    return load(session, databaseUuid, fromMs, toMs, grainFor(toMs - fromMs));
}

QList<ConsumptionPoint> ConsumptionSeries::load(const WorkspaceSession& session,
                                                const QString& databaseUuid, qint64 fromMs,
                                                qint64 toMs, UsageGrain grain) {
    Catalog& catalog = SessionEngine::catalog(session);
    QStringList uuids;
    if (!databaseUuid.isEmpty()) {
        uuids << databaseUuid;
    } else {
        for (const DatabaseInfo& d : catalog.databases(true))
            uuids << d.uuid;
    }
    QMap<qint64, ConsumptionPoint> byPeriod;
    for (const QString& uuid : uuids) {
        for (const UsageRow& r : usageRows(catalog, uuid, fromMs, toMs, grain)) {
            qint64 ms = periodStartMs(r.period);
            ConsumptionPoint& p = byPeriod[ms];
            p.ms = ms;
            addRow(p, r);
        }
    }
    return byPeriod.values();
}

QList<ConsumptionPoint> ConsumptionSeries::fromSamples(const QList<UsageSample>& hours,
                                                       UsageGrain grain) {
    QMap<qint64, std::pair<ConsumptionPoint, int>> sums;
    for (const UsageSample& s : hours) {
        qint64 ms = grain == UsageGrain::Hour ? s.hourMs : s.hourMs / kDayMs * kDayMs;
        auto& [p, n] = sums[ms];
        p.ms = ms;
        p.fullBytes += double(s.fullBytes);
        p.diffBytes += double(s.diffBytes);
        p.logBytes += double(s.logBytes);
        p.ltrBytes += double(s.ltrBytes);
        p.allowanceBytes += double(s.maxDataBytes);
        p.billableBytes += double(s.billableBytes());
        ++n;
    }
    QList<ConsumptionPoint> out;
    for (auto& [p, n] : sums) {
        ConsumptionPoint avg = p;
        for (double* v : {&avg.fullBytes, &avg.diffBytes, &avg.logBytes, &avg.ltrBytes,
                          &avg.allowanceBytes, &avg.billableBytes})
            *v /= n;
        out.append(avg);
    }
    return out;
}

} // namespace tidemark
