// The schedule and short-term retention as pure functions, over years of simulated time: no
// vault is needed to check which backups are due and which may go.
#include "catalog/LtrPolicy.h"
#include "catalog/RestorePlanner.h"
#include "retention/RetentionPlanner.h"
#include "retention/Scheduler.h"

#include <QtTest>

using namespace tidemark;

namespace {
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kT0 = 1767225600000; // 2026-01-01T00:00:00Z

BackupInfo fake(BackupType type, qint64 at, const QList<BackupInfo>& history, int n) {
    BackupInfo b;
    b.id = QStringLiteral("b%1").arg(n, 8, 10, QLatin1Char('0'));
    b.type = type;
    b.snapshotMs = b.startMs = b.endMs = at;
    b.status = QStringLiteral("succeeded");
    QString lastFull, last;
    for (const BackupInfo& h : history) {
        if (h.type == BackupType::Full)
            lastFull = h.id;
        last = h.id;
    }
    if (type == BackupType::Differential)
        b.baseId = lastFull;
    else if (type == BackupType::Log)
        b.baseId = last;
    return b;
}

struct Simulation {
    BackupPolicy policy;
    QList<BackupInfo> history;
    int made = 0;
    int counts[3] = {0, 0, 0};

    // Runs the schedule from kT0 for `span`, purging after every backup, and checks the
    // restore window once a day.
    void run(qint64 span) {
        qint64 now = kT0;
        qint64 nextCheck = kT0 + kDay;
        while (now < kT0 + span) {
            auto due = dueAt(policy, history, kT0, now);
            if (due) {
                history.append(fake(due->type, now, history, made++));
                ++counts[int(due->type)];
            }
            QList<BackupInfo> purge = backupsToPurge(policy, history, now, false);
            for (const BackupInfo& p : purge) {
                for (int i = 0; i < history.size(); ++i) {
                    if (history[i].id == p.id) {
                        history.removeAt(i);
                        break;
                    }
                }
            }
            if (now >= nextCheck) {
                check(now);
                if (QTest::currentTestFailed())
                    return;
                nextCheck += kDay;
            }
            now = std::max(now + 1, scheduleFor(policy, history, kT0).nextMs());
        }
    }

    void check(qint64 now) {
        RestorePlanner planner(history);
        RestoreWindow w = planner.window();
        QVERIFY(!w.empty());
        const qint64 wanted = now - policy.retentionMs();
        if (now - kT0 >= policy.retentionMs() + 7 * kDay) {
            // Every instant of the retention period is restorable...
            QVERIFY2(w.earliestMs <= wanted,
                     qPrintable(QStringLiteral("window starts %1 after the period start")
                                    .arg(w.earliestMs - wanted)));
            // ...and no more than a week of extra backups is kept.
            QVERIFY(w.earliestMs > wanted - 7 * kDay - kHour);
        }
        // No hole: a sample of instants all plan to a chain ending at or before them.
        for (int i = 0; i <= 20; ++i) {
            qint64 t = w.earliestMs + (w.latestMs - w.earliestMs) * i / 20;
            auto chain = planner.planAt(t);
            QVERIFY2(chain.isOk(), qPrintable(chain.status().message()));
            QVERIFY(chain->first().type == BackupType::Full);
            QVERIFY(chain->last().snapshotMs <= t);
        }
    }
};

} // namespace

class ScheduleTest : public QObject {
    Q_OBJECT
private slots:
    void firstFullIsDueAtOnce() {
        BackupPolicy p;
        auto due = dueAt(p, {}, kT0, kT0);
        QVERIFY(due);
        QCOMPARE(due->type, BackupType::Full);
        QCOMPARE(due->missedSlots, 0);
    }

    void biggerBackupCoversSmallerSlot() {
        BackupPolicy p;
        QList<BackupInfo> h;
        h << fake(BackupType::Full, kT0, h, 0);
        // At 12 h both a log and a differential are due: the differential is taken.
        auto due = dueAt(p, h, kT0, kT0 + 12 * kHour);
        QCOMPARE(due->type, BackupType::Differential);
        QCOMPARE(dueAt(p, h, kT0, kT0 + 4 * kMinute).has_value(), false);
        QCOMPARE(dueAt(p, h, kT0, kT0 + 5 * kMinute)->type, BackupType::Log);
        p.diffHours = 24;
        QCOMPARE(dueAt(p, h, kT0, kT0 + 12 * kHour)->type, BackupType::Log);
    }

    void missedSlotsAreCounted() {
        BackupPolicy p;
        QList<BackupInfo> h;
        h << fake(BackupType::Full, kT0, h, 0);
        // Off for three hours: 36 log slots passed, one backup catches up.
        auto due = dueAt(p, h, kT0, kT0 + 3 * kHour);
        QCOMPARE(due->type, BackupType::Log);
        QCOMPARE(due->missedSlots, 35);
    }

