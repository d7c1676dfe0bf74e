// tidemark-test-writer: a separate process that keeps committing the deterministic workload of
// WriterWorkload to a SQLite database, the way a user's application would while Tidemark backs
// the file up.
//
//   tidemark-test-writer --db FILE --journal wal|delete (--commits N | --seconds S)
//                        [--page-size P] [--pause-ms M] [--log FILE]
//
// It continues from the k already recorded in the file, so it can be stopped and started again.
// SIGTERM and SIGINT end it after the commit in progress, leaving no hot journal behind.
// Each commit appends "k=K began_ms=T0 committed_ms=T1" (milliseconds since the epoch) to the log.

#include "WriterWorkload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>

#include <sqlite3.h>

#include <csignal>
#include <cstdio>
#include <optional>
#include <string>

using tidemark::testsupport::applyWriterCommit;
using tidemark::testsupport::createWriterSchema;
using tidemark::testsupport::readWriterProgress;

namespace {

volatile std::sig_atomic_t stopRequested = 0;

void requestStop(int) {
    stopRequested = 1;
}

// Long enough to outwait a backup that holds a read lock on a rollback-journal database.
constexpr int kBusyTimeoutMs = 30'000;
constexpr int kBusyRetries = 20;

struct WriterSettings {
    QString databasePath;
    QString journalMode;
    std::optional<qint64> commitLimit;
    std::optional<qint64> secondsLimit;
    std::optional<int> pageSize;
    int pauseMs = 5;
    QString logPath;
};

std::optional<WriterSettings> parseSettings(const QCoreApplication& application) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Keeps committing a deterministic workload to a database.");
    parser.addHelpOption();
    parser.addOptions({
        {"db", "Database file to write.", "FILE"},
        {"journal", "Journal mode: wal or delete.", "MODE"},
        {"commits", "Stop after N commits.", "N"},
        {"seconds", "Stop after S seconds.", "S"},
        {"page-size", "Page size of a new database.", "P"},
        {"pause-ms", "Pause between commits (default 5).", "M"},
        {"log", "Append one line per commit to FILE.", "FILE"},
    });
    parser.process(application);

    WriterSettings settings;
    settings.databasePath = parser.value("db");
    settings.journalMode = parser.value("journal").toLower();
    settings.logPath = parser.value("log");
    bool valid = !settings.databasePath.isEmpty() &&
                 (settings.journalMode == "wal" || settings.journalMode == "delete");
    auto readNumber = [&parser, &valid](const QString& name) -> std::optional<qint64> {
        if (!parser.isSet(name)) {
            return std::nullopt;
        }
        bool ok = false;
        const qint64 value = parser.value(name).toLongLong(&ok);
        valid = valid && ok && value >= 0;
        return value;
    };
    settings.commitLimit = readNumber("commits");
    settings.secondsLimit = readNumber("seconds");
    if (const auto pageSize = readNumber("page-size")) {
        settings.pageSize = static_cast<int>(*pageSize);
    }
    if (const auto pause = readNumber("pause-ms")) {
        settings.pauseMs = static_cast<int>(*pause);
    }
    if (!valid || (!settings.commitLimit && !settings.secondsLimit)) {
        std::fprintf(stderr, "%s\n", qPrintable(parser.helpText()));
        return std::nullopt;
    }
    return settings;
}

bool execute(sqlite3* database, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(database, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::fprintf(stderr, "tidemark-test-writer: %s: %s\n", sql, message ? message : "?");
        sqlite3_free(message);
        return false;
    }
    return true;
}

bool prepareDatabase(sqlite3* database, const WriterSettings& settings) {
    sqlite3_busy_timeout(database, kBusyTimeoutMs);
    // The page size only takes effect before the first table exists, so set it first.
    if (settings.pageSize) {
        const std::string pragma = "PRAGMA page_size = " + std::to_string(*settings.pageSize);
        if (!execute(database, pragma.c_str())) {
            return false;
        }
    }
    const std::string journal = "PRAGMA journal_mode = " + settings.journalMode.toStdString();
    if (!execute(database, journal.c_str()) || !execute(database, "BEGIN IMMEDIATE")) {
        return false;
    }
    std::string error;
    if (!createWriterSchema(database, error)) {
        std::fprintf(stderr, "tidemark-test-writer: %s\n", error.c_str());
        execute(database, "ROLLBACK");
        return false;
    }
    return execute(database, "COMMIT");
}

// One transaction for commit k. A busy lock (beyond the busy timeout) is retried, because the
// writer must keep its sequence of k without gaps whatever the backup is doing.
bool commitOnce(sqlite3* database, qint64 k) {
    for (int attempt = 0; attempt < kBusyRetries; ++attempt) {
        if (!execute(database, "BEGIN IMMEDIATE")) {
            continue;
        }
        std::string error;
        if (!applyWriterCommit(database, k, error)) {
            std::fprintf(stderr, "tidemark-test-writer: commit %lld: %s\n",
                         static_cast<long long>(k), error.c_str());
            execute(database, "ROLLBACK");
            return false;
        }
        if (execute(database, "COMMIT")) {
            return true;
        }
        execute(database, "ROLLBACK");
    }
    return false;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication application(argc, argv);
    const auto settings = parseSettings(application);
    if (!settings) {
        return 2;
    }
    std::signal(SIGTERM, requestStop);
    std::signal(SIGINT, requestStop);

    sqlite3* database = nullptr;
    if (sqlite3_open(qPrintable(settings->databasePath), &database) != SQLITE_OK) {
        std::fprintf(stderr, "tidemark-test-writer: cannot open %s: %s\n",
                     qPrintable(settings->databasePath), sqlite3_errmsg(database));
        sqlite3_close(database);
        return 1;
    }
    if (!prepareDatabase(database, *settings)) {
        sqlite3_close(database);
        return 1;
    }

    std::FILE* log = nullptr;
    if (!settings->logPath.isEmpty()) {
        log = std::fopen(qPrintable(settings->logPath), "a");
        if (!log) {
            std::fprintf(stderr, "tidemark-test-writer: cannot open log %s\n",
                         qPrintable(settings->logPath));
            sqlite3_close(database);
            return 1;
        }
    }

    const qint64 firstK = readWriterProgress(database) + 1;
    qint64 k = firstK;
    QElapsedTimer clock;
    clock.start();
    int exitCode = 0;
    while (!stopRequested) {
        if (settings->commitLimit && k - firstK >= *settings->commitLimit) {
            break;
        }
        if (settings->secondsLimit && clock.elapsed() >= *settings->secondsLimit * 1000) {
            break;
        }
        const qint64 beganMs = QDateTime::currentMSecsSinceEpoch();
        if (!commitOnce(database, k)) {
            exitCode = 1;
            break;
        }
        if (log) {
            // Flushed per line so a test can follow the writer while it runs.
            std::fprintf(log, "k=%lld began_ms=%lld committed_ms=%lld\n", static_cast<long long>(k),
                         static_cast<long long>(beganMs),
                         static_cast<long long>(QDateTime::currentMSecsSinceEpoch()));
            std::fflush(log);
        }
        ++k;
        if (settings->pauseMs > 0) {
            QThread::msleep(static_cast<unsigned long>(settings->pauseMs));
        }
    }

    if (log) {
        std::fclose(log);
    }
    sqlite3_close(database);
    std::printf("committed k=%lld..%lld\n", static_cast<long long>(firstK),
                static_cast<long long>(k - 1));
    return exitCode;
}
