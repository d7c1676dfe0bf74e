#pragma once

#include "billing/Billing.h"
#include "catalog/Policy.h"

#include <QJsonObject>

namespace tidemark {

// What-if: a database described by numbers (size, growth, change rate, compression) run through
// the real Scheduler, RetentionPlanner and LTR selection with a clock that only moves in the
// simulation; backups are sized by a simple model instead of being taken. Its hourly samples go
// through the same cost path as real ones.
struct Scenario {
    QString name = QStringLiteral("scenario");
    qint64 startMs = 0;
    int horizonDays = 30;
    double sizeGb = 10;
    double growthGbPerDay = 0;
    double dailyChangeRate = 0.05; // fraction of pages changed per day
    double compressionRatio = 3;
    double maxSizeGb = -1; // allowance; default: the size rounded up to a whole GB
    BackupPolicy policy;
    RedundancyKind redundancy = RedundancyKind::LRS;
    struct Change {
        int day = 0;
        QJsonObject set; // retention_days, diff_hours, log_minutes, redundancy
    };
    QList<Change> changes;

    static Result<Scenario> fromJson(const QJsonObject& o);
};

struct SimulationResult {
    QList<UsageSample> hours;
    QList<MonthlyBill> bills;
};

Result<SimulationResult> simulate(const Scenario& scenario, const Rates& rates);

} // namespace tidemark
