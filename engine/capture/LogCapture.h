#pragma once

#include "backup/BackupEngine.h"
#include "capture/CaptureStore.h"
#include "capture/LogSegment.h"
#include "capture/SyncInterval.h"
#include "capture/WalWatcher.h"
#include "catalog/Catalog.h"
#include "core/Clock.h"
#include "core/WorkerPool.h"
#include "vault/Vault.h"

#include <QMutex>

#include <atomic>
#include <functional>

namespace tidemark {

struct CaptureOptions {
    bool pinning = true; // test-only switch (see WalWatcher)
    int pollMs = 100;    // how often the log is read
    // Captured commits wait at most this long for a segment in a folder; a location billed per
    // request waits the policy's sync interval instead (SyncInterval.h).
    int flushMs = kFolderFlushMs;
    uint64_t checkpointFrames = 256; // a PASSIVE checkpoint after this many new frames
    uint64_t restartFrames = 2000;   // let the log start over once it is this long
    std::function<void(const QString&)> log;
    // Told after each segment is durable (the benchmark measures commit-to-vault latency).
    std::function<void(qint64 firstCommit, qint64 lastCommit)> onDurable;
};

// What the console and `status` show about one database's capture.
struct CaptureSnapshot {
    bool running = false;
    qint64 lastCommit = -1;
    qint64 lastStampMs = -1;
    qint64 durableCommit = -1; // highest commit in a durable segment or backup
    qint64 pendingCommits = 0;
    uint64_t logFrames = 0;
    QString broken; // empty while continuous
};

// Continuous capture of one WAL-mode database: every commit read from its log is numbered and
// stamped, written within about a second as a log segment in the vault, and folded into a log
// backup every log interval. On a break (a reset not seen, the file replaced, the log deleted or
// truncated, ...) it records the gap and rebases with a backup taken at a barrier, so restores
// on either side of the gap stay exact and no restore crosses it silently.
// Thread-safe: the capture loop and backups of the same database may call it at once.
class LogCapture {
public:
    LogCapture(const Vault& vault, QString catalogPath, const Clock& clock, WorkerPool& pool,
               DatabaseInfo database, CaptureOptions options);
    ~LogCapture();

    const DatabaseInfo& database() const { return database_; }
    // One step of the loop: rebase if needed, read the log, write a segment when due.
    Status step();
    // Writes every captured commit as a durable segment now.
    Status flush();
    // One log interval, recorded as a `scheduled-log` job: flushes, then folds the durable
    // segments into a log backup (an idle database has nothing to seal, which succeeds). When
    // the backup capture builds on was declared unusable, a full is taken first.
    Status sealScheduled();
    // For a backup of this database taken while capture runs: read the log at the backup's
    // barrier so the backup knows which commit it holds.
    BarrierHook barrierHook();
    CaptureSnapshot snapshot() const;
    // Runs step() every pollMs and seals every log interval until `stop`; then flushes and
    // seals what it has.
    void run(const std::atomic<bool>& stop, qint64 logIntervalMs);

private:
    Status ensureStarted();
    Status rebase();
    // Why capture must not go on building on its newest backup; empty while it may.
    QString unusableCaptureBase() const;
    void markBroken(const QString& reason);
    void take(std::vector<WalCommit>&& commits);
    Status flushLocked();
    bool flushDue(qint64 pendingBytes) const;
    Status saveState(Catalog& catalog);
    void say(const QString& line) const;

    const Vault& vault_;
    QString catalogPath_;
    const Clock& clock_;
    WorkerPool& pool_;
    DatabaseInfo database_;
    CaptureOptions options_;
    std::unique_ptr<Catalog> catalog_;

    mutable QRecursiveMutex mutex_;
    WalWatcher watcher_;
    bool started_ = false;
    bool needsRebase_ = false;
    WalCursor cursor_;
    qint64 lastCommit_ = -1;
    qint64 lastStampMs_ = -1;
    qint64 durableCommit_ = -1;
    qint64 brokenSinceMs_ = -1;
    QString brokenReason_;
    std::vector<CapturedCommit> pending_;
    qint64 pendingSinceMs_ = -1; // on clock_, so tests move it
    qint64 flushIntervalMs_ = kFolderFlushMs;
    uint64_t framesAtCheckpoint_ = 0;
    uint64_t logFrames_ = 0;
    qint64 lastFailureLogMs_ = -1;
    // Every commit made before this instant has been read (the start of the last full look).
    qint64 confirmedMs_ = -1;
    // The database file as seen while no log existed yet (see CaptureRecord::fileMtimeNs).
    qint64 idleMtimeNs_ = -1;
    qint64 idleSize_ = -1;
    qint64 lastSavedSteadyMs_ = -1;
};

} // namespace tidemark
