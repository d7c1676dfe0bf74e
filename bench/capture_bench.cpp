// Continuous capture: what it costs and how quickly commits become durable.
//   tidemark-capture-bench DIR [BIG_MIB]
// 1. Capture cost follows the change: 1,000 one-row commits captured in a 10 MiB database and
//    in a BIG_MIB (default 1024) one; CPU and wall time of the capture side only.
// 2. A writer committing 1,000 times a second for 10 s while capture runs as in the agent:
//    commit-to-vault latency (p50, p99, max), the log's longest length, and the writer's
//    achieved rate; then the writer flat out with and without capture, side by side.
// Prints lines for docs/performance.md.
#include "capture/LogCapture.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "BenchChecks.h"
#include "BenchSqlite.h"

using namespace tidemark;

namespace {

using Steady = std::chrono::steady_clock;

double threadCpuMs() {
    rusage u{};
    getrusage(RUSAGE_THREAD, &u);
    return u.ru_utime.tv_sec * 1e3 + u.ru_utime.tv_usec / 1e3 + u.ru_stime.tv_sec * 1e3 +
           u.ru_stime.tv_usec / 1e3;
}

sqlite3* openApp(const QString& path) {
    sqlite3* db = nullptr;
    sqlite3_open(QFile::encodeName(path).constData(), &db);
    sqlite3_busy_timeout(db, 10000);
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    return db;
}

bool makeDatabase(const QString& path, int mib) {
    QFile::remove(path);
    sqlite3* db = openApp(path);
    bool ok = exec(db, "CREATE TABLE bulk(id INTEGER PRIMARY KEY, v BLOB);"
                       "CREATE TABLE events(id INTEGER PRIMARY KEY, at INTEGER, note TEXT);");
    const int rows = mib * 256; // 4 KiB each
    ok = ok && exec(db, QStringLiteral("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                       "FROM s WHERE i < %1) INSERT INTO bulk(v) SELECT "
                                       "randomblob(4000) FROM s;")
                            .arg(rows)
                            .toUtf8()
                            .constData());
    ok = ok && exec(db, "PRAGMA wal_checkpoint(TRUNCATE);");
    sqlite3_close(db);
    return ok;
}

// One commit: one small row.
struct RowWriter {
    sqlite3* db;
    sqlite3_stmt* insert = nullptr;
    explicit RowWriter(const QString& path) : db(openApp(path)) {
        sqlite3_prepare_v2(db, "INSERT INTO events(at, note) VALUES(?, 'one row, one commit')", -1,
                           &insert, nullptr);
    }
    ~RowWriter() {
        sqlite3_finalize(insert);
        sqlite3_close(db);
    }
    bool commit(qint64 at) {
        sqlite3_bind_int64(insert, 1, at);
        int rc = sqlite3_step(insert);
        sqlite3_reset(insert);
        return rc == SQLITE_DONE;
    }
};

struct Setup {
    std::unique_ptr<Workspace> ws;
    DatabaseInfo db;
};

Setup makeWorkspace(const QString& dir, const QString& file) {
    Setup s;
    QDir(dir).removeRecursively();
    QByteArray pass("capture bench passphrase");
    auto ws = Workspace::create(dir, dir + QStringLiteral("/vault"), &pass,
                                std::make_shared<SystemClock>());
    if (!ws) {
        std::fprintf(stderr, "workspace: %s\n", qPrintable(ws.status().message()));
        std::exit(1);
    }
    s.ws = std::move(*ws);
    auto db = s.ws->addDatabase(QStringLiteral("app"), file, -1);
    if (!db) {
        std::fprintf(stderr, "add: %s\n", qPrintable(db.status().message()));
        std::exit(1);
    }
    s.db = *db;
    return s;
}

struct CostFigures {
    double cpuMs = 0;
    double wallMs = 0;
};

// 1,000 commits made, then captured until durable: the capture side's cost alone.
CostFigures captureCost(const QString& dir, int mib) {
    const QString file = dir + QStringLiteral("/app-%1.db").arg(mib);
    if (!makeDatabase(file, mib))
        std::exit(1);
    Setup s = makeWorkspace(dir + QStringLiteral("/ws-%1").arg(mib), file);
    CaptureOptions options;
    options.flushMs = 0;
    LogCapture capture(s.ws->vault(), s.ws->catalogPath(), s.ws->clock(), s.ws->pool(), s.db,
                       options);
    while (capture.snapshot().lastCommit < 0 || !capture.snapshot().broken.isEmpty()) {
        if (Status st = capture.step(); !st) {
            std::fprintf(stderr, "anchor: %s\n", qPrintable(st.message()));
            std::exit(1);
        }
    }
    const qint64 anchor = capture.snapshot().lastCommit;
    {
        RowWriter writer(file);
        for (int i = 0; i < 1000; ++i)
            writer.commit(i);
    }
    CostFigures f;
    QElapsedTimer wall;
    wall.start();
    const double cpu0 = threadCpuMs();
    while (capture.snapshot().durableCommit < anchor + 1000)
        mustSucceed(capture.step());
    f.cpuMs = threadCpuMs() - cpu0;
    f.wallMs = double(wall.nsecsElapsed()) / 1e6;
    QFile::remove(file);
    QFile::remove(file + "-wal");
    QFile::remove(file + "-shm");
    return f;
}

struct RunFigures {
    double commitsPerSecond = 0;
    double p50 = 0, p99 = 0, max = 0;
    qint64 maxLogFrames = 0;
    qint64 commits = 0;
};

