#pragma once

#include "core/Clock.h"
#include "core/Status.h"

#include <QString>

#include <atomic>
#include <functional>

namespace tidemark {

// Receives the pages of a snapshot. Called on the snapshot's thread, pages in any order, each
// page exactly once (a later call for the same page number replaces the earlier one).
class PageSink {
public:
    virtual ~PageSink() = default;
    virtual Status page(uint32_t pageNumber, const char* data, uint32_t size) = 0;
};

struct SnapshotResult {
    uint32_t pageSize = 0;
    uint32_t pageCount = 0;
    QString journalMode;
    qint64 snapshotMs = 0;
    QString logicalHash;
    bool directRead = false; // pages read straight from the main file
};

struct SnapshotOptions {
    const Clock* clock = nullptr;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(uint32_t done, uint32_t total)> progress;
    // Called after every page was delivered, still inside the snapshot's read transaction.
    // Returns the logical hash to record, or an empty string to have it computed here.
    std::function<Result<QString>(uint32_t pageCount)> afterPages;
    // True once the pages delivered differ from the consumer's previous state: the logical
    // hash then starts at once, in parallel. Without it the hash always starts at once.
    std::function<bool()> contentChanged;
    // Called while the snapshot's write-lock barrier holds (both readers started, no commit can
    // land): continuous capture reads the log to its end here, so it knows exactly which commit
    // the snapshot holds. A snapshot with a hook fails if the barrier cannot be taken.
    std::function<Status()> atBarrier;
};

// Streams a transactionally consistent image of a live SQLite database to `sink`, without
// writing to it: a read-only connection holds one read transaction while SQLite's online
// backup copies every page into a destination whose file is `sink`, while a second reader on
// the same snapshot computes the logical hash. In WAL mode writers go on meanwhile (they wait a
// moment at most while the two readers start); in rollback-journal mode they wait for the read.
// Fails clearly when the file is missing, is not a SQLite database, or has no tables.
Result<SnapshotResult> takeSnapshot(const QString& databasePath, PageSink& sink,
                                    const SnapshotOptions& options);

} // namespace tidemark
