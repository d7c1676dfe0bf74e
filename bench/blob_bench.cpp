// Blob locations against the pinned Azurite, side by side with a local folder in one run.
//   tidemark-blob-bench DB SCRATCH [IDLE_HOURS]
// 1. A full backup of DB and a restore of it, to a folder and to a container: MiB/s each
//    (goal: the container at least half the folder's), and the requests each sent.
// 2. A second full of the unchanged database: the requests it sends (goal: a handful).
// 3. Requests per hour of one database under the agent with continuous capture: idle for
//    IDLE_HOURS (default 24) simulated hours, and committing 100 times a second for a simulated
//    hour (one commit a row update; capture stepped every simulated second, sealed every log
//    interval, the agent's pass after each seal).
// Prints markdown for docs/performance.md.
#include "Azurite.h"
#include "capture/LogCapture.h"
#include "vault/azure/AzureBlobLocation.h"
#include "workspace/Agent.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <sqlite3.h>

#include <cstdio>
#include <optional>

#include "BenchSqlite.h"

using namespace tidemark;
using azure::RequestCounts;

namespace {

const QByteArray kPass("blob bench passphrase");
constexpr qint64 kSecond = 1000;
constexpr qint64 kHour = 3600 * kSecond;
constexpr qint64 kT0 = 1772359200000; // 2026-03-01T10:00:00Z

// Opens the workspace's blob location and keeps its client, so the bench reads what it sent.
// The emulator this run started; stopped on every way out.
std::unique_ptr<tidemark::testing::Azurite> emulator;

// A failed step measures nothing: say why, stop the emulator and leave.
void mustSucceed(const Status& status) {
    if (!status) {
        std::fprintf(stderr, "benchmark step failed: %s\n", qPrintable(status.message()));
        emulator.reset();
        std::exit(1);
    }
}

struct CountedOpener {
    std::shared_ptr<azure::AzureBlobClient> client;
    Result<std::shared_ptr<Location>> operator()(const QString& spec) {
        return azure::openBlobLocation(spec, &client);
    }
    RequestCounts counts() const { return client ? client->requestCounts() : RequestCounts{}; }
};

QString requests(const RequestCounts& c) {
    return QStringLiteral("%1 | %2 | %3 | %4").arg(c.puts).arg(c.gets).arg(c.lists).arg(c.deletes);
}

QString perHour(const RequestCounts& c, double hours) {
    auto rate = [hours](qint64 n) { return QString::number(double(n) / hours, 'f', 1); };
    return QStringLiteral("%1 | %2 | %3 | %4")
        .arg(rate(c.puts), rate(c.gets), rate(c.lists), rate(c.deletes));
}

struct Bench {
    std::unique_ptr<Workspace> ws;
    std::shared_ptr<CountedOpener> opener = std::make_shared<CountedOpener>();

