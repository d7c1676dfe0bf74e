// Ten years of hourly backup-storage samples for 100 databases (about 8.8 million), recorded
// through the product's own path, then aggregated into monthly bills. Prints both times.
#include "billing/Consumption.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

#include "BenchChecks.h"

using namespace tidemark;

int main(int argc, char** argv) {
    const int databases = argc > 1 ? std::atoi(argv[1]) : 100;
    const int years = argc > 2 ? std::atoi(argv[2]) : 10;
    QTemporaryDir dir;
    auto catalog = Catalog::open(dir.path() + QStringLiteral("/catalog.db"));
    if (!catalog)
        return 1;
    const qint64 hour = 3600 * 1000;
    const qint64 t0 = 1767225600000;
    const qint64 hours = qint64(years) * 365 * 24;
    QElapsedTimer timer;
    timer.start();
    mustSucceed((*catalog)->db().exec("PRAGMA synchronous=OFF"));
    UsageWriter writer(**catalog);
    for (int d = 0; d < databases; ++d) {
        mustSucceed((*catalog)->begin());
        UsageSample s;
        s.databaseUuid = QStringLiteral("db-%1").arg(d);
        s.databaseName = QStringLiteral("database%1").arg(d, 3, 10, QLatin1Char('0'));
        s.maxDataBytes = qint64(10) << 30;
        for (qint64 h = 0; h < hours; ++h) {
            s.hourMs = t0 + h * hour;
            s.fullBytes = (qint64(8) << 30) + h * 1000;
            s.diffBytes = (h % 168) * (qint64(20) << 20);
            s.logBytes = (h % 24) * (qint64(5) << 20);
            s.ltrBytes = (h / 24 / 30) * (qint64(1) << 30);
            s.redundancy = h % 8760 < 4380 ? RedundancyKind::LRS : RedundancyKind::GRS;
            mustSucceed(writer.store(s, false));
        }
        mustSucceed((*catalog)->commit());
    }
    const double recordSeconds = timer.elapsed() / 1000.0;
    timer.restart();
    QList<MonthlyBill> bills = monthlyBills(**catalog, Rates::samples(), {}, {});
    const double billSeconds = timer.elapsed() / 1000.0;
    double total = 0;
    for (const MonthlyBill& b : bills)
        total += b.total;
    std::printf("billing: %lld hourly samples (%d databases x %d years) recorded in %.1f s; "
                "aggregated into %lld monthly bills in %.3f s (total %.2f USD at sample prices)\n",
                hours * databases, databases, years, recordSeconds, qint64(bills.size()),
                billSeconds, total);
    return 0;
}
