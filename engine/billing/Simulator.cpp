#include "billing/Simulator.h"

#include "core/Clock.h"
#include "retention/RetentionPlanner.h"
#include "retention/Scheduler.h"

#include <QJsonArray>

#include <cmath>

namespace tidemark {
namespace {
constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kDay = 24 * kHour;

Status applyChange(const QJsonObject& set, BackupPolicy* policy, RedundancyKind* redundancy) {
    if (set.contains(QStringLiteral("retention_days")))
        policy->retentionDays = set.value(QStringLiteral("retention_days")).toInt();
    if (set.contains(QStringLiteral("diff_hours")))
        policy->diffHours = set.value(QStringLiteral("diff_hours")).toInt();
    if (set.contains(QStringLiteral("log_minutes")))
        policy->logMinutes = set.value(QStringLiteral("log_minutes")).toInt();
    if (set.contains(QStringLiteral("redundancy")) &&
        !parseRedundancy(set.value(QStringLiteral("redundancy")).toString(), redundancy))
        return Status::invalidArgument(
            QStringLiteral("unknown redundancy '%1'")
                .arg(set.value(QStringLiteral("redundancy")).toString()));
    return policy->validate();
}

} // namespace

Result<Scenario> Scenario::fromJson(const QJsonObject& o) {
    Scenario s;
    s.name = o.value(QStringLiteral("name")).toString(s.name);
    qint64 start = parseTime(
        o.value(QStringLiteral("start")).toString(QStringLiteral("2026-01-01T00:00:00Z")));
    if (start < 0)
        return Status::invalidArgument(QStringLiteral("\"start\" needs an ISO 8601 time"));
    s.startMs = start;
    s.horizonDays = o.value(QStringLiteral("horizon_days")).toInt(s.horizonDays);
    s.sizeGb = o.value(QStringLiteral("database_size_gb")).toDouble(s.sizeGb);
    s.growthGbPerDay = o.value(QStringLiteral("growth_gb_per_day")).toDouble(0);
    s.dailyChangeRate = o.value(QStringLiteral("daily_change_rate")).toDouble(s.dailyChangeRate);
    s.compressionRatio = o.value(QStringLiteral("compression_ratio")).toDouble(s.compressionRatio);
    s.maxSizeGb = o.value(QStringLiteral("max_size_gb")).toDouble(-1);
    // Sizes are bounded so every byte count fits in 64 bits (fuzzing found 1e300 GB).
    if (s.horizonDays < 1 || s.horizonDays > 3660 || s.sizeGb <= 0 || s.sizeGb > 1e6 ||
        std::abs(s.growthGbPerDay) > 1e5 || s.maxSizeGb > 1e6 || s.compressionRatio < 1 ||
        s.dailyChangeRate < 0 || s.dailyChangeRate > 1)
        return Status::invalidArgument(QStringLiteral(
            "scenario out of range: horizon 1-3660 days, size 0-1,000,000 GB, growth at most "
            "100,000 GB a day, max size at most 1,000,000 GB, compression >= 1, change rate "
            "0-1"));
    TM_TRY(applyChange(o, &s.policy, &s.redundancy));
    s.policy.ltr = LtrPolicy::fromJson(o.value(QStringLiteral("ltr")).toObject());
    TM_TRY(s.policy.ltr.validate());
    for (const auto& v : o.value(QStringLiteral("changes")).toArray()) {
        Change c;
        c.day = v.toObject().value(QStringLiteral("day")).toInt();
        c.set = v.toObject();
        s.changes.append(c);
    }
    std::sort(s.changes.begin(), s.changes.end(),
              [](const Change& a, const Change& b) { return a.day < b.day; });
    return s;
}

Result<SimulationResult> simulate(const Scenario& sc, const Rates& rates) {
    SimulationResult result;
    BackupPolicy policy = sc.policy;
    RedundancyKind redundancy = sc.redundancy;
    const qint64 end = sc.startMs + qint64(sc.horizonDays) * kDay;
    const qint64 allowance =
        qint64((sc.maxSizeGb >= 0 ? sc.maxSizeGb : std::ceil(sc.sizeGb)) * kBytesPerGb);
    auto sizeAt = [&](qint64 t) {
        return (sc.sizeGb + sc.growthGbPerDay * double(t - sc.startMs) / kDay) * kBytesPerGb;
    };
    QList<BackupInfo> history;
    struct Ltr {
        qint64 snapshotMs, expiresMs, bytes;
        QStringList kinds;
    };
    QList<Ltr> ltr;
    ScheduleState state = scheduleFor(policy, history, sc.startMs);
    qint64 lastFullMs = sc.startMs;
    int changeIndex = 0;
    int n = 0;
    qint64 now = sc.startMs;
    qint64 nextHour = sc.startMs;
    BillAccumulator bills;
    while (now < end) {
        while (changeIndex < sc.changes.size() &&
               sc.startMs + qint64(sc.changes[changeIndex].day) * kDay <= now)
            TM_TRY(applyChange(sc.changes[changeIndex++].set, &policy, &redundancy));
        if (auto due = dueFrom(state, policy, now)) {
            BackupInfo b;
            b.id = QStringLiteral("sim-%1").arg(n++, 9, 10, QLatin1Char('0'));
            b.type = due->type;
            b.snapshotMs = b.startMs = b.endMs = now;
            const double size = sizeAt(now);
            double changed = 0;
            if (b.type == BackupType::Full) {
                changed = size;
                lastFullMs = now;
            } else if (b.type == BackupType::Differential) {
                double days = double(now - lastFullMs) / kDay;
                changed = size * (1.0 - std::pow(1.0 - sc.dailyChangeRate, days));
            } else {
                changed = size * sc.dailyChangeRate * policy.logMinutes / 1440.0;
            }
            b.storedBytes = qint64(changed / sc.compressionRatio);
            history.append(b);
            state = state.after(b, policy);
            if (b.type == BackupType::Full && policy.ltr.enabled()) {
                QList<ExistingLtr> existing;
                for (const Ltr& l : ltr)
                    existing.append(ExistingLtr{l.snapshotMs, l.kinds});
                LtrDecision d = decideLtr(policy.ltr, now, existing);
                if (!d.kinds.isEmpty())
                    ltr.append(Ltr{now, d.expiresMs, b.storedBytes, d.kinds});
            }
        }
        QList<BackupInfo> gone = backupsToPurge(policy, history, now, false);
        if (!gone.isEmpty())
            history.erase(history.begin(), history.begin() + gone.size());
        ltr.erase(std::remove_if(ltr.begin(), ltr.end(),
                                 [now](const Ltr& l) { return l.expiresMs <= now; }),
                  ltr.end());
        // Sample every hour boundary up to the next event.
        qint64 next = std::min(std::max(now + 1, state.nextMs()), end);
        while (nextHour < next) {
            UsageSample s;
            s.hourMs = nextHour;
            s.databaseUuid = s.databaseName = sc.name;
            s.redundancy = redundancy;
            s.maxDataBytes = allowance;
            for (const BackupInfo& b : history)
                (b.type == BackupType::Full           ? s.fullBytes
                 : b.type == BackupType::Differential ? s.diffBytes
                                                      : s.logBytes) += b.storedBytes;
            // A long-term copy costs its own bytes only once its short-term full is gone.
            for (const Ltr& l : ltr) {
                bool shared = std::any_of(history.begin(), history.end(), [&](const BackupInfo& b) {
                    return b.type == BackupType::Full && b.snapshotMs == l.snapshotMs;
                });
                if (!shared)
                    s.ltrBytes += l.bytes;
            }
            result.hours.append(s);
            bills.add(s);
            nextHour += kHour;
        }
        now = next;
    }
    result.bills = bills.bills(rates);
    return result;
}

} // namespace tidemark
