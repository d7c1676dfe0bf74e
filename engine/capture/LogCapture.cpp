#include "capture/LogCapture.h"

#include "capture/LogSeal.h"
#include "catalog/JobRecord.h"
#include "catalog/RestorePlanner.h"
#include "core/ErrorMessages.h"

#include <QScopeGuard>
#include <QThread>

#include <chrono>
#include <future>

namespace tidemark {
namespace {
using Steady = std::chrono::steady_clock;
qint64 steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now().time_since_epoch())
        .count();
}
constexpr qint64 kFlushBytes = 8 << 20;
} // namespace

LogCapture::LogCapture(const Vault& vault, QString catalogPath, const Clock& clock,
                       WorkerPool& pool, DatabaseInfo database, CaptureOptions options)
    : vault_(vault), catalogPath_(std::move(catalogPath)), clock_(clock), pool_(pool),
      database_(std::move(database)), options_(std::move(options)),
      watcher_(database_.file, WalWatcher::Options{options_.pinning}) {}

LogCapture::~LogCapture() = default;

void LogCapture::say(const QString& line) const {
    if (options_.log)
        options_.log(
            QStringLiteral("%1 %2: %3").arg(formatTime(clock_.nowMs()), database_.name, line));
}

Status LogCapture::ensureStarted() {
    if (started_)
        return Status::ok();
    if (!catalog_) {
        auto opened = Catalog::open(catalogPath_);
        if (!opened)
            return opened.status();
        catalog_ = std::move(*opened);
    }
    removeFoldedSegments(vault_, *catalog_, database_.uuid);
    flushIntervalMs_ =
        segmentSyncMs(catalog_->policy(database_.uuid), vault_.location(), options_.flushMs);
    TM_TRY(watcher_.open());
    auto record = capture_store::load(*catalog_, database_.uuid);
    const qint64 highest = capture_store::highestCommit(*catalog_, database_.uuid);
    lastCommit_ = highest;
    durableCommit_ = highest;
    if (record) {
        lastStampMs_ = record->lastStampMs;
        brokenSinceMs_ = record->brokenSinceMs;
        brokenReason_ = record->brokenReason;
    }
    const bool sameFile = record && record->device == watcher_.identity().device &&
                          record->inode == watcher_.identity().inode;
    // With no log seen yet, resuming is safe only if the file is exactly as it was then: a
    // commit made meanwhile would have changed it on its way through a checkpoint.
    const WalWatcher::Identity now = watcher_.currentIdentity();
    const bool idleAndUntouched =
        record && record->cursor.pageSize == 0 && record->fileMtimeNs >= 0 && watcher_.logEmpty() &&
        now.mtimeNs == record->fileMtimeNs && now.size == record->fileSize;
    if (record && brokenSinceMs_ < 0 && sameFile &&
        (record->cursor.pageSize != 0 || idleAndUntouched) && record->lastCommit == highest) {
        idleMtimeNs_ = record->fileMtimeNs;
        idleSize_ = record->fileSize;
        // Resume where the last run stopped; the first look proves the log still continues.
        cursor_ = record->cursor;
        needsRebase_ = false;
        say(QStringLiteral("capture resumes after commit %1").arg(lastCommit_));
    } else {
        needsRebase_ = true;
        if (brokenSinceMs_ < 0 && highest >= 0) {
            brokenSinceMs_ = record ? record->lastStampMs : clock_.nowMs();
            brokenReason_ = record && !sameFile
                                ? QStringLiteral("the database file was replaced")
                                : QStringLiteral("capture restarted without a usable position");
        }
    }
    started_ = true;
    return Status::ok();
}

void LogCapture::markBroken(const QString& reason) {
    if (brokenSinceMs_ < 0) {
        brokenSinceMs_ = std::max(confirmedMs_, lastStampMs_);
        if (brokenSinceMs_ < 0)
            brokenSinceMs_ = clock_.nowMs();
        brokenReason_ = reason;
    }
    needsRebase_ = true;
    say(QStringLiteral("capture break: %1; rebasing").arg(reason));
}

