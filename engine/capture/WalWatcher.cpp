#include "capture/WalWatcher.h"

#include <QFile>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tidemark {
namespace {

WalWatcher::Identity identityOf(const QString& path) {
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return {quint64(st.st_dev), quint64(st.st_ino),
            qint64(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec, qint64(st.st_size)};
}

// The whole of the log from `offset`, through a descriptor of our own on the -wal file.
// Closing it is harmless: SQLite keeps no POSIX locks on the log file.
bool readTail(const QString& walPath, uint64_t offset, QByteArray* header, QByteArray* tail,
              bool* missing) {
    int fd = ::open(QFile::encodeName(walPath).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *missing = errno == ENOENT;
        return false;
    }
    *missing = false;
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0;
    const uint64_t size = ok ? uint64_t(st.st_size) : 0;
    header->resize(int(std::min<uint64_t>(size, kWalHeaderSize)));
    if (ok && !header->isEmpty())
        ok = ::pread(fd, header->data(), size_t(header->size()), 0) == header->size();
    tail->clear();
    if (ok && size > offset) {
        tail->resize(qsizetype(size - offset));
        qsizetype done = 0;
        while (ok && done < tail->size()) {
            ssize_t n = ::pread(fd, tail->data() + done, size_t(tail->size() - done),
                                off_t(offset + uint64_t(done)));
            if (n <= 0)
                break;
            done += n;
        }
        tail->resize(done);
    }
    ::close(fd);
    return ok;
}

Status openConnection(SqliteDb& db, const QString& path) {
    TM_TRY(db.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX));
    sqlite3_busy_timeout(db.handle(), 5000);
    // The engine never checkpoints behind the watcher's back, and closing its connections must
    // not checkpoint or delete the user's log either.
    sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_wal_autocheckpoint(db.handle(), 0);
    return Status::ok();
}

} // namespace

WalWatcher::WalWatcher(QString databasePath, Options options)
    : path_(std::move(databasePath)), options_(options) {}

WalWatcher::~WalWatcher() {
    close();
}

bool WalWatcher::logEmpty() const {
    struct stat st {};
    const QByteArray wal = QFile::encodeName(path_ + QStringLiteral("-wal"));
    return ::stat(wal.constData(), &st) != 0 || st.st_size <= off_t(kWalHeaderSize);
}

WalWatcher::Identity WalWatcher::currentIdentity() const {
    return identityOf(path_);
}

Status WalWatcher::open() {
    close();
    if (!QFile::exists(path_))
        return Status::notFound(QStringLiteral("database file %1 does not exist").arg(path_));
    for (SqliteDb& r : readers_)
        TM_TRY(openConnection(r, path_));
    TM_TRY(openConnection(barrier_, path_));
    Statement mode(readers_[0], "PRAGMA journal_mode");
    if (mode.step() != SQLITE_ROW)
        return readers_[0].error(QStringLiteral("reading %1").arg(path_));
    if (mode.text(0).toLower() != QStringLiteral("wal"))
        return Status::unsupported(
            QStringLiteral("%1 is not in WAL mode; it is protected by log backups at each log "
                           "interval instead of continuous capture")
                .arg(path_));
    identity_ = identityOf(path_);
    open_ = true;
    pinCovered_ = false;
    TM_TRY(pin());
    return Status::ok();
}

void WalWatcher::close() {
    releaseAll();
    for (SqliteDb& r : readers_)
        r.close();
    barrier_.close();
    open_ = false;
    newest_ = -1;
}

Status WalWatcher::pin() {
    if (!options_.pinning)
        return Status::ok();
    const int slot = newest_ < 0 ? 0 : 1 - newest_;
    if (pinned_[slot]) {
        ignoreStatus(readers_[slot].exec("ROLLBACK"), "ends a read transaction; closing does too");
        pinned_[slot] = false;
    }
    TM_TRY(readers_[slot].exec("BEGIN"));
    // The first read starts the transaction and with it the pin.
    Statement q(readers_[slot], "SELECT count(*) FROM sqlite_schema");
    if (q.step() != SQLITE_ROW) {
        Status failed = readers_[slot].error(QStringLiteral("reading %1").arg(path_));
        q.reset();
        ignoreStatus(readers_[slot].exec("ROLLBACK"), "ends a read transaction; closing does too");
        return failed;
    }
    pinned_[slot] = true;
    newest_ = slot;
    return Status::ok();
}

void WalWatcher::releaseOlder() {
    if (newest_ < 0)
        return;
    const int older = 1 - newest_;
    if (pinned_[older]) {
        ignoreStatus(readers_[older].exec("ROLLBACK"), "ends a read transaction; closing does too");
        pinned_[older] = false;
    }
}

void WalWatcher::releaseAll() {
    for (int i = 0; i < 2; ++i) {
        if (pinned_[i]) {
            ignoreStatus(readers_[i].exec("ROLLBACK"), "ends a read transaction; closing does too");
            pinned_[i] = false;
        }
    }
    newest_ = -1;
}

