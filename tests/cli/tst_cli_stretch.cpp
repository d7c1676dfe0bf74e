// Stretch tables end to end through tidemark-cli: refused predicates, tables and credentials;
// migration while an application inserts, then restores to points before, between and after
// batches, each reconciled to exactly the table at that point; the remote endpoint restored to
// an older snapshot inside and beyond the RPO duration; kill -9 during migration and during
// reconciliation. The reference is independent of Tidemark: row i of `events` is
// (i, i % 3 <> 0, 'event i'), so the whole table at a point is rows 1..N.

#include "CliRunner.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QtTest>

#include <sqlite3.h>

#include <atomic>
#include <thread>

using namespace tidemark::testsupport;

namespace {

const QString kSecret = QStringLiteral("remote-secret-5b1e");
const char* kWholeTable =
    "SELECT count(*), count(DISTINCT id), coalesce(sum(id), 0), coalesce(max(id), 0), "
    "coalesce(sum(payload <> 'event ' || id), 0), coalesce(sum(cold <> (id % 3 <> 0)), 0) "
    "FROM events";

QString expectedWhole(qint64 n) {
    return QStringLiteral("[%1,%1,%2,%1,0,0]").arg(n).arg(n * (n + 1) / 2);
}

// SQL inserting rows first..last of the reference table.
QString insertRows(qint64 first, qint64 last) {
    return QStringLiteral("WITH RECURSIVE n(i) AS (SELECT %1 UNION ALL SELECT i + 1 FROM n WHERE "
                          "i < %2) INSERT INTO events SELECT i, i %3 3 <> 0, 'event ' || i FROM n;")
        .arg(first)
        .arg(last)
        .arg(QLatin1Char('%'));
}

// Inserts rows n+1.. in small transactions until stopped, like an application would.
class Inserter {
public:
    Inserter(const QString& path, qint64 last) : path_(path), last_(last) {}
    void start() {
        stop_ = false;
        thread_ = std::thread([this] { run(); });
    }
    qint64 stop() {
        stop_ = true;
        thread_.join();
        return last_.load();
    }
    qint64 last() const { return last_.load(); }

private:
    void run() {
        sqlite3* db = nullptr;
        sqlite3_open(path_.toUtf8().constData(), &db);
        sqlite3_busy_timeout(db, 20000);
        while (!stop_.load()) {
            qint64 next = last_.load() + 1;
            QByteArray sql = insertRows(next, next + 4).toUtf8();
            if (sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr) == SQLITE_OK)
                last_.store(next + 4);
            else
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            std::this_thread::sleep_for(std::chrono::milliseconds(3));
        }
        sqlite3_close(db);
    }
    QString path_;
    std::atomic<qint64> last_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

bool makeEvents(const QString& path, qint64 rows) {
    return execSql(path, QStringLiteral("PRAGMA journal_mode=WAL; CREATE TABLE events(id INTEGER "
                                        "PRIMARY KEY, cold INTEGER NOT NULL, payload TEXT); ") +
                             insertRows(1, rows));
}

} // namespace

class TestCliStretch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void refusals();
    void restoresReconcileToEveryPoint();
    void remoteSnapshotWithinAndBeyondRpo();
    void killDuringMigrationAndReconciliation();
    void agentMigratesAndSnapshots();
    void migratedIdsAreNeverHandedOutAgain();
    void keyClashStopsTheBatchAndKeepsBothRows();
    void idReusedAfterTheNewestRowWasDeletedIsAClash();
    void reauthorizeRefusesToTakeOverALiveEndpoint();
    void reauthorizeOfADroppedDatabasesEndpoint();

private:
    // A workspace with `app` (table events of `rows` rows) stretch-enabled on `cold = 1`.
    bool setUp(TestWorkspace& ws, qint64 rows, int batchRows, const CliOptions& options = {});
    QString whole(TestWorkspace& ws, const QString& database);
    // A workspace with `app` holding the issue's `orders` table (ids 1-3 in 2025, 4-5 in 2019),
    // stretch-enabled on `year < 2020`.
    bool setUpOrders(TestWorkspace& ws);
    QString orders(TestWorkspace& ws);
    // A full backup of `app` restored at once as `name`.
    bool restoreNowAs(TestWorkspace& ws, const QString& name);
};

void TestCliStretch::initTestCase() {
    QVERIFY2(QFileInfo(cliProgram()).isExecutable(),
             qPrintable(QStringLiteral("no CLI at %1").arg(cliProgram())));
}