void LogCapture::take(std::vector<WalCommit>&& commits) {
    for (WalCommit& c : commits) {
        CapturedCommit k;
        k.number = ++lastCommit_;
        k.stampMs = std::max(lastStampMs_, clock_.nowMs());
        lastStampMs_ = k.stampMs;
        k.databasePages = c.databasePages;
        k.pageNumbers = std::move(c.pageNumbers);
        k.pages = std::move(c.pages);
        if (pending_.empty())
            pendingSinceMs_ = clock_.nowMs();
        pending_.push_back(std::move(k));
    }
}

Status LogCapture::saveState(Catalog& catalog) {
    CaptureRecord r;
    r.cursor = cursor_;
    r.device = watcher_.identity().device;
    r.inode = watcher_.identity().inode;
    r.lastCommit = lastCommit_;
    r.lastStampMs = lastStampMs_;
    r.updatedMs = std::max(confirmedMs_, lastStampMs_);
    r.brokenSinceMs = needsRebase_ ? brokenSinceMs_ : -1;
    r.brokenReason = needsRebase_ ? brokenReason_ : QString();
    r.fileMtimeNs = cursor_.pageSize == 0 ? idleMtimeNs_ : -1;
    r.fileSize = cursor_.pageSize == 0 ? idleSize_ : -1;
    return capture_store::save(catalog, database_.uuid, r);
}

Status LogCapture::flushLocked() {
    if (pending_.empty())
        return Status::ok();
    LogSegment segment;
    segment.databaseUuid = database_.uuid;
    segment.pageSize = cursor_.pageSize;
    segment.commits = pending_;
    auto bytes = writeLogSegment(vault_, segment);
    if (!bytes)
        return bytes.status();
    TM_TRY(catalog_->begin());
    Status s = capture_store::addSegment(
        *catalog_, SegmentInfo{database_.uuid, segment.firstCommit(), segment.lastCommit(),
                               segment.firstMs(), segment.lastMs(), *bytes});
    if (s)
        s = saveState(*catalog_);
    if (s)
        s = catalog_->commit();
    if (!s) {
        catalog_->rollback();
        return s;
    }
    durableCommit_ = segment.lastCommit();
    pending_.clear();
    if (options_.onDurable)
        options_.onDurable(segment.firstCommit(), segment.lastCommit());
    lastSavedSteadyMs_ = steadyMs();
    return Status::ok();
}

bool LogCapture::flushDue(qint64 pendingBytes) const {
    if (pending_.empty())
        return false;
    const qint64 waited = clock_.nowMs() - pendingSinceMs_;
    // A clock set back must not hold commits back until it catches up again.
    return waited >= flushIntervalMs_ || waited < 0 || pendingBytes >= kFlushBytes;
}

Status LogCapture::flush() {
    QMutexLocker lock(&mutex_);
    if (!started_)
        return Status::ok();
    return flushLocked();
}

Status LogCapture::rebase() {
    // Commits read before the break are good: they become durable first.
    TM_TRY(flushLocked());
    // A break is remembered across restarts; a first start has nothing to record yet.
    if (brokenSinceMs_ >= 0)
        TM_TRY(saveState(*catalog_));
    WalCursor atBarrier;
    CaptureMark mark;
    BarrierHook hook = [&]() -> Result<CaptureMark> {
        // The backup holds the write lock: nothing commits while the log is read to its end.
        TM_TRY(watcher_.open());
        const bool idle = watcher_.logEmpty();
        const WalWatcher::Identity file = watcher_.currentIdentity();
        WalWatcher::Read r = watcher_.readAtBarrier(atBarrier);
        if (!r.breakReason.isEmpty())
            return Status::failed(r.breakReason);
        idleMtimeNs_ = idle && atBarrier.pageSize == 0 ? file.mtimeNs : -1;
        idleSize_ = idle && atBarrier.pageSize == 0 ? file.size : -1;
        mark.lastCommit = lastCommit_ + 1;
        mark.gapFromMs = brokenSinceMs_;
        mark.gapReason = brokenReason_;
        return mark;
    };
    JobContext context;
    QString summary;
    Status s = runRecordedJob(
        *catalog_, clock_, QStringLiteral("capture-rebase"), database_.name, context,
        [&](Catalog& c, JobContext& job, QString* text) {
            if (brokenSinceMs_ >= 0)
                job.log(QStringLiteral("capture break since %1: %2")
                            .arg(formatTime(brokenSinceMs_), brokenReason_));
            BackupEngine engine(vault_, c, clock_, pool_);
            auto made = engine.run(database_, BackupType::Log, job, hook);
            if (!made)
                return made.status();
            lastStampMs_ = std::max(lastStampMs_, made->snapshotMs);
            *text = QStringLiteral("%1 backup %2 anchors capture at commit %3")
                        .arg(backupTypeName(made->type), made->id)
                        .arg(mark.lastCommit);
            return Status::ok();
        },
        &summary);
    if (!s)
        return s;
    cursor_ = atBarrier;
    lastCommit_ = mark.lastCommit;
    durableCommit_ = lastCommit_;
    needsRebase_ = false;
    brokenSinceMs_ = -1;
    brokenReason_.clear();
    framesAtCheckpoint_ = 0;
    say(summary);
    return saveState(*catalog_);
}

