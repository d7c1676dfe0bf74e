#pragma once

#include "vault/Redundancy.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace tidemark {

constexpr double kBytesPerGb = 1024.0 * 1024.0 * 1024.0;

// Prices per GB-month by redundancy, for point-in-time (PITR) and long-term (LTR) backup
// storage. Editable; Tidemark ships sample prices and says so.
struct Rates {
    QString currency = QStringLiteral("USD");
    QMap<RedundancyKind, double> pitr;
    QMap<RedundancyKind, double> ltr;
    bool samplePrices = true;

    static Rates samples();
    QJsonObject toJson() const;
    static Rates fromJson(const QJsonObject& o);
};

// One hour of one database's backup storage, by kind, with the allowance and redundancy in
// force that hour.
struct UsageSample {
    qint64 hourMs = 0;
    QString databaseUuid;
    QString databaseName;
    RedundancyKind redundancy = RedundancyKind::LRS;
    qint64 fullBytes = 0;
    qint64 diffBytes = 0;
    qint64 logBytes = 0;
    qint64 ltrBytes = 0;
    qint64 maxDataBytes = 0;
    qint64 pitrBytes() const { return fullBytes + diffBytes + logBytes; }
    // Backup storage up to the maximum data size is free.
    qint64 billableBytes() const { return std::max<qint64>(0, pitrBytes() - maxDataBytes); }
};

struct BillLine {
    QString database;
    RedundancyKind redundancy = RedundancyKind::LRS;
    double pitrGbMonth = 0;
    double billableGbMonth = 0;
    double ltrGbMonth = 0;
    double rate = 0;
    double ltrRate = 0;
    double cost = 0;
};

struct MonthlyBill {
    QString month; // yyyy-MM
    QList<BillLine> lines;
    double total = 0;
};

int hoursInMonth(const QString& month);
QString monthOf(qint64 ms);

// The one cost path, for real samples and simulated ones alike: each hour contributes its
// GB divided by the hours of its month, priced at the rate of the redundancy in force that hour.
// Accepts single hours or pre-summed byte-hours (roll-ups) for a month.
class BillAccumulator {
public:
    void add(const UsageSample& hour);
    void addByteHours(const QString& month, const QString& database, RedundancyKind redundancy,
                      double pitrByteHours, double billableByteHours, double ltrByteHours);
    QList<MonthlyBill> bills(const Rates& rates) const;

private:
    struct Key {
        QString month;
        QString database;
        RedundancyKind redundancy;
        bool operator<(const Key& o) const {
            return std::tie(month, database, redundancy) <
                   std::tie(o.month, o.database, o.redundancy);
        }
    };
    struct Sum {
        double pitr = 0, billable = 0, ltr = 0;
    };
    QMap<Key, Sum> sums_;
};

} // namespace tidemark