bool TestCliStretch::setUp(TestWorkspace& ws, qint64 rows, int batchRows,
                           const CliOptions& options) {
    const QString file = ws.dataPath(QStringLiteral("app.db"));
    if (!makeEvents(file, rows))
        return false;
    QFile secret(ws.dataPath(QStringLiteral("secret.txt")));
    if (!secret.open(QIODevice::WriteOnly) || secret.write(kSecret.toUtf8() + '\n') < 0)
        return false;
    secret.close();
    const QList<QStringList> steps = {
        {"init"},
        {"db", "add", "app", "--file", file},
        {"credential", "create", "c1", "--secret-file", ws.dataPath("secret.txt")},
        {"stretch", "enable", "app", "--table", "events", "--predicate", "cold = 1", "--remote",
         ws.dataPath("remote"), "--credential", "c1", "--batch-rows", QString::number(batchRows)},
    };
    for (const QStringList& step : steps) {
        CliResult r = ws.run(step, options);
        if (!exitedWith(r, 0)) {
            qWarning("%s", qPrintable(r.describe()));
            return false;
        }
    }
    return true;
}

QString TestCliStretch::whole(TestWorkspace& ws, const QString& database) {
    CliResult r = ws.runJson({"stretch", "query", database, kWholeTable});
    if (!exitedWith(r, 0))
        return r.describe();
    return QString::fromUtf8(
        QJsonDocument(r.jsonObject().value(QStringLiteral("rows")).toArray().at(0).toArray())
            .toJson(QJsonDocument::Compact));
}

bool TestCliStretch::setUpOrders(TestWorkspace& ws) {
    const QString file = ws.dataPath(QStringLiteral("app.db"));
    if (!execSql(file, QStringLiteral("CREATE TABLE orders(id integer primary key, year, item); "
                                      "INSERT INTO orders(year, item) VALUES (2025, 'a'), "
                                      "(2025, 'b'), (2025, 'c'), (2019, 'OLD-1'), "
                                      "(2019, 'OLD-2')")))
        return false;
    CliOptions input;
    input.standardInput = kSecret.toUtf8() + '\n';
    const QList<QStringList> steps = {
        {"init"},
        {"db", "add", "app", "--file", file},
        {"credential", "create", "c1"},
        {"stretch", "enable", "app", "--table", "orders", "--predicate", "year < 2020", "--remote",
         ws.dataPath("remote"), "--credential", "c1"},
    };
    for (const QStringList& step : steps) {
        CliResult r = ws.run(step, input);
        if (!exitedWith(r, 0)) {
            qWarning("%s", qPrintable(r.describe()));
            return false;
        }
    }
    return true;
}

bool TestCliStretch::restoreNowAs(TestWorkspace& ws, const QString& name) {
    CliResult full = ws.runJson({"backup", "app", "--type", "full"});
    CliResult restore = ws.run({"restore", "app", "--to",
                                full.jsonArray().at(0).toObject().value("snapshot").toString(),
                                "--as", name, "--file", ws.dataPath(name + ".db")});
    if (!exitedWith(full, 0) || !exitedWith(restore, 0)) {
        qWarning("%s\n%s", qPrintable(full.describe()), qPrintable(restore.describe()));
        return false;
    }
    return true;
}

// Every row of `orders` local plus remote, as "id:item" in item order.
QString TestCliStretch::orders(TestWorkspace& ws) {
    CliResult r = ws.runJson(
        {"stretch", "query", "app", "SELECT id || ':' || item FROM orders ORDER BY item, id"});
    if (!exitedWith(r, 0))
        return r.describe();
    QStringList out;
    for (const QJsonValue& row : r.jsonObject().value(QStringLiteral("rows")).toArray())
        out << row.toArray().at(0).toString();
    return out.join(QLatin1Char(' '));
}

