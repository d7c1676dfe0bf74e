#pragma once

#include "capture/WalFormat.h"
#include "core/SqliteDb.h"
#include "core/Status.h"

#include <QString>

#include <vector>

namespace tidemark {

// Watches one WAL-mode database's log from inside the process, never writing to the user's
// data. It keeps a read transaction pinned at all times: a new reader starts before the old one
// ends, so SQLite cannot reset (overwrite) the log while frames in it are still unread. It reads
// the -wal file itself (its own descriptor on the log only: SQLite holds no locks there), runs
// PASSIVE checkpoints, and when the log has grown long it takes the write lock for a moment so
// the log can start over once everything in it is read and in the database file.
class WalWatcher {
public:
    struct Options {
        bool pinning = true; // test-only switch: off shows the break detector at work
    };
    struct Identity {
        quint64 device = 0;
        quint64 inode = 0;
        qint64 mtimeNs = -1; // not compared: what the file looked like at that moment
        qint64 size = -1;
        bool operator==(const Identity& o) const { return device == o.device && inode == o.inode; }
    };
    // One look at the log.
    struct Read {
        std::vector<WalCommit> commits;
        QString breakReason; // set when continuity with the cursor cannot be proven
        uint64_t logFrames = 0;
    };

    WalWatcher(QString databasePath, Options options);
    ~WalWatcher();
    WalWatcher(const WalWatcher&) = delete;
    WalWatcher& operator=(const WalWatcher&) = delete;

    // Opens the engine's connections (autocheckpoint off, no checkpoint on close) and pins a
    // reader. Refuses databases that are not in WAL mode.
    Status open();
    void close();
    bool isOpen() const { return open_; }
    Identity identity() const { return identity_; }
    // The identity of the file the path names now; device 0 when there is none.
    Identity currentIdentity() const;

    // Pins a new reader, reads the log from `cursor` to its last commit, then ends the older
    // reader. `cursor.pageSize == 0` means "no log seen yet": any header is accepted.
    Read poll(WalCursor& cursor);
    // True when the log holds no frame at all (absent, emptied, or just a header).
    bool logEmpty() const;
    // Reads to the end while the caller holds the database's write lock (a backup's barrier):
    // nothing can commit meanwhile, so the cursor ends exactly at the caller's snapshot.
    Read readAtBarrier(WalCursor& cursor);
    // PASSIVE checkpoint on an idle connection; never waits for readers or writers.
    void checkpoint();
    // When everything is captured: takes the write lock for a moment (skips if busy), reads to
    // the end, checkpoints, and leaves only a reader that lets the next writer reset the log.
    // The commits read meanwhile are returned.
    Read letLogRestart(WalCursor& cursor);

private:
    Status pin();
    void releaseOlder();
    void releaseAll();
    Read readLog(WalCursor& cursor);

    QString path_;
    Options options_;
    bool open_ = false;
    Identity identity_;
    SqliteDb readers_[2];
    bool pinned_[2] = {false, false};
    int newest_ = -1;
    SqliteDb barrier_;
    // A reset is provably safe only while a pin covered the whole time since the last read.
    bool pinCovered_ = false;
};

} // namespace tidemark
