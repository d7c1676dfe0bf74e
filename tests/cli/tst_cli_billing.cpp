// Storage and cost leave Tidemark in one shape: `bill` and `simulate` print the same bill
// object, `consumption` and `simulate` the same usage rows, as JSON and as CSV.

#include "CliRunner.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"

#include <QFile>
#include <QtTest>

using namespace tidemark::testsupport;

namespace {

const QStringList kBillKeys = {"month", "lines", "total", "currency", "sample_prices"};
const QStringList kBillLineKeys = {
    "database",          "redundancy", "pitr_gb_month", "ltr_gb_month",
    "billable_gb_month", "rate",       "ltr_rate",      "cost"};
const QStringList kUsageKeys = {"time",      "database",  "full_bytes",     "diff_bytes",
                                "log_bytes", "ltr_bytes", "max_data_bytes", "billable_bytes"};
const QString kUsageHeader = QStringLiteral("time,database,full_bytes,diff_bytes,log_bytes,"
                                            "ltr_bytes,max_data_bytes,billable_bytes");

QString firstLine(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readLine()).trimmed();
}

} // namespace

class TestCliBilling : public QObject {
    Q_OBJECT

private slots:
    void billAndUsageHaveOneShape();
};

void TestCliBilling::billAndUsageHaveOneShape() {
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    const QString file = ws.dataPath(QStringLiteral("shop.db"));
    QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 300));
    const CliOptions at = tidemark::testsupport::at(QStringLiteral("2026-03-01T10:00:00Z"));
    TIDEMARK_VERIFY_EXIT(ws.run({"init"}, at), 0);
    TIDEMARK_VERIFY_EXIT(ws.run({"db", "add", "shop", "--file", file}, at), 0);
    TIDEMARK_VERIFY_EXIT(ws.run({"backup", "shop", "--type", "full"}, at), 0);

    const CliResult bill = ws.runJson({"bill", "--month", "2026-03"}, at);
    TIDEMARK_VERIFY_EXIT(bill, 0);
    const QJsonObject month = bill.jsonObject();
    QVERIFY2(missingKeys(month, kBillKeys).isEmpty(), qPrintable(bill.describe()));
    QVERIFY2(!month.value("lines").toArray().isEmpty(), qPrintable(bill.describe()));
    QVERIFY2(
        missingKeys(month.value("lines").toArray().first().toObject(), kBillLineKeys).isEmpty(),
        qPrintable(bill.describe()));

    const QString usageCsv = ws.dataPath(QStringLiteral("usage.csv"));
    const CliResult usage = ws.runJson({"consumption", "shop", "--csv", usageCsv}, at);
    TIDEMARK_VERIFY_EXIT(usage, 0);
    QVERIFY2(!usage.jsonArray().isEmpty(), qPrintable(usage.describe()));
    QVERIFY2(missingKeys(usage.jsonArray().first().toObject(), kUsageKeys).isEmpty(),
             qPrintable(usage.describe()));
    QCOMPARE(firstLine(usageCsv), kUsageHeader);

    const QString scenario = ws.dataPath(QStringLiteral("scenario.json"));
    {
        QFile out(scenario);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(R"({"start":"2026-03-01T00:00:00Z","horizon_days":40,"database_size_gb":10,
                      "growth_gb_per_day":0.1,"retention_days":7,"redundancy":"GRS"})");
    }
    const QString hoursCsv = ws.dataPath(QStringLiteral("hours.csv"));
    const CliResult simulated = ws.runJson({"simulate", scenario, "--csv", hoursCsv}, at);
    TIDEMARK_VERIFY_EXIT(simulated, 0);
    const QJsonArray bills = simulated.jsonObject().value("bills").toArray();
    QVERIFY2(!bills.isEmpty(), qPrintable(simulated.describe()));
    // The same bill object as `bill`, lines and all.
    QVERIFY2(missingKeys(bills.first().toObject(), kBillKeys).isEmpty(),
             qPrintable(simulated.describe()));
    QVERIFY2(missingKeys(bills.first().toObject().value("lines").toArray().first().toObject(),
                         kBillLineKeys)
                 .isEmpty(),
             qPrintable(simulated.describe()));
    // The same usage rows as `consumption`, plus the redundancy of each simulated hour.
    const QJsonObject hour = simulated.jsonObject().value("hours").toArray().first().toObject();
    QVERIFY2(missingKeys(hour, kUsageKeys + QStringList{"redundancy"}).isEmpty(),
             qPrintable(simulated.describe()));
    QCOMPARE(firstLine(hoursCsv), kUsageHeader + QStringLiteral(",redundancy"));
}

QTEST_GUILESS_MAIN(TestCliBilling)
#include "tst_cli_billing.moc"