void TestCliStretch::refusals() {
    TestWorkspace ws;
    QVERIFY(setUp(ws, 300, 100));
    const QString file = ws.dataPath("app.db");
    QVERIFY(execSql(file, QStringLiteral("CREATE TABLE nopk(a, b); CREATE TABLE other(id "
                                         "INTEGER PRIMARY KEY, cold INTEGER)")));
    struct Case {
        QStringList arguments;
        int exit;
        QString mentions;
    };
    const QString remote = ws.dataPath("remote");
    const QList<Case> cases = {
        {{"--table", "other", "--predicate", "id IN (SELECT id FROM events)"}, 1, "subqueries"},
        {{"--table", "other", "--predicate", "abs(cold) = 1"}, 1, "functions"},
        {{"--table", "other", "--predicate", "events.cold = 1"}, 1, "events.cold"},
        {{"--table", "other", "--predicate", "cold = 1 OR 1 = 1"}, 1, "predicate"},
        {{"--table", "nopk", "--predicate", "a = 1"}, 1, "no primary key"},
        {{"--table", "missing", "--predicate", "a = 1"}, 1, "no table"},
    };
    for (const Case& c : cases) {
        CliResult r = ws.run(QStringList{"stretch", "enable", "app"} + c.arguments +
                             QStringList{"--remote", remote, "--credential", "c1"});
        TIDEMARK_VERIFY_EXIT(r, c.exit);
        QVERIFY2(r.text().contains(c.mentions), qPrintable(r.describe()));
    }
    // Secrets never come from the command line.
    TIDEMARK_VERIFY_EXIT(ws.run({"credential", "create", "c3", "--secret", "abc"}), 2);
    // A credential with another secret cannot link to the endpoint.
    CliOptions input;
    input.standardInput = "another-secret\n";
    TIDEMARK_VERIFY_EXIT(ws.run({"credential", "create", "c2"}, input), 0);
    CliResult wrong = ws.run({"stretch", "enable", "app", "--table", "other", "--predicate",
                              "cold = 1", "--remote", remote, "--credential", "c2"});
    TIDEMARK_VERIFY_EXIT(wrong, 1);
    QVERIFY2(wrong.text().contains("does not match"), qPrintable(wrong.describe()));
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "enable", "app", "--table", "other", "--predicate",
                                 "cold = 1", "--remote", remote, "--credential", "nobody"}),
                         1);
    // A restored copy cannot be linked with the wrong credential either.
    CliResult full = ws.runJson({"backup", "app", "--type", "full"});
    TIDEMARK_VERIFY_EXIT(full, 0);
    const QString snapshot = full.jsonArray().at(0).toObject().value("snapshot").toString();
    TIDEMARK_VERIFY_EXIT(
        ws.run({"restore", "app", "--to", snapshot, "--as", "r", "--file", ws.dataPath("r.db")}),
        0);
    CliResult reauth = ws.run({"stretch", "reauthorize", "r", "--credential", "c2"});
    TIDEMARK_VERIFY_EXIT(reauth, 1);
    QVERIFY2(reauth.text().contains("does not match"), qPrintable(reauth.describe()));
    // The RPO duration is at least 8 hours: less is a range error (exit 2, the CLI contract).
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "rpo", "app", "--hours", "4"}), 2);
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "rpo", "app", "--hours", "12"}), 0);
    CliResult rpo = ws.runJson({"stretch", "rpo", "app"});
    TIDEMARK_VERIFY_EXIT(rpo, 0);
    QCOMPARE(rpo.jsonObject().value("rpo_hours").toInt(), 12);
    // Queries are read-only.
    CliResult write = ws.run({"stretch", "query", "app", "DELETE FROM events"});
    TIDEMARK_VERIFY_EXIT(write, 1);
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "query", "app", "PRAGMA query_only=0"}), 1);
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "query", "app", "SELECT 1; DELETE FROM events"}), 1);
    QCOMPARE(whole(ws, "app"), expectedWhole(300));
    // The secrets appear nowhere: not in any output, the job log or the catalog file.
    CliResult jobs = ws.runJson({"jobs", "--limit", "100"});
    QVERIFY(!jobs.text().contains(kSecret));
    QFile catalog(ws.catalogPath());
    QVERIFY(catalog.open(QIODevice::ReadOnly));
    QByteArray bytes = catalog.readAll();
    QFile wal(ws.catalogPath() + "-wal");
    if (wal.open(QIODevice::ReadOnly))
        bytes += wal.readAll();
    QVERIFY(!bytes.contains(kSecret.toUtf8()));
    QVERIFY(!bytes.contains("another-secret"));
}