// A writer for `seconds` (paced to `rate` commits a second, or flat out with rate 0), with or
// without capture running beside it as the agent runs it.
RunFigures writerRun(const QString& dir, const QString& file, bool withCapture, int rate,
                     int seconds) {
    Setup s = makeWorkspace(dir + QStringLiteral("/ws-run"), file);
    RunFigures out;
    std::mutex mutex;
    std::vector<Steady::time_point> committedAt;
    std::vector<Steady::time_point> durableAt;
    qint64 firstNumber = -1;
    CaptureOptions options;
    options.onDurable = [&](qint64 first, qint64 last) {
        std::lock_guard<std::mutex> lock(mutex);
        if (firstNumber < 0)
            return;
        const auto now = Steady::now();
        for (qint64 n = std::max(first, firstNumber + 1); n <= last; ++n) {
            size_t i = size_t(n - firstNumber - 1);
            if (durableAt.size() <= i)
                durableAt.resize(i + 1);
            durableAt[i] = now;
        }
    };
    std::unique_ptr<LogCapture> capture;
    std::atomic<bool> stop{false};
    std::thread agent;
    if (withCapture) {
        capture = std::make_unique<LogCapture>(s.ws->vault(), s.ws->catalogPath(), s.ws->clock(),
                                               s.ws->pool(), s.db, options);
        while (capture->snapshot().lastCommit < 0)
            mustSucceed(capture->step());
        {
            std::lock_guard<std::mutex> lock(mutex);
            firstNumber = capture->snapshot().lastCommit;
        }
        agent = std::thread([&] { capture->run(stop, 3600 * 1000); });
    }
    const QString walPath = file + QStringLiteral("-wal");
    std::atomic<bool> sampling{true};
    std::thread sampler([&] {
        while (sampling.load()) {
            qint64 frames = (QFileInfo(walPath).size() - 32) / (4096 + 24);
            out.maxLogFrames = std::max(out.maxLogFrames, frames);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    {
        RowWriter writer(file);
        const auto start = Steady::now();
        const auto end = start + std::chrono::seconds(seconds);
        qint64 n = 0;
        while (Steady::now() < end) {
            if (rate > 0) {
                auto due = start + std::chrono::microseconds(n * 1'000'000 / rate);
                std::this_thread::sleep_until(due);
            }
            writer.commit(n);
            ++n;
            std::lock_guard<std::mutex> lock(mutex);
            committedAt.push_back(Steady::now());
        }
        out.commits = n;
        out.commitsPerSecond =
            double(n) / std::chrono::duration<double>(Steady::now() - start).count();
    }
    if (withCapture) {
        // Let the last commits become durable, then stop as the agent does.
        for (int i = 0; i < 50; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            std::lock_guard<std::mutex> lock(mutex);
            if (durableAt.size() >= committedAt.size())
                break;
        }
        stop.store(true);
        agent.join();
        std::vector<double> latency;
        for (size_t i = 0; i < committedAt.size() && i < durableAt.size(); ++i)
            latency.push_back(
                std::chrono::duration<double, std::milli>(durableAt[i] - committedAt[i]).count());
        std::sort(latency.begin(), latency.end());
        if (!latency.empty()) {
            out.p50 = latency[latency.size() / 2];
            out.p99 = latency[std::min(latency.size() - 1, latency.size() * 99 / 100)];
            out.max = latency.back();
        }
        if (latency.size() < committedAt.size())
            std::fprintf(stderr, "only %zu of %zu commits became durable\n", latency.size(),
                         committedAt.size());
    }
    sampling.store(false);
    sampler.join();
    return out;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: tidemark-capture-bench DIR [BIG_MIB]\n");
        return 2;
    }
    const QString dir = QString::fromLocal8Bit(argv[1]);
    const int big = argc > 2 ? std::atoi(argv[2]) : 1024;
    QDir().mkpath(dir);

    CostFigures small = captureCost(dir, 10);
    CostFigures large = captureCost(dir, big);
    std::printf("| capture of 1,000 one-row commits | 10 MiB database: %.0f ms CPU (%.0f ms wall) "
                "| %d MiB database: %.0f ms CPU (%.0f ms wall) | ratio %.2f (goal <= 1.2) |\n",
                small.cpuMs, small.wallMs, big, large.cpuMs, large.wallMs,
                small.cpuMs > 0 ? large.cpuMs / small.cpuMs : 0.0);

    const QString file = dir + QStringLiteral("/run.db");
    if (!makeDatabase(file, 10))
        return 1;
    RunFigures paced = writerRun(dir, file, true, 1000, 10);
    std::printf("| writer at 1,000 commits/s for 10 s, capture on | %.0f commits/s achieved | "
                "commit to vault: p50 %.0f ms, p99 %.0f ms, max %.0f ms (goal p99 <= 1000) | "
                "longest log %lld frames |\n",
                paced.commitsPerSecond, paced.p50, paced.p99, paced.max,
                static_cast<long long>(paced.maxLogFrames));
    RunFigures alone = writerRun(dir, file, false, 0, 5);
    RunFigures beside = writerRun(dir, file, true, 0, 5);
    std::printf("| writer flat out for 5 s | without capture %.0f commits/s | with capture %.0f "
                "commits/s (%+.1f%%) | p99 commit to vault %.0f ms | longest log %lld frames |\n",
                alone.commitsPerSecond, beside.commitsPerSecond,
                alone.commitsPerSecond > 0
                    ? 100.0 * (beside.commitsPerSecond - alone.commitsPerSecond) /
                          alone.commitsPerSecond
                    : 0.0,
                beside.p99, static_cast<long long>(beside.maxLogFrames));
    QDir(dir).removeRecursively();
    return 0;
}