WalWatcher::Read WalWatcher::readLog(WalCursor& cursor) {
    Read out;
    const QString walPath = path_ + QStringLiteral("-wal");
    QByteArray header, tail;
    bool missing = false;
    const bool known = cursor.pageSize != 0;
    uint64_t offset = known ? walFrameOffset(cursor.frames, cursor.pageSize) : kWalHeaderSize;
    if (!readTail(walPath, offset, &header, &tail, &missing)) {
        if (missing && known)
            out.breakReason = QStringLiteral("the write-ahead log was deleted");
        else if (!missing)
            out.breakReason = QStringLiteral("the write-ahead log could not be read");
        return out;
    }
    if (header.size() < int(kWalHeaderSize))
        return out; // emptied by a checkpoint: the next header starts the next incarnation
    auto parsed = parseWalHeader(header.constData(), size_t(header.size()));
    if (!parsed)
        return out; // a header being written; read again next time
    const WalHeader& h = *parsed;
    if (known && !cursor.sameIncarnation(h)) {
        // Which salts and sequence number a new incarnation gets depends on which connection
        // started it, so they prove nothing; the pin does. A reader held since the last read
        // means every frame of the old incarnation was read before it could be overwritten
        // (see poll()).
        if (h.pageSize != cursor.pageSize)
            out.breakReason = QStringLiteral("the page size changed");
        else if (!pinCovered_)
            out.breakReason = QStringLiteral("the write-ahead log was reset or replaced while no "
                                             "reader held it");
        if (!out.breakReason.isEmpty())
            return out;
        // Reset while our pin held it: everything before was read, nothing after is missing.
        cursor = WalCursor::atStart(h);
        offset = kWalHeaderSize;
        missing = false;
        if (!readTail(walPath, offset, &header, &tail, &missing))
            return out;
    } else if (!known) {
        cursor = WalCursor::atStart(h);
        offset = kWalHeaderSize;
        if (!readTail(walPath, offset, &header, &tail, &missing))
            return out;
    } else if (tail.isEmpty() && cursor.frames > 0) {
        // Same incarnation but shorter than what was already read: cut by another process.
        struct stat st {};
        if (::stat(QFile::encodeName(walPath).constData(), &st) == 0 &&
            uint64_t(st.st_size) < offset)
            out.breakReason = QStringLiteral("the write-ahead log was truncated");
        if (!out.breakReason.isEmpty())
            return out;
    }
    out.commits = readWalCommits(tail.constData(), size_t(tail.size()), cursor);
    out.logFrames = cursor.frames;
    return out;
}

WalWatcher::Read WalWatcher::poll(WalCursor& cursor) {
    Read out;
    if (Status s = pin(); !s) {
        out.breakReason = s.message();
        return out;
    }
    // pinCovered_ still says whether a pin lasted from the last read until the new one began.
    out = readLog(cursor);
    releaseOlder();
    pinCovered_ = options_.pinning;
    return out;
}

WalWatcher::Read WalWatcher::readAtBarrier(WalCursor& cursor) {
    if (options_.pinning)
        // The caller holds the write lock: nothing can reset the log while it reads, and the
        // next look pins again.
        ignoreStatus(pin(), "the write lock holds the log still meanwhile");
    Read out = readLog(cursor);
    releaseOlder();
    pinCovered_ = options_.pinning;
    return out;
}

void WalWatcher::checkpoint() {
    const int idle = newest_ < 0 ? 0 : 1 - newest_;
    if (pinned_[idle])
        return;
    int log = 0, done = 0;
    sqlite3_wal_checkpoint_v2(readers_[idle].handle(), "main", SQLITE_CHECKPOINT_PASSIVE, &log,
                              &done);
}

WalWatcher::Read WalWatcher::letLogRestart(WalCursor& cursor) {
    Read out;
    if (!options_.pinning)
        return out;
    sqlite3_busy_timeout(barrier_.handle(), 20);
    Status locked = barrier_.exec("BEGIN IMMEDIATE");
    sqlite3_busy_timeout(barrier_.handle(), 5000);
    if (!locked)
        return out; // a writer is busy: try again at a later look
    // No commit can land now: read to the very end, then let go of every pin.
    out = readLog(cursor);
    if (!out.breakReason.isEmpty()) {
        ignoreStatus(barrier_.exec("ROLLBACK"), "ends a read transaction; closing does too");
        return out;
    }
    releaseAll();
    int log = 0, done = 0;
    sqlite3_wal_checkpoint_v2(readers_[0].handle(), "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    // Pinned again before the write lock goes. With the whole log in the database file this
    // reader does not hold the log, so the next writer may start it over (once: this reader
    // keeps any later frames from being checkpointed until the next look).
    Status s = pin();
    ignoreStatus(barrier_.exec("ROLLBACK"), "ends a read transaction; closing does too");
    if (!s)
        out.breakReason = s.message();
    pinCovered_ = true;
    return out;
}

} // namespace tidemark