void TestCliStretch::restoresReconcileToEveryPoint() {
    TestWorkspace ws;
    const qint64 initial = 3000;
    QVERIFY(setUp(ws, initial, 250));
    const QString file = ws.dataPath("app.db");
    struct Point {
        QString snapshot;
        qint64 rows = 0;
    };
    QList<Point> points;
    auto backup = [&](const QString& type, qint64 rows) {
        CliResult b = ws.runJson({"backup", "app", "--type", type});
        if (!exitedWith(b, 0))
            qWarning("%s", qPrintable(b.describe()));
        points << Point{b.jsonArray().at(0).toObject().value("snapshot").toString(), rows};
    };
    // Before any batch.
    backup("full", initial);
    Inserter inserter(file, initial);
    // Between batches: three batches run while the application inserts.
    inserter.start();
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app", "--batches", "3"}), 0);
    backup("log", inserter.stop());
    CliResult status = ws.runJson({"stretch", "status", "app"});
    TIDEMARK_VERIFY_EXIT(status, 0);
    QJsonObject table = status.jsonObject().value("tables").toArray().at(0).toObject();
    QCOMPARE(table.value("remote_rows").toInt(), 750);
    QCOMPARE(table.value("staging_rows").toInt(), 750);
    QCOMPARE(table.value("state").toString(), QStringLiteral("migrating"));
    // After every batch.
    inserter.start();
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    const qint64 afterAll = inserter.stop();
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    backup("log", afterAll);
    // And the application goes on.
    inserter.start();
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    const qint64 latest = inserter.stop();
    // The application really wrote while batches ran.
    QVERIFY(points[1].rows > initial && afterAll > points[1].rows && latest > afterAll);
    // Rows inserted after the last restore point migrate too.
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    QCOMPARE(whole(ws, "app"), expectedWhole(latest));
    CliResult batches = ws.runJson({"stretch", "batches", "app"});
    TIDEMARK_VERIFY_EXIT(batches, 0);
    QVERIFY(batches.jsonArray().size() >= 8);
    QCOMPARE(batches.jsonArray().at(0).toObject().value("state").toString(),
             QStringLiteral("done"));

    const qint64 originalRemote = [&] {
        CliResult s = ws.runJson({"stretch", "status", "app"});
        return qint64(s.jsonObject()
                          .value("tables")
                          .toArray()
                          .at(0)
                          .toObject()
                          .value("remote_rows")
                          .toDouble());
    }();
    for (int i = 0; i < points.size(); ++i) {
        const QString name = QStringLiteral("r%1").arg(i);
        TIDEMARK_VERIFY_EXIT(ws.run({"restore", "app", "--to", points[i].snapshot, "--as", name,
                                     "--file", ws.dataPath(name + ".db")}),
                             0);
        CliResult before = ws.runJson({"stretch", "status", name});
        TIDEMARK_VERIFY_EXIT(before, 0);
        QCOMPARE(before.jsonObject().value("linked").toBool(), false);
        QCOMPARE(before.jsonObject().value("reconciliation").toObject().value("state").toString(),
                 QStringLiteral("not_linked"));
        QVERIFY(
            !before.jsonObject().value("reconciliation").toObject().value("restored_to").isNull());
        TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "query", name, kWholeTable}), 1);
        CliResult report =
            ws.runJson({"stretch", "reauthorize", name, "--credential", "c1", "--with-copy"});
        TIDEMARK_VERIFY_EXIT(report, 0);
        QCOMPARE(report.jsonObject().value("state").toString(), QStringLiteral("completed"));
        QVERIFY2(report.jsonObject().value("verified").toBool(), qPrintable(report.describe()));
        QCOMPARE(whole(ws, name), expectedWhole(points[i].rows));
        CliResult after = ws.runJson({"stretch", "status", name});
        QJsonObject recon = after.jsonObject().value("reconciliation").toObject();
        QCOMPARE(after.jsonObject().value("linked").toBool(), true);
        QCOMPARE(recon.value("state").toString(), QStringLiteral("completed"));
        QVERIFY2(recon.value("removed").toInt() > 0, qPrintable(after.describe()));
        QCOMPARE(recon.value("reinserted").toInt(), 0);
        QCOMPARE(recon.value("unrecoverable").toArray().size(), 0);
        QVERIFY(after.jsonObject()
                    .value("tables")
                    .toArray()
                    .at(0)
                    .toObject()
                    .value("remote_file")
                    .toString()
                    .contains(ws.dataPath("remote")));
        // The original's endpoint was not touched.
        QCOMPARE(whole(ws, "app"), expectedWhole(latest));
        CliResult s = ws.runJson({"stretch", "status", "app"});
        QCOMPARE(qint64(s.jsonObject()
                            .value("tables")
                            .toArray()
                            .at(0)
                            .toObject()
                            .value("remote_rows")
                            .toDouble()),
                 originalRemote);
    }
    // With --take-over, the restored database takes the endpoint over; the original is then not
    // linked and migrates nothing.
    TIDEMARK_VERIFY_EXIT(ws.run({"restore", "app", "--to", points[1].snapshot, "--as", "taker",
                                 "--file", ws.dataPath("taker.db")}),
                         0);
    CliResult takeover =
        ws.runJson({"stretch", "reauthorize", "taker", "--credential", "c1", "--take-over"});
    TIDEMARK_VERIFY_EXIT(takeover, 0);
    QCOMPARE(takeover.jsonObject().value("state").toString(), QStringLiteral("completed"));
    QCOMPARE(whole(ws, "taker"), expectedWhole(points[1].rows));
    CliResult original = ws.runJson({"stretch", "status", "app"});
    QCOMPARE(original.jsonObject().value("linked").toBool(), false);
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 1);
    // The taker migrates on from its own point.
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "taker"}), 0);
    QCOMPARE(whole(ws, "taker"), expectedWhole(points[1].rows));
}