Status LogCapture::step() {
    QMutexLocker lock(&mutex_);
    TM_TRY(ensureStarted());
    if (needsRebase_)
        return rebase();
    if (watcher_.currentIdentity() != watcher_.identity()) {
        markBroken(QStringLiteral("the database file was replaced or removed"));
        return Status::ok();
    }
    const qint64 lookStartMs = clock_.nowMs();
    const bool idleBefore = cursor_.pageSize == 0 && watcher_.logEmpty();
    const WalWatcher::Identity fileBefore = watcher_.currentIdentity();
    WalWatcher::Read r = watcher_.poll(cursor_);
    if (cursor_.pageSize == 0 && idleBefore && r.commits.empty()) {
        idleMtimeNs_ = fileBefore.mtimeNs;
        idleSize_ = fileBefore.size;
    } else {
        idleMtimeNs_ = idleSize_ = -1;
    }
    take(std::move(r.commits));
    if (!r.breakReason.isEmpty()) {
        markBroken(r.breakReason);
        return Status::ok();
    }
    confirmedMs_ = std::max(confirmedMs_, lookStartMs);
    // An idle database's window still moves on: the catalog learns every few seconds that
    // nothing was committed meanwhile.
    if (pending_.empty() && steadyMs() - lastSavedSteadyMs_ > 2000) {
        TM_TRY(saveState(*catalog_));
        lastSavedSteadyMs_ = steadyMs();
    }
    if (r.logFrames < framesAtCheckpoint_)
        framesAtCheckpoint_ = 0; // a new incarnation of the log
    logFrames_ = r.logFrames;
    qint64 pendingBytes = 0;
    for (const CapturedCommit& c : pending_)
        pendingBytes += c.pages.size();
    if (flushDue(pendingBytes))
        TM_TRY(flushLocked());
    if (!pending_.empty())
        return Status::ok();
    // Everything read is durable: the database file may now take the frames (checkpoint), and
    // a long log may start over.
    if (logFrames_ >= options_.restartFrames) {
        WalWatcher::Read tail = watcher_.letLogRestart(cursor_);
        take(std::move(tail.commits));
        if (!tail.breakReason.isEmpty())
            markBroken(tail.breakReason);
        framesAtCheckpoint_ = cursor_.frames;
        return flushLocked();
    }
    if (logFrames_ - framesAtCheckpoint_ >= options_.checkpointFrames) {
        watcher_.checkpoint();
        framesAtCheckpoint_ = logFrames_;
    }
    return Status::ok();
}

BarrierHook LogCapture::barrierHook() {
    return [this]() -> Result<CaptureMark> {
        CaptureMark mark;
        // The caller holds the database's write lock. Capture itself may be waiting for that
        // lock (a rebase at its own barrier): never wait on it here, or both would wait.
        if (!mutex_.tryLock(200))
            return mark;
        auto unlock = qScopeGuard([this] { mutex_.unlock(); });
        if (!started_ || needsRebase_ || !watcher_.isOpen())
            return mark; // not tied to a commit; restores use it as a plain backup
        WalWatcher::Read r = watcher_.readAtBarrier(cursor_);
        take(std::move(r.commits));
        if (!r.breakReason.isEmpty()) {
            markBroken(r.breakReason);
            return mark;
        }
        // The commits the backup holds must be durable before it claims them.
        if (!flushLocked())
            return mark;
        mark.lastCommit = lastCommit_;
        return mark;
    };
}

