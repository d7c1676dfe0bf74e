#include "billing/Billing.h"

#include <QDate>
#include <QDateTime>

#include <tuple>

namespace tidemark {

Rates Rates::samples() {
    Rates r;
    r.pitr = {{RedundancyKind::LRS, 0.10},
              {RedundancyKind::ZRS, 0.125},
              {RedundancyKind::GRS, 0.20},
              {RedundancyKind::GZRS, 0.25}};
    r.ltr = {{RedundancyKind::LRS, 0.025},
             {RedundancyKind::ZRS, 0.03125},
             {RedundancyKind::GRS, 0.05},
             {RedundancyKind::GZRS, 0.0625}};
    return r;
}

QJsonObject Rates::toJson() const {
    QJsonObject o, p, l;
    for (auto it = pitr.begin(); it != pitr.end(); ++it)
        p[redundancyName(it.key())] = it.value();
    for (auto it = ltr.begin(); it != ltr.end(); ++it)
        l[redundancyName(it.key())] = it.value();
    o[QStringLiteral("currency")] = currency;
    o[QStringLiteral("pitr")] = p;
    o[QStringLiteral("ltr")] = l;
    o[QStringLiteral("sample_prices")] = samplePrices;
    return o;
}

Rates Rates::fromJson(const QJsonObject& o) {
    Rates r = samples();
    if (o.isEmpty())
        return r;
    r.currency = o.value(QStringLiteral("currency")).toString(r.currency);
    for (const auto& [key, target] :
         {std::pair{QStringLiteral("pitr"), &r.pitr}, std::pair{QStringLiteral("ltr"), &r.ltr}}) {
        QJsonObject prices = o.value(key).toObject();
        for (auto it = prices.begin(); it != prices.end(); ++it) {
            RedundancyKind kind;
            if (parseRedundancy(it.key(), &kind))
                (*target)[kind] = it.value().toDouble();
        }
    }
    r.samplePrices = o.value(QStringLiteral("sample_prices")).toBool(true);
    return r;
}

QString monthOf(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM"));
}

int hoursInMonth(const QString& month) {
    QDate first = QDate::fromString(month + QStringLiteral("-01"), QStringLiteral("yyyy-MM-dd"));
    return first.isValid() ? first.daysInMonth() * 24 : 0;
}

void BillAccumulator::add(const UsageSample& hour) {
    addByteHours(monthOf(hour.hourMs), hour.databaseName, hour.redundancy, double(hour.pitrBytes()),
                 double(hour.billableBytes()), double(hour.ltrBytes));
}

void BillAccumulator::addByteHours(const QString& month, const QString& database,
                                   RedundancyKind redundancy, double pitrByteHours,
                                   double billableByteHours, double ltrByteHours) {
    Sum& s = sums_[Key{month, database, redundancy}];
    s.pitr += pitrByteHours;
    s.billable += billableByteHours;
    s.ltr += ltrByteHours;
}

QList<MonthlyBill> BillAccumulator::bills(const Rates& rates) const {
    QList<MonthlyBill> out;
    for (auto it = sums_.begin(); it != sums_.end(); ++it) {
        const Key& k = it.key();
        if (out.isEmpty() || out.last().month != k.month)
            out.append(MonthlyBill{k.month, {}, 0});
        // Byte-hours / hours-in-month = average bytes over the month: the GB-months.
        const double perGbMonth = kBytesPerGb * hoursInMonth(k.month);
        BillLine line;
        line.database = k.database;
        line.redundancy = k.redundancy;
        line.pitrGbMonth = it.value().pitr / perGbMonth;
        line.billableGbMonth = it.value().billable / perGbMonth;
        line.ltrGbMonth = it.value().ltr / perGbMonth;
        line.rate = rates.pitr.value(k.redundancy);
        line.ltrRate = rates.ltr.value(k.redundancy);
        line.cost = line.billableGbMonth * line.rate + line.ltrGbMonth * line.ltrRate;
        out.last().lines.append(line);
        out.last().total += line.cost;
    }
    return out;
}

} // namespace tidemark