void TestCliStretch::remoteSnapshotWithinAndBeyondRpo() {
    TestWorkspace ws;
    const QString t0 = QStringLiteral("2026-01-05T00:00:00Z");
    // 2001 is not cold, so no cold row is held back as the table's newest.
    QVERIFY(setUp(ws, 2001, 200, at(t0)));
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app", "--batches", "2"}, at(t0)), 0);
    CliResult s1 = ws.runJson({"stretch", "snapshot", "app"}, at("2026-01-05T00:01:00Z"));
    TIDEMARK_VERIFY_EXIT(s1, 0);
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}, at("2026-01-05T00:02:00Z")), 0);
    const int cold = 1334; // ids 1..2001 with id % 3 <> 0

    // Within the RPO duration: every row the old snapshot lacks is still in staging.
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "restore-remote", "app", "--snapshot",
                                 s1.jsonObject().value("id").toString()},
                                at("2026-01-05T01:00:00Z")),
                         0);
    CliResult unlinked = ws.runJson({"stretch", "status", "app"}, at("2026-01-05T01:00:00Z"));
    QCOMPARE(unlinked.jsonObject().value("linked").toBool(), false);
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}, at("2026-01-05T01:00:00Z")), 1);
    CliResult within = ws.runJson({"stretch", "reauthorize", "app", "--credential", "c1"},
                                  at("2026-01-05T01:01:00Z"));
    TIDEMARK_VERIFY_EXIT(within, 0);
    QCOMPARE(within.jsonObject().value("reinserted").toInt(), cold - 400);
    QCOMPARE(within.jsonObject().value("removed").toInt(), 0);
    QVERIFY(within.jsonObject().value("verified").toBool());
    QCOMPARE(whole(ws, "app"), expectedWhole(2001));

    // Beyond it: rows migrated after the snapshot whose staging rows were purged are lost.
    CliResult s2 = ws.runJson({"stretch", "snapshot", "app"}, at("2026-01-05T01:02:00Z"));
    TIDEMARK_VERIFY_EXIT(s2, 0);
    QVERIFY(execSql(ws.dataPath("app.db"), insertRows(2002, 2601)));
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}, at("2026-01-05T02:00:00Z")), 0);
    CliResult purge = ws.runJson({"stretch", "migrate", "app"}, at("2026-01-05T11:00:00Z"));
    TIDEMARK_VERIFY_EXIT(purge, 0);
    QCOMPARE(purge.jsonObject().value("purged_staging").toInt(), cold + 400);
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "restore-remote", "app", "--snapshot",
                                 s2.jsonObject().value("id").toString()},
                                at("2026-01-05T11:01:00Z")),
                         0);
    CliResult beyond = ws.runJson({"stretch", "reauthorize", "app", "--credential", "c1"},
                                  at("2026-01-05T11:02:00Z"));
    TIDEMARK_VERIFY_EXIT(beyond, 3);
    QJsonObject report = beyond.jsonObject();
    QCOMPARE(report.value("state").toString(), QStringLiteral("completed_with_losses"));
    QJsonArray lost = report.value("unrecoverable").toArray();
    QCOMPARE(lost.size(), 400);
    QCOMPARE(lost.at(0).toString(), QStringLiteral("events: 2002"));
    QCOMPARE(report.value("reinserted").toInt(), 0);
    // Nothing invented: the table is rows 1..2601 without the lost ones.
    CliResult q = ws.runJson(
        {"stretch", "query", "app", "SELECT count(*), sum(id > 2000 AND cold = 1) FROM events"});
    TIDEMARK_VERIFY_EXIT(q, 0);
    QCOMPARE(jsonText(q.jsonObject().value("rows").toArray().at(0)), QStringLiteral("[2201,0]"));
}