    void create(const QString& dir, const QString& location, std::shared_ptr<const Clock> clock) {
        QDir(dir).removeRecursively();
        RedundancyConfig config;
        config.locations = {location.isEmpty() ? dir + QStringLiteral("/vault") : location};
        auto shared = opener;
        LocationOpener open;
        if (location.startsWith(QStringLiteral("azure://")))
            open = [shared](const QString& spec) { return (*shared)(spec); };
        auto made = Workspace::create(dir, config, &kPass, std::move(clock), open);
        mustSucceed(made.status());
        ws = std::move(*made);
    }
    DatabaseInfo add(const QString& file) {
        auto db = ws->addDatabase(QStringLiteral("app"), file, -1);
        mustSucceed(db.status());
        return *db;
    }
    // Seconds a full backup takes.
    double full(const DatabaseInfo& db) {
        QElapsedTimer t;
        t.start();
        JobContext job;
        mustSucceed(ws->backup(ws->catalog(), db, BackupType::Full, job).status());
        return double(t.nsecsElapsed()) / 1e9;
    }
    // Seconds restoring the latest point into `file` takes.
    double restore(const QString& file) {
        QFile::remove(file);
        QElapsedTimer t;
        t.start();
        JobContext job;
        auto db = ws->catalog().findDatabase(QStringLiteral("app"));
        mustSucceed(db.status());
        const qint64 latest = ws->restorable(ws->catalog(), *db).window.latestMs;
        mustSucceed(ws->restoreToPoint(ws->catalog(), QStringLiteral("app"), latest,
                                       QStringLiteral("restored"), file, job)
                        .status());
        return double(t.nsecsElapsed()) / 1e9;
    }
};

// A small WAL database and a writer of one-row commits into it.
struct Writer {
    sqlite3* db = nullptr;
    sqlite3_stmt* update = nullptr;
    qint64 next = 0;
    explicit Writer(const QString& path) {
        const bool fresh = !QFileInfo::exists(path);
        sqlite3_open(QFile::encodeName(path).constData(), &db);
        sqlite3_busy_timeout(db, 10000);
        exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        if (fresh)
            exec(db, "CREATE TABLE orders(id INTEGER PRIMARY KEY, amount INTEGER, note TEXT);"
                     "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < "
                     "20000) INSERT INTO orders(amount, note) SELECT i, printf('order %d', i) "
                     "FROM s;");
        sqlite3_prepare_v2(db, "UPDATE orders SET amount = amount + 1 WHERE id = ?", -1, &update,
                           nullptr);
    }
    ~Writer() {
        sqlite3_finalize(update);
        sqlite3_close(db);
    }
    void commit() {
        sqlite3_bind_int64(update, 1, 1 + (next++ * 7919) % 20000);
        sqlite3_step(update);
        sqlite3_reset(update);
    }
};

void throughput(const QString& database, const QString& scratch) {
    const double mib = double(QFileInfo(database).size()) / (1024.0 * 1024.0);
    Bench folder, blob;
    folder.create(scratch + QStringLiteral("/folder-ws"), QString(),
                  std::make_shared<SystemClock>());
    blob.create(scratch + QStringLiteral("/blob-ws"),
                QStringLiteral("azure://devstoreaccount1/bench"), std::make_shared<SystemClock>());
    const DatabaseInfo inFolder = folder.add(database);
    const DatabaseInfo inBlob = blob.add(database);

    const RequestCounts beforeFull = blob.opener->counts();
    const double folderFull = folder.full(inFolder);
    const double blobFull = blob.full(inBlob);
    const RequestCounts fullRequests = blob.opener->counts().since(beforeFull);
    const RequestCounts beforeRestore = blob.opener->counts();
    const double folderRestore = folder.restore(scratch + QStringLiteral("/restored-folder.db"));
    const double blobRestore = blob.restore(scratch + QStringLiteral("/restored-blob.db"));
    const RequestCounts restoreRequests = blob.opener->counts().since(beforeRestore);
    const RequestCounts beforeSecond = blob.opener->counts();
    const double blobSecond = blob.full(inBlob);
    const RequestCounts secondRequests = blob.opener->counts().since(beforeSecond);

    auto rate = [mib](double seconds) { return mib / std::max(seconds, 1e-9); };
    auto met = [](bool yes) { return yes ? QStringLiteral("yes") : QStringLiteral("**no**"); };
    std::printf("\n### Blob location (Azurite 3.34.0) beside a folder, one run\n\n");
    std::printf("Database: %.1f MiB.\n\n", mib);
    std::printf("| operation | folder s | folder MiB/s | container s | container MiB/s | ratio | "
                "goal | met |\n|---|---:|---:|---:|---:|---:|---|---|\n");
    const double backupRatio = rate(blobFull) / rate(folderFull);
    const double restoreRatio = rate(blobRestore) / rate(folderRestore);
    std::printf("| full backup | %.2f | %.1f | %.2f | %.1f | %.2f | container >= 0.5 x folder | "
                "%s |\n",
                folderFull, rate(folderFull), blobFull, rate(blobFull), backupRatio,
                qPrintable(met(backupRatio >= 0.5)));
    std::printf("| restore latest | %.2f | %.1f | %.2f | %.1f | %.2f | container >= 0.5 x folder "
                "| %s |\n\n",
                folderRestore, rate(folderRestore), blobRestore, rate(blobRestore), restoreRatio,
                qPrintable(met(restoreRatio >= 0.5)));
    std::printf("| requests to the container | puts | gets | lists | deletes | goal | met |\n"
                "|---|---:|---:|---:|---:|---|---|\n");
    std::printf("| first full | %s | (informative) | — |\n", qPrintable(requests(fullRequests)));
    std::printf("| restore latest | %s | (informative) | — |\n",
                qPrintable(requests(restoreRequests)));
    std::printf("| second full, unchanged (%.2f s) | %s | a handful (<= 10) | %s |\n", blobSecond,
                qPrintable(requests(secondRequests)),
                qPrintable(met(secondRequests.total() <= 10)));
}

// A workspace on container NAME protecting a new WAL database NAME.db on a manual clock.
struct Captured {
    Bench bench;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(kT0);
    std::unique_ptr<Writer> writer;
    DatabaseInfo db;
    Captured(const QString& scratch, const QString& name) {
        bench.create(scratch + QLatin1Char('/') + name + QStringLiteral("-ws"),
                     QStringLiteral("azure://devstoreaccount1/") + name, clock);
        const QString file = scratch + QLatin1Char('/') + name + QStringLiteral(".db");
        QFile::remove(file);
        writer = std::make_unique<Writer>(file);
        writer->commit();
        db = bench.add(file);
    }
};

// Requests per hour of one captured database with nobody writing to it, under the agent: from
// an hour after its first backups (their garbage collection included) for `hours` hours.
void idleRate(const QString& scratch, int hours) {
    Captured c(scratch, QStringLiteral("idle"));
    c.writer.reset();
    constexpr qint64 kIdleFrom = kT0 + 2 * kHour;
    std::optional<RequestCounts> before;
    AgentOptions options;
    options.replayClock = c.clock.get();
    options.capture = true;
    options.beforePass = [&](qint64 nowMs) {
        if (nowMs >= kIdleFrom && !before)
            before = c.bench.opener->counts();
    };
    options.untilMs = kIdleFrom + hours * kHour;
    Agent agent(*c.bench.ws, options);
    auto report = agent.run();
    mustSucceed(report.status());
    const RequestCounts idle = c.bench.opener->counts().since(before.value_or(RequestCounts{}));
    std::printf("\n| one database, per hour (container) | puts | gets | lists | deletes |\n"
                "|---|---:|---:|---:|---:|\n");
    std::printf("| idle, %d simulated hours under the agent (%d passes) | %s |\n", hours,
                report->passes, qPrintable(perHour(idle, hours)));
}

// Requests per hour of one captured database committing 100 times a second.
void busyRate(const QString& scratch) {
    Captured c(scratch, QStringLiteral("busy"));
    Bench& b = c.bench;
    const DatabaseInfo& db = c.db;
    LogCapture capture(b.ws->vault(), b.ws->catalogPath(), b.ws->clock(), b.ws->pool(), db,
                       CaptureOptions{});
    mustSucceed(capture.step()); // the anchoring full
    Agent agent(*b.ws, AgentOptions{});
    AgentReport report;
    agent.pass(report);
    const qint64 logIntervalMs = b.ws->catalog().policy(db.uuid).logIntervalMs();
    const RequestCounts before = b.opener->counts();
    QElapsedTimer wall;
    wall.start();
    for (qint64 second = 1; second <= 3600; ++second) {
        for (int i = 0; i < 100; ++i)
            c.writer->commit();
        c.clock->advanceMs(kSecond);
        mustSucceed(capture.step());
        if (second * kSecond % logIntervalMs == 0) {
            mustSucceed(capture.sealScheduled());
            agent.pass(report);
        }
    }
    const RequestCounts busy = b.opener->counts().since(before);
    std::printf("| 100 commits/s for a simulated hour (360,000 commits; %.0f s of wall time) "
                "| %s |\n",
                double(wall.elapsed()) / 1000.0, qPrintable(perHour(busy, 1)));
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: tidemark-blob-bench DB SCRATCH [IDLE_HOURS]\n");
        return 2;
    }
    const QString database = QString::fromLocal8Bit(argv[1]);
    const QString scratch = QString::fromLocal8Bit(argv[2]);
    const int idleHours = argc > 3 ? std::max(1, std::atoi(argv[3])) : 24;
    if (!QFileInfo(database).isFile()) {
        std::fprintf(stderr, "tidemark-blob-bench: %s is not a database file\n", argv[1]);
        return 2;
    }
    QDir().mkpath(scratch);
    emulator = std::make_unique<tidemark::testing::Azurite>();
    if (const QString problem = emulator->start(); !problem.isEmpty()) {
        std::fprintf(stderr, "tidemark-blob-bench: %s\n", qPrintable(problem));
        emulator.reset();
        return 1;
    }
    qunsetenv("AZURE_STORAGE_KEY");
    qunsetenv("AZURE_STORAGE_SAS_TOKEN");
    qputenv("AZURE_STORAGE_CONNECTION_STRING", emulator->connectionString().toUtf8());
    throughput(database, scratch);
    idleRate(scratch, idleHours);
    busyRate(scratch);
    emulator.reset();
    return 0;
}
