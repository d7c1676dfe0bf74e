#pragma once

#include "core/FileSystem.h"

#include <atomic>

namespace tidemark::testing {

// Wraps the real file system and fails on purpose: once `bytesLeft` runs out, every write
// fails like a full disk (or with EIO), after writing only part of the buffer (a torn write).
// Crash: the torn write is the last thing the process does; from then on every operation
// that would change the disk fails, so nothing is cleaned up, renamed or synced, as when the
// machine stops mid-write.
class FaultyFileSystem final : public FileSystem {
public:
    enum class Fault { NoSpace, IOError, Crash };
    std::atomic<qint64> bytesLeft{-1}; // -1: no limit
    std::atomic<bool> crashed{false};
    Fault fault = Fault::NoSpace;

    Result<std::unique_ptr<WritableFile>> createFile(const QString& path) override;
    Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& path) override {
        return real().openRead(path);
    }
    Status rename(const QString& from, const QString& to) override {
        return crashed ? dead(to) : real().rename(from, to);
    }
    Status renameNoReplace(const QString& from, const QString& to) override {
        return crashed ? dead(to) : real().renameNoReplace(from, to);
    }
    Status syncDir(const QString& dir) override {
        return crashed ? dead(dir) : real().syncDir(dir);
    }
    Status remove(const QString& path) override {
        return crashed ? dead(path) : real().remove(path);
    }
    Status makeDirs(const QString& path) override {
        return crashed ? dead(path) : real().makeDirs(path);
    }
    bool exists(const QString& path) override { return real().exists(path); }
    QStringList list(const QString& dir) override { return real().list(dir); }

    Status failure(const QString& path);
    static Status dead(const QString& path) {
        return Status::ioError(QStringLiteral("%1: the process crashed").arg(path));
    }

private:
    static FileSystem& real() { return FileSystem::posix(); }
};

} // namespace tidemark::testing
