#pragma once

#include "core/Status.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

namespace tidemark {

// A file being written. Not thread-safe; owned by one writer.
class WritableFile {
public:
    virtual ~WritableFile() = default;
    virtual Status append(const char* data, size_t size) = 0;
    // Positional write; does not move the append position. For files rebuilt page by page;
    // safe to call from several threads at once for disjoint ranges.
    virtual Status writeAt(qint64 offset, const char* data, size_t size) = 0;
    virtual Status sync() = 0;
    // Asks the kernel to start writing the file out now, without waiting, so a later sync()
    // finds less to do. A hint: implementations may do nothing.
    virtual void startWriteback() {}
    virtual Status close() = 0;
    virtual qint64 size() const = 0;
    Status append(const QByteArray& data) { return append(data.constData(), size_t(data.size())); }
};

// A file opened for positional reads. Thread-safe (pread).
class RandomAccessFile {
public:
    virtual ~RandomAccessFile() = default;
    virtual qint64 size() const = 0;
    virtual Result<QByteArray> read(qint64 offset, qint64 length) const = 0;
};

// The seam through which the vault touches the disk, so tests can inject full disks,
// I/O errors and torn writes. The POSIX implementation is the only one in the product.
class FileSystem {
public:
    virtual ~FileSystem() = default;
    // Creates a new file; fails if it exists.
    virtual Result<std::unique_ptr<WritableFile>> createFile(const QString& path) = 0;
    virtual Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& path) = 0;
    virtual Status rename(const QString& from, const QString& to) = 0;
    // Like rename, but fails with AlreadyExists instead of replacing an existing target.
    virtual Status renameNoReplace(const QString& from, const QString& to) = 0;
    virtual Status syncDir(const QString& dir) = 0;
    virtual Status remove(const QString& path) = 0;
    // Creates missing folders, each made durable in its parent (fsync of the parent folder).
    virtual Status makeDirs(const QString& path) = 0;
    virtual bool exists(const QString& path) = 0;
    // Names (not paths) of the entries of a folder; empty when it does not exist.
    virtual QStringList list(const QString& dir) = 0;

    Result<QByteArray> readFile(const QString& path);

    static FileSystem& posix();
};

// Writes a whole file crash-safely: a temporary name, fsync, rename, fsync of the folder.
// After it returns ok the file is durable under its final name; before, it does not exist.
Status writeFileDurably(FileSystem& fs, const QString& path, const QByteArray& data);

} // namespace tidemark