void TestCliStretch::killDuringMigrationAndReconciliation() {
    TestWorkspace ws;
    const qint64 rows = 40000;
    QVERIFY(setUp(ws, rows, 100));
    CliResult full = ws.runJson({"backup", "app", "--type", "full"});
    TIDEMARK_VERIFY_EXIT(full, 0);
    const QString before = full.jsonArray().at(0).toObject().value("snapshot").toString();

    const quint32 seed = qEnvironmentVariableIsSet("TIDEMARK_KILL_SEED")
                             ? quint32(qEnvironmentVariableIntValue("TIDEMARK_KILL_SEED"))
                             : QRandomGenerator::global()->generate();
    qInfo("stretch kill seed %u (replay with TIDEMARK_KILL_SEED=%u)", seed, seed);
    QRandomGenerator random(seed);
    int killed = 0;
    for (int round = 0; round < 12; ++round) {
        QProcess migrate;
        ws.start(migrate, {"stretch", "migrate", "app"});
        if (!migrate.waitForFinished(int(150 + random.bounded(400)))) {
            migrate.kill();
            migrate.waitForFinished();
            ++killed;
        }
        // Whatever moment the kill hit, the whole table is there exactly once.
        QCOMPARE(whole(ws, "app"), expectedWhole(rows));
    }
    qInfo("%d migrations killed", killed);
    // The kills landed while batches ran, not only before the first.
    CliResult partial = ws.runJson({"stretch", "status", "app"});
    QVERIFY2(partial.jsonObject()
                     .value("tables")
                     .toArray()
                     .at(0)
                     .toObject()
                     .value("remote_rows")
                     .toInt() > 0,
             qPrintable(partial.describe()));
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    QCOMPARE(whole(ws, "app"), expectedWhole(rows));
    CliResult status = ws.runJson({"stretch", "status", "app"});
    QJsonObject table = status.jsonObject().value("tables").toArray().at(0).toObject();
    // Row 40000 is cold but the newest: it stays local so its id is never handed out again.
    QCOMPARE(table.value("remote_rows").toInt(), 26666);
    QCOMPARE(table.value("local_rows").toInt(), 13334);
    QCOMPARE(table.value("staging_rows").toInt(), 26666);

    // Reconciliation of a copy restored to before any migration, killed part-way, again and
    // again: every remote row must end up local again, none lost, none twice.
    // How long one whole reconciliation of this kind takes, so the kills below land inside it.
    TIDEMARK_VERIFY_EXIT(ws.run({"restore", "app", "--to", before, "--as", "measure", "--file",
                                 ws.dataPath("measure.db")}),
                         0);
    QElapsedTimer timer;
    timer.start();
    CliResult measured =
        ws.runJson({"stretch", "reauthorize", "measure", "--credential", "c1", "--with-copy"});
    const qint64 fullMs = timer.elapsed();
    TIDEMARK_VERIFY_EXIT(measured, 0);
    QCOMPARE(measured.jsonObject().value("removed").toInt(), 26666);
    QCOMPARE(whole(ws, "measure"), expectedWhole(rows));
    TIDEMARK_VERIFY_EXIT(
        ws.run({"restore", "app", "--to", before, "--as", "r", "--file", ws.dataPath("r.db")}), 0);
    TIDEMARK_VERIFY_EXIT(
        ws.run({"stretch", "reauthorize", "r", "--credential", "c1", "--with-copy", "--no-wait"}),
        0);
    int interrupted = 0;
    for (int round = 0; round < 6; ++round) {
        QProcess reconcile;
        ws.start(reconcile, {"stretch", "reconcile", "r"});
        if (!reconcile.waitForFinished(int(fullMs / 3 + random.bounded(int(fullMs))))) {
            reconcile.kill();
            reconcile.waitForFinished();
            ++interrupted;
        }
    }
    qInfo("%d reconciliations killed", interrupted);
    CliResult done = ws.runJson({"stretch", "reconcile", "r"});
    TIDEMARK_VERIFY_EXIT(done, 0);
    QVERIFY(done.jsonObject().value("verified").toBool());
    QCOMPARE(whole(ws, "r"), expectedWhole(rows));
    CliResult restored = ws.runJson({"stretch", "status", "r"});
    QJsonObject r = restored.jsonObject().value("tables").toArray().at(0).toObject();
    QCOMPARE(r.value("remote_rows").toInt(), 0);
    QCOMPARE(r.value("local_rows").toInt(), rows);
    // The original is unaffected.
    QCOMPARE(whole(ws, "app"), expectedWhole(rows));
}