    void policyLimits() {
        BackupPolicy p;
        p.retentionDays = 35;
        QVERIFY(p.validate().isOk());
        p.retentionDays = 36;
        QVERIFY(!p.validate().isOk());
        p.retentionDays = 8;
        p.basic = true;
        QVERIFY(!p.validate().isOk());
        QVERIFY(p.validate().message().contains(QStringLiteral("Basic")));
        p.retentionDays = 7;
        QVERIFY(p.validate().isOk());
        p.diffHours = 6;
        QVERIFY(!p.validate().isOk());
    }

    void legalHoldKeepsEverything() {
        BackupPolicy p;
        p.retentionDays = 1;
        QList<BackupInfo> h;
        for (int i = 0; i < 5; ++i)
            h << fake(BackupType::Full, kT0 + i * 7 * kDay, h, i);
        QVERIFY(!backupsToPurge(p, h, kT0 + 60 * kDay, false).isEmpty());
        QVERIFY(backupsToPurge(p, h, kT0 + 60 * kDay, true).isEmpty());
    }

    void tenYearsWithoutHoles() {
        Simulation s;
        s.policy.retentionDays = 7;
        s.policy.logMinutes = 60;
        s.run(10 * 366 * kDay);
        QVERIFY(!QTest::currentTestFailed());
        QVERIFY(s.counts[0] >= 520); // a full every week for ten years
        QVERIFY(s.counts[1] >= 520 * 13);
    }

    void oneYearOfFiveMinuteLogs() {
        Simulation s;
        s.policy.retentionDays = 14;
        s.policy.diffHours = 24;
        s.run(366 * kDay);
        QVERIFY(!QTest::currentTestFailed());
        QVERIFY(s.counts[2] > 100000);
        // Never more than retention plus a week of backups at once.
        QVERIFY(s.history.size() < (21 * kDay) / (5 * kMinute) + 100);
    }

    void longTermCopiesOverTenYears() {
        // P12W, P12M, P10Y with week 16: one weekly full for ten years; count what is kept.
        LtrPolicy policy;
        policy.weeklyWeeks = 12;
        policy.monthlyMonths = 12;
        policy.yearlyYears = 10;
        policy.weekOfYear = 16;
        QList<ExistingLtr> kept;
        QList<qint64> expiries;
        const qint64 end = kT0 + 10 * 365 * kDay;
        qint64 last = kT0;
        for (qint64 t = kT0; t < end; t += 7 * kDay) {
            last = t;
            // Expired copies go first, as the agent does.
            for (int i = int(kept.size()) - 1; i >= 0; --i) {
                if (expiries[i] <= t) {
                    kept.removeAt(i);
                    expiries.removeAt(i);
                }
            }
            LtrDecision d = decideLtr(policy, t, kept);
            QVERIFY(d.kinds.contains(QStringLiteral("W"))); // every weekly full
            if (!d.kinds.isEmpty()) {
                kept.append(ExistingLtr{t, d.kinds});
                expiries.append(d.expiresMs);
            }
        }
        // A copy chosen for several kinds is kept for the longest of them.
        int weekly = 0, monthly = 0, yearly = 0;
        for (const ExistingLtr& e : kept) {
            weekly += e.snapshotMs > last - 12 * 7 * kDay ? 1 : 0;
            monthly += e.kinds.contains(QStringLiteral("M")) ? 1 : 0;
            yearly += e.kinds.contains(QStringLiteral("Y")) ? 1 : 0;
        }
        // Nothing is kept without a reason: each copy is a recent weekly, a monthly of the
        // last year or a yearly.
        for (const ExistingLtr& e : kept)
            QVERIFY(e.snapshotMs > last - 12 * 7 * kDay || e.kinds.contains(QStringLiteral("M")) ||
                    e.kinds.contains(QStringLiteral("Y")));
        // Twelve weeks of weeklies, twelve months of monthlies, one yearly per year (all ten
        // still inside their ten years).
        QCOMPARE(weekly, 12);
        QVERIFY(monthly == 12 || monthly == 13);
        QCOMPARE(yearly, 10);
        for (const ExistingLtr& e : kept) {
            if (!e.kinds.contains(QStringLiteral("Y")))
                continue;
            int year = 0;
            QCOMPARE(QDateTime::fromMSecsSinceEpoch(e.snapshotMs, Qt::UTC).date().weekNumber(&year),
                     16);
        }
    }

    void retentionChangeAppliesFromThenOn() {
        Simulation s;
        s.policy.retentionDays = 7;
        s.policy.logMinutes = 60;
        s.run(60 * kDay);
        s.policy.retentionDays = 14;
        // Nothing newer than the new period start was purged before: the window now grows
        // week by week until it covers 14 days.
        RestoreWindow w = RestorePlanner(s.history).window();
        QVERIFY(w.latestMs - w.earliestMs < 14 * kDay);
    }
};

QTEST_GUILESS_MAIN(ScheduleTest)
#include "tst_schedule.moc"
