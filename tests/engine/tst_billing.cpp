// Backup storage consumption and billing: the cost path against the source's worked examples
// and month boundaries, the simulator through the same path, and consumption measured on a real
// vault equal to the bytes the vault stores.
#include "SqliteFiles.h"
#include "billing/Billing.h"
#include "billing/Consumption.h"
#include "billing/Simulator.h"
#include "retention/VaultGc.h"
#include "workspace/Agent.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {
constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kDay = 24 * kHour;
const qint64 kGb = qint64(kBytesPerGb);

qint64 monthStart(int year, int month) {
    return QDateTime(QDate(year, month, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

// Every hour of a month at a level chosen per hour.
QList<MonthlyBill> billMonth(int year, int month, std::function<qint64(int hour)> pitrBytes,
                             qint64 allowance,
                             std::function<RedundancyKind(int)> redundancy = nullptr) {
    BillAccumulator acc;
    const int hours = QDate(year, month, 1).daysInMonth() * 24;
    for (int h = 0; h < hours; ++h) {
        UsageSample s;
        s.hourMs = monthStart(year, month) + h * kHour;
        s.databaseName = QStringLiteral("db");
        s.fullBytes = pitrBytes(h);
        s.maxDataBytes = allowance;
        s.redundancy = redundancy ? redundancy(h) : RedundancyKind::LRS;
        acc.add(s);
    }
    return acc.bills(Rates::samples());
}

qint64 vaultBytes(const QString& root) {
    qint64 total = 0;
    for (const char* sub : {"packs", "manifests", "ltr"}) {
        QDirIterator it(root + QLatin1Char('/') + QLatin1String(sub), QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QString p = it.next();
            if (!p.endsWith(QStringLiteral(".tml")) &&
                !QFileInfo(p).fileName().startsWith(QLatin1Char('.')))
                total += QFileInfo(p).size();
        }
    }
    return total;
}
} // namespace

class BillingTest : public QObject {
    Q_OBJECT
private slots:
    void idleMonthOf744GbBills744GbMonth() {
        // An idle database holding 744 GB all of a 31-day month, no free allowance.
        auto bills = billMonth(
            2026, 1, [](int) { return 744 * kGb; }, 0);
        QCOMPARE(bills.size(), 1);
        QCOMPARE(bills[0].lines.size(), 1);
        QVERIFY(qFuzzyCompare(bills[0].lines[0].billableGbMonth, 744.0));
        QVERIFY(qFuzzyCompare(bills[0].total, 744.0 * 0.10));
    }

    void retentionDoubledMidMonthBills1116GbMonth() {
        // Hours 1-372 at 744 GB, hours 373-744 at 1,488 GB.
        auto bills = billMonth(
            2026, 1, [](int h) { return (h < 372 ? 744 : 1488) * kGb; }, 0);
        QVERIFY(qFuzzyCompare(bills[0].lines[0].billableGbMonth, 1116.0));
    }

    void monthLengthsDivideByTheirOwnHours() {
        for (int month : {2, 4, 1}) { // 28, 30 and 31 days in 2026
            auto bills = billMonth(
                2026, month, [](int) { return 10 * kGb; }, 0);
            QVERIFY2(qFuzzyCompare(bills[0].lines[0].billableGbMonth, 10.0),
                     qPrintable(QString::number(bills[0].lines[0].billableGbMonth)));
            QCOMPARE(hoursInMonth(QStringLiteral("2026-%1").arg(month, 2, 10, QLatin1Char('0'))),
                     QDate(2026, month, 1).daysInMonth() * 24);
        }
    }

    void redundancyChangeMidMonthSplitsTheBill() {
        // 30 days: ten days LRS, twenty days ZRS, 30 GB throughout.
        auto bills = billMonth(
            2026, 4, [](int) { return 30 * kGb; }, 0,
            [](int h) { return h < 240 ? RedundancyKind::LRS : RedundancyKind::ZRS; });
        QCOMPARE(bills[0].lines.size(), 2);
        QVERIFY(qFuzzyCompare(bills[0].lines[0].billableGbMonth, 10.0));
        QVERIFY(qFuzzyCompare(bills[0].lines[1].billableGbMonth, 20.0));
        QVERIFY(qFuzzyCompare(bills[0].total, 10 * 0.10 + 20 * 0.125));
    }

    void allowanceIsFree() {
        // Usage below the allowance bills nothing; a zero allowance bills everything.
        auto free = billMonth(
            2026, 1, [](int) { return 5 * kGb; }, 8 * kGb);
        QCOMPARE(free[0].lines[0].billableGbMonth, 0.0);
        QCOMPARE(free[0].total, 0.0);
        QVERIFY(qFuzzyCompare(free[0].lines[0].pitrGbMonth, 5.0));
        auto partly = billMonth(
            2026, 1, [](int) { return 12 * kGb; }, 8 * kGb);
        QVERIFY(qFuzzyCompare(partly[0].lines[0].billableGbMonth, 4.0));
    }

    void simulatorUsesTheSamePathAndFollowsRetention() {
        QJsonObject o;
        o[QStringLiteral("start")] = QStringLiteral("2026-01-01T00:00:00Z");
        o[QStringLiteral("horizon_days")] = 59; // January and February
        o[QStringLiteral("database_size_gb")] = 100;
        o[QStringLiteral("daily_change_rate")] = 0.02;
        o[QStringLiteral("compression_ratio")] = 3;
        o[QStringLiteral("max_size_gb")] = 0;
        o[QStringLiteral("retention_days")] = 7;
        o[QStringLiteral("log_minutes")] = 60;
        QJsonObject change;
        change[QStringLiteral("day")] = 31;
        change[QStringLiteral("retention_days")] = 14;
        o[QStringLiteral("changes")] = QJsonArray{change};
        auto scenario = Scenario::fromJson(o);
        QVERIFY(scenario.isOk());
        auto result = simulate(*scenario, Rates::samples());
        QVERIFY(result.isOk());
        QCOMPARE(result->hours.size(), 59 * 24);
        QCOMPARE(result->bills.size(), 2);
        // Twice the retention keeps more: February costs more than January's steady state.
        QVERIFY(result->bills[1].total > result->bills[0].total);
        // The bill equals the shared cost path applied to the simulated hours.
        BillAccumulator again;
        for (const UsageSample& h : result->hours)
            again.add(h);
        QCOMPARE(again.bills(Rates::samples())[0].total, result->bills[0].total);
        // Never below one full backup once the first exists.
        for (const UsageSample& h : result->hours)
            QVERIFY(h.fullBytes >= qint64(100 * kBytesPerGb / 3) - 1);
    }

    void consumptionEqualsWhatTheVaultStores() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(monthStart(2026, 3));
        const QByteArray pass("billing test");
        auto ws = Workspace::create(dir.path() + QStringLiteral("/ws"), QString(), &pass, clock);
        QVERIFY(ws.isOk());
        QString file = dir.path() + QStringLiteral("/b.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 3000));
        QVERIFY((*ws)->addDatabase(QStringLiteral("b"), file, -1).isOk());
        BackupPolicy policy;
        policy.retentionDays = 2;
        policy.logMinutes = 60;
        policy.ltr.weeklyWeeks = 2;
        QVERIFY((*ws)->setPolicy(QStringLiteral("b"), policy).isOk());
        AgentOptions options;
        options.replayClock = clock.get();
        options.untilMs = clock->nowMs() + 9 * kDay;
        int round = 0;
        options.beforePass = [&](qint64) {
            execSql(file, QStringLiteral("UPDATE orders SET amount_cents = amount_cents + 1 "
                                         "WHERE id % 40 = %1")
                              .arg(round++ % 40));
        };
        Agent agent(**ws, options);
        QVERIFY(agent.run().isOk());
        auto db = (*ws)->catalog().findDatabase(QStringLiteral("b"));
        UsageSample now = measureUsage((*ws)->vault(), (*ws)->catalog(), *db, clock->nowMs(),
                                       RedundancyKind::LRS);
        QVERIFY(now.fullBytes > 0 && now.logBytes > 0);
        // Packs retention gave up wait out gc's grace; after it the vault holds exactly what
        // the retained backups and long-term copies use.
        collectGarbage((*ws)->vault(), (*ws)->catalog(), clock->nowMs() + 2 * kHour, kHour);
        QCOMPARE(now.pitrBytes() + now.ltrBytes, vaultBytes((*ws)->vault().root()));
        // Every hour of the replay has a sample; the month roll-up agrees with the hours.
        QList<UsageRow> hours =
            usageRows((*ws)->catalog(), db->uuid, 0, clock->nowMs(), UsageGrain::Hour);
        QVERIFY(hours.size() >= 9 * 24);
        QList<UsageRow> month =
            usageRows((*ws)->catalog(), db->uuid, 0, clock->nowMs(), UsageGrain::Month);
        QCOMPARE(month.size(), 1);
        double average = 0;
        for (const UsageRow& h : hours)
            average += h.fullBytes + h.diffBytes + h.logBytes;
        average /= hours.size();
        QVERIFY(std::abs(average - (month[0].fullBytes + month[0].diffBytes + month[0].logBytes)) <
                1.0);
        auto bills =
            monthlyBills((*ws)->catalog(), Rates::samples(), QStringLiteral("2026-03"), {});
        QCOMPARE(bills.size(), 1);
        QVERIFY(bills[0].lines[0].pitrGbMonth > 0);
        // The allowance (at least a GB) covers this small database: nothing to pay for PITR.
        QCOMPARE(bills[0].lines[0].billableGbMonth, 0.0);
        // A dropped database keeps billing while its backups remain, then stops.
        JobContext job;
        QVERIFY((*ws)->dropDatabase((*ws)->catalog(), QStringLiteral("b"), job).isOk());
        QVERIFY(recordUsage((*ws)->vault(), (*ws)->catalog(), RedundancyKind::LRS,
                            clock->nowMs() + kHour)
                    .isOk());
        QVERIFY(usageRows((*ws)->catalog(), db->uuid, clock->nowMs() + kHour,
                          clock->nowMs() + kHour, UsageGrain::Hour)
                    .first()
                    .fullBytes > 0);
    }
};

QTEST_GUILESS_MAIN(BillingTest)
#include "tst_billing.moc"
