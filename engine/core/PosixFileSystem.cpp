#include "core/FileSystem.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tidemark {
namespace {

Status errnoStatus(const QString& what, int err) {
    QString text = what + QStringLiteral(": ") + QString::fromLocal8Bit(std::strerror(err));
    if (err == ENOSPC || err == EDQUOT)
        return Status::noSpace(text);
    if (err == ENOENT)
        return Status::notFound(text);
    if (err == EEXIST)
        return Status::alreadyExists(text);
    return Status::ioError(text);
}

class PosixWritableFile final : public WritableFile {
public:
    PosixWritableFile(int fd, QString path) : fd_(fd), path_(std::move(path)) {}
    ~PosixWritableFile() override {
        if (fd_ >= 0)
            ::close(fd_);
    }
    Status append(const char* data, size_t size) override {
        while (size > 0) {
            ssize_t n = ::write(fd_, data, size);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return errnoStatus(QStringLiteral("writing %1").arg(path_), errno);
            }
            data += n;
            size -= size_t(n);
            size_ += n;
        }
        return Status::ok();
    }
    Status writeAt(qint64 offset, const char* data, size_t size) override {
        while (size > 0) {
            ssize_t n = ::pwrite(fd_, data, size, offset);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return errnoStatus(QStringLiteral("writing %1").arg(path_), errno);
            }
            data += n;
            size -= size_t(n);
            offset += n;
            qint64 known = size_.load();
            while (known < offset && !size_.compare_exchange_weak(known, offset)) {
            }
        }
        return Status::ok();
    }
    void startWriteback() override { ::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE); }
    Status sync() override {
        if (::fdatasync(fd_) != 0)
            return errnoStatus(QStringLiteral("syncing %1").arg(path_), errno);
        return Status::ok();
    }
    Status close() override {
        if (fd_ < 0)
            return Status::ok();
        int rc = ::close(fd_);
        fd_ = -1;
        if (rc != 0)
            return errnoStatus(QStringLiteral("closing %1").arg(path_), errno);
        return Status::ok();
    }
    qint64 size() const override { return size_; }

private:
    int fd_;
    QString path_;
    std::atomic<qint64> size_{0};
};

class PosixRandomAccessFile final : public RandomAccessFile {
public:
    PosixRandomAccessFile(int fd, qint64 size, QString path)
        : fd_(fd), size_(size), path_(std::move(path)) {}
    ~PosixRandomAccessFile() override { ::close(fd_); }
    qint64 size() const override { return size_; }
    Result<QByteArray> read(qint64 offset, qint64 length) const override {
        if (offset < 0 || length < 0 || offset + length > size_)
            return Status::corruption(
                QStringLiteral("%1 is shorter than expected (wanted bytes %2..%3 of %4)")
                    .arg(path_, QString::number(offset), QString::number(offset + length),
                         QString::number(size_)));
        QByteArray out(length, Qt::Uninitialized);
        qint64 done = 0;
        while (done < length) {
            ssize_t n = ::pread(fd_, out.data() + done, size_t(length - done), offset + done);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return errnoStatus(QStringLiteral("reading %1").arg(path_), errno);
            }
            if (n == 0)
                return Status::corruption(QStringLiteral("%1 was truncated").arg(path_));
            done += n;
        }
        return out;
    }

private:
    int fd_;
    qint64 size_;
    QString path_;
};

class PosixFileSystem final : public FileSystem {
public:
    Result<std::unique_ptr<WritableFile>> createFile(const QString& path) override {
        QByteArray p = QFile::encodeName(path);
        int fd = ::open(p.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            return errnoStatus(QStringLiteral("creating %1").arg(path), errno);
        return std::unique_ptr<WritableFile>(new PosixWritableFile(fd, path));
    }
    Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& path) override {
        QByteArray p = QFile::encodeName(path);
        int fd = ::open(p.constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return errnoStatus(QStringLiteral("opening %1").arg(path), errno);
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            int err = errno;
            ::close(fd);
            return errnoStatus(QStringLiteral("inspecting %1").arg(path), err);
        }
        return std::unique_ptr<RandomAccessFile>(new PosixRandomAccessFile(fd, st.st_size, path));
    }
    Status rename(const QString& from, const QString& to) override {
        if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
            return errnoStatus(QStringLiteral("renaming %1").arg(from), errno);
        return Status::ok();
    }
    Status syncDir(const QString& dir) override {
        int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            return errnoStatus(QStringLiteral("opening folder %1").arg(dir), errno);
        int rc = ::fsync(fd);
        int err = errno;
        ::close(fd);
        if (rc != 0)
            return errnoStatus(QStringLiteral("syncing folder %1").arg(dir), err);
        return Status::ok();
    }
    Status remove(const QString& path) override {
        if (::unlink(QFile::encodeName(path).constData()) != 0 && errno != ENOENT)
            return errnoStatus(QStringLiteral("removing %1").arg(path), errno);
        return Status::ok();
    }
    Status renameNoReplace(const QString& from, const QString& to) override {
        if (::renameat2(AT_FDCWD, QFile::encodeName(from).constData(), AT_FDCWD,
                        QFile::encodeName(to).constData(), RENAME_NOREPLACE) != 0)
            return errnoStatus(QStringLiteral("renaming %1 to %2").arg(from, to), errno);
        return Status::ok();
    }
    Status makeDirs(const QString& path) override {
        QFileInfo info(path);
        if (info.isDir())
            return Status::ok();
        QString parent = info.absolutePath();
        if (parent != info.absoluteFilePath())
            TM_TRY(makeDirs(parent));
        if (::mkdir(QFile::encodeName(path).constData(), 0700) != 0 && errno != EEXIST)
            return errnoStatus(QStringLiteral("creating folder %1").arg(path), errno);
        // The new entry must survive a power cut as surely as the files put inside it.
        return syncDir(parent);
    }
    bool exists(const QString& path) override { return QFileInfo::exists(path); }
    QStringList list(const QString& dir) override {
        return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                                   QDir::Name);
    }
};

} // namespace

FileSystem& FileSystem::posix() {
    static PosixFileSystem instance;
    return instance;
}

Result<QByteArray> FileSystem::readFile(const QString& path) {
    auto file = openRead(path);
    if (!file)
        return file.status();
    return (*file)->read(0, (*file)->size());
}

Status writeFileDurably(FileSystem& fs, const QString& path, const QByteArray& data) {
    QFileInfo info(path);
    QString dir = info.absolutePath();
    QString temp = dir + QStringLiteral("/.tmp-") +
                   QString::number(QRandomGenerator::system()->generate64(), 16) +
                   QStringLiteral("-") + info.fileName();
    auto file = fs.createFile(temp);
    if (!file)
        return file.status();
    Status s = (*file)->append(data);
    if (s)
        s = (*file)->sync();
    Status closed = (*file)->close();
    if (s)
        s = closed;
    if (s)
        s = fs.rename(temp, path);
    if (!s) {
        ignoreStatus(fs.remove(temp), "cleanup after a failure that is already returned");
        return s;
    }
    return fs.syncDir(dir);
}

} // namespace tidemark