void TestCliStretch::agentMigratesAndSnapshots() {
    TestWorkspace ws;
    QVERIFY(setUp(ws, 1000, 100, at("2026-03-02T00:00:00Z")));
    // The agent migrates in the background and snapshots the remote endpoint.
    TIDEMARK_VERIFY_EXIT(
        ws.run({"agent", "--until", "2026-03-02T00:30:00Z"}, at("2026-03-02T00:00:00Z")), 0);
    CliResult status = ws.runJson({"stretch", "status", "app"}, at("2026-03-02T00:31:00Z"));
    QJsonObject table = status.jsonObject().value("tables").toArray().at(0).toObject();
    QCOMPARE(table.value("state").toString(), QStringLiteral("up_to_date"));
    QCOMPARE(table.value("remote_rows").toInt(), 666); // row 1000, the newest, stays local
    CliResult first = ws.runJson({"stretch", "snapshots", "app"}, at("2026-03-02T00:31:00Z"));
    QCOMPARE(first.jsonArray().size(), 1);
    // Eight days later: a new snapshot, and the one older than seven days is gone.
    TIDEMARK_VERIFY_EXIT(
        ws.run({"agent", "--until", "2026-03-10T00:30:00Z"}, at("2026-03-10T00:00:00Z")), 0);
    CliResult later = ws.runJson({"stretch", "snapshots", "app"}, at("2026-03-10T00:31:00Z"));
    QCOMPARE(later.jsonArray().size(), 1);
    QVERIFY(later.jsonArray().at(0).toObject().value("taken").toString().startsWith(
        QStringLiteral("2026-03-10")));
    QCOMPARE(whole(ws, "app"), expectedWhole(1000));
}

void TestCliStretch::migratedIdsAreNeverHandedOutAgain() {
    TestWorkspace ws;
    QVERIFY(setUpOrders(ws));
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    // SQLite gives a new row max(id) + 1: it must not be the id of a migrated row.
    QVERIFY(execSql(ws.dataPath("app.db"),
                    "INSERT INTO orders(year, item) VALUES (2018, 'OLD-3-new')"));
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    QCOMPARE(orders(ws), QStringLiteral("4:OLD-1 5:OLD-2 6:OLD-3-new 1:a 2:b 3:c"));
    CliResult status = ws.runJson({"stretch", "status", "app"});
    QJsonObject table = status.jsonObject().value("tables").toArray().at(0).toObject();
    QCOMPARE(table.value("local_rows").toInt() + table.value("remote_rows").toInt(), 6);
    // A copy restored to now reconciles with nothing lost.
    QVERIFY(restoreNowAs(ws, "r"));
    CliResult report =
        ws.runJson({"stretch", "reauthorize", "r", "--credential", "c1", "--with-copy"});
    TIDEMARK_VERIFY_EXIT(report, 0);
    QCOMPARE(report.jsonObject().value("unrecoverable").toArray().size(), 0);
    QVERIFY2(report.jsonObject().value("verified").toBool(), qPrintable(report.describe()));
}