QString LogCapture::unusableCaptureBase() const {
    const QList<BackupInfo> history = catalog_->backups(database_.uuid);
    const auto newest = std::max_element(
        history.begin(), history.end(),
        [](const BackupInfo& a, const BackupInfo& b) { return a.snapshotMs < b.snapshotMs; });
    if (newest == history.end())
        return {};
    auto chain = RestorePlanner(history).planThrough(newest->id);
    return chain ? unusableBaseReason(*chain) : QString();
}

Status LogCapture::sealScheduled() {
    {
        QMutexLocker lock(&mutex_);
        if (started_) {
            if (!needsRebase_) {
                if (const QString why = unusableCaptureBase(); !why.isEmpty()) {
                    say(QStringLiteral("%1: a full comes before any further log").arg(why));
                    TM_TRY(rebase());
                }
            }
            TM_TRY(flushLocked());
        }
    }
    auto catalog = Catalog::open(catalogPath_);
    if (!catalog)
        return catalog.status();
    JobContext context;
    QString summary;
    Status s = runRecordedJob(
        **catalog, clock_, QStringLiteral("scheduled-log"), database_.name, context,
        [this](Catalog& c, JobContext& job, QString* text) {
            auto sealed = sealCapturedLog(vault_, c, clock_, database_, job);
            if (!sealed)
                return sealed.status();
            *text = sealed->summary;
            return Status::ok();
        },
        &summary);
    say(s ? summary : QStringLiteral("log backup failed: %1").arg(userMessage(s)));
    return s;
}

CaptureSnapshot LogCapture::snapshot() const {
    QMutexLocker lock(&mutex_);
    CaptureSnapshot s;
    s.running = started_;
    s.lastCommit = lastCommit_;
    s.lastStampMs = lastStampMs_;
    s.durableCommit = durableCommit_;
    s.pendingCommits = qint64(pending_.size());
    s.logFrames = logFrames_;
    s.broken = needsRebase_ ? brokenReason_ : QString();
    return s;
}

void LogCapture::run(const std::atomic<bool>& stop, qint64 logIntervalMs) {
    qint64 lastSeal = steadyMs();
    qint64 lastPolicyLook = steadyMs();
    std::future<void> sealing;
    auto sealInBackground = [this] {
        ignoreStatus(sealScheduled(),
                     "recorded as the scheduled-log job; the next interval retries");
    };
    while (!stop.load()) {
        Status s = step();
        if (!s) {
            const qint64 now = steadyMs();
            if (lastFailureLogMs_ < 0 || now - lastFailureLogMs_ > 60'000) {
                say(QStringLiteral("capture waits: %1").arg(userMessage(s)));
                lastFailureLogMs_ = now;
            }
            QMutexLocker lock(&mutex_);
            // Start over at the next look (reopen the file, check the position again).
            started_ = false;
            watcher_.close();
        }
        // The policy may change while the agent runs (`policy NAME --log-minutes M`).
        if (steadyMs() - lastPolicyLook >= 30'000) {
            lastPolicyLook = steadyMs();
            QMutexLocker lock(&mutex_);
            if (catalog_) {
                const BackupPolicy policy = catalog_->policy(database_.uuid);
                logIntervalMs = policy.logIntervalMs();
                flushIntervalMs_ = segmentSyncMs(policy, vault_.location(), options_.flushMs);
            }
        }
        const bool sealDue = steadyMs() - lastSeal >= logIntervalMs;
        const bool sealIdle = !sealing.valid() || sealing.wait_for(std::chrono::seconds(0)) ==
                                                      std::future_status::ready;
        if (sealDue && sealIdle) {
            lastSeal = steadyMs();
            sealing = std::async(std::launch::async, sealInBackground);
        }
        const int waitMs = s ? options_.pollMs : 1000;
        for (int waited = 0; waited < waitMs && !stop.load(); waited += 10)
            QThread::msleep(10);
    }
    if (sealing.valid())
        sealing.wait();
    ignoreStatus(sealScheduled(), "recorded as the scheduled-log job; the next start retries");
    QMutexLocker lock(&mutex_);
    if (started_ && catalog_ && !needsRebase_)
        ignoreStatus(saveState(*catalog_),
                     "an unsaved position makes the next start compare the file and rebase");
    watcher_.close();
}

} // namespace tidemark