void TestCliStretch::keyClashStopsTheBatchAndKeepsBothRows() {
    TestWorkspace ws;
    QVERIFY(setUpOrders(ws));
    CliResult status = ws.runJson({"stretch", "status", "app"});
    const QString endpoint = status.jsonObject()
                                 .value("tables")
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value("remote_file")
                                 .toString();
    // Another row already holds key 4 on the endpoint.
    QVERIFY(execSql(endpoint, "INSERT INTO orders VALUES (4, 1999, 'FOREIGN')"));
    CliResult migrate = ws.run({"stretch", "migrate", "app"});
    TIDEMARK_VERIFY_EXIT(migrate, 1);
    QVERIFY2(migrate.text().contains("orders") && migrate.text().contains("4"),
             qPrintable(migrate.describe()));
    // Both rows are kept, neither overwritten.
    QCOMPARE(orders(ws), QStringLiteral("4:FOREIGN 4:OLD-1 5:OLD-2 1:a 2:b 3:c"));
    SqliteConnection remote(endpoint, true);
    QCOMPARE(remote.queryText("SELECT group_concat(item) FROM orders WHERE id = 4").value_or(""),
             QStringLiteral("FOREIGN"));
    CliResult batches = ws.runJson({"stretch", "batches", "app"});
    TIDEMARK_VERIFY_EXIT(batches, 0);
    QJsonObject batch = batches.jsonArray().at(0).toObject();
    QCOMPARE(batch.value("state").toString(), QStringLiteral("copying"));
    QVERIFY2(batch.value("error").toString().contains("4"), qPrintable(batches.describe()));
    // One alert names the table and the key, however often migration retries.
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 1);
    CliResult alerts = ws.runJson({"alerts"});
    TIDEMARK_VERIFY_EXIT(alerts, 0);
    QCOMPARE(alerts.jsonArray().size(), 1);
    QJsonObject alert = alerts.jsonArray().at(0).toObject();
    QCOMPARE(alert.value("kind").toString(), QStringLiteral("stretch"));
    QCOMPARE(alert.value("database").toString(), QStringLiteral("app"));
    QVERIFY2(alert.value("message").toString().contains("orders") &&
                 alert.value("message").toString().contains("4"),
             qPrintable(alerts.describe()));
}

void TestCliStretch::idReusedAfterTheNewestRowWasDeletedIsAClash() {
    TestWorkspace ws;
    QVERIFY(setUpOrders(ws));
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    // The application deletes the newest row, so SQLite hands out migrated id 4 again.
    QVERIFY(execSql(ws.dataPath("app.db"),
                    "DELETE FROM orders WHERE id = 5; INSERT INTO orders(year, item) VALUES "
                    "(2017, 'REUSED'), (2025, 'd')"));
    CliResult migrate = ws.run({"stretch", "migrate", "app"});
    TIDEMARK_VERIFY_EXIT(migrate, 1);
    QVERIFY2(migrate.text().contains("clash"), qPrintable(migrate.describe()));
    QCOMPARE(orders(ws), QStringLiteral("4:OLD-1 4:REUSED 1:a 2:b 3:c 5:d"));
    QCOMPARE(ws.runJson({"alerts"}).jsonArray().size(), 1);
}

void TestCliStretch::reauthorizeRefusesToTakeOverALiveEndpoint() {
    TestWorkspace ws;
    QVERIFY(setUp(ws, 600, 100));
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    QVERIFY(restoreNowAs(ws, "r"));
    CliResult refused = ws.run({"stretch", "reauthorize", "r", "--credential", "c1"});
    TIDEMARK_VERIFY_EXIT(refused, 1);
    QVERIFY2(refused.text().contains("--with-copy") && refused.text().contains("--take-over") &&
                 refused.text().contains("app"),
             qPrintable(refused.describe()));
    CliResult live = ws.runJson({"stretch", "status", "app"});
    QCOMPARE(live.jsonObject().value("linked").toBool(), true);
    CliResult copy = ws.runJson({"stretch", "status", "r"});
    QCOMPARE(copy.jsonObject().value("linked").toBool(), false);
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    // Taking over is a choice made out loud.
    TIDEMARK_VERIFY_EXIT(
        ws.run({"stretch", "reauthorize", "r", "--credential", "c1", "--take-over"}), 0);
    QCOMPARE(ws.runJson({"stretch", "status", "app"}).jsonObject().value("linked").toBool(), false);
    QCOMPARE(whole(ws, "r"), expectedWhole(600));
    TIDEMARK_VERIFY_EXIT(
        ws.run({"stretch", "reauthorize", "r", "--credential", "c1", "--with-copy", "--take-over"}),
        2);
}

void TestCliStretch::reauthorizeOfADroppedDatabasesEndpoint() {
    TestWorkspace ws;
    QVERIFY(setUp(ws, 600, 100));
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "migrate", "app"}), 0);
    QVERIFY(restoreNowAs(ws, "r"));
    TIDEMARK_VERIFY_EXIT(ws.run({"db", "drop", "app"}), 0);
    // Nobody else uses the endpoint any more: plain reauthorize links the copy to it.
    TIDEMARK_VERIFY_EXIT(ws.run({"stretch", "reauthorize", "r", "--credential", "c1"}), 0);
    QCOMPARE(ws.runJson({"stretch", "status", "r"}).jsonObject().value("linked").toBool(), true);
    QCOMPARE(whole(ws, "r"), expectedWhole(600));
}

QTEST_GUILESS_MAIN(TestCliStretch)
#include "tst_cli_stretch.moc"
