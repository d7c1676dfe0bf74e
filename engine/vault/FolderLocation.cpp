#include "vault/Location.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QRandomGenerator>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tidemark {

Result<QByteArray> Location::read(const QString& name) {
    auto file = openRead(name);
    if (!file)
        return file.status();
    return (*file)->read(0, (*file)->size());
}

Result<QStringList> Location::listNames(const QString& prefix) {
    auto objects = list(prefix);
    if (!objects)
        return objects.status();
    QStringList names;
    for (const ObjectInfo& o : *objects)
        names << o.name;
    return names;
}

bool Location::exists(const QString& name) {
    return stat(name).isOk();
}

namespace {

// Names starting with a dot are the folder's own bookkeeping (partial writes, locks), never
// objects.
constexpr char kTempPrefix[] = ".tmp-";

bool isBookkeeping(const QString& fileName) {
    return fileName.startsWith(QLatin1Char('.'));
}

QString folderOf(const QString& path) {
    return QFileInfo(path).absolutePath();
}

QString temporaryBeside(const QString& path) {
    return folderOf(path) + QLatin1Char('/') + QLatin1String(kTempPrefix) +
           QString::number(QRandomGenerator::system()->generate64(), 16) + QLatin1Char('-') +
           QFileInfo(path).fileName();
}

ObjectInfo infoFrom(const QString& name, const struct stat& st) {
    ObjectInfo info;
    info.name = name;
    info.size = st.st_size;
    info.modifiedMs = qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    // A replacement is a new file (rename): a new inode, whatever its size and time.
    info.version = QStringLiteral("%1-%2-%3")
                       .arg(qulonglong(st.st_ino))
                       .arg(qlonglong(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec)
                       .arg(qlonglong(st.st_size));
    return info;
}

ObjectInfo infoOf(const QString& name, const QString& path, bool* found) {
    struct stat st {};
    *found = ::stat(QFile::encodeName(path).constData(), &st) == 0 && S_ISREG(st.st_mode);
    if (*found)
        return infoFrom(name, st);
    ObjectInfo info;
    info.name = name;
    return info;
}

class FolderObjectWriter final : public ObjectWriter {
public:
    FolderObjectWriter(FileSystem& fs, QString finalPath, QString tempPath,
                       std::unique_ptr<WritableFile> file)
        : fs_(fs), final_(std::move(finalPath)), temp_(std::move(tempPath)),
          file_(std::move(file)) {}
    ~FolderObjectWriter() override { abandon(); }

    Status append(const char* data, size_t size) override {
        if (!file_)
            return Status::failed(QStringLiteral("%1 is no longer being written").arg(final_));
        return file_->append(data, size);
    }
    qint64 size() const override { return file_ ? file_->size() : size_; }
    void startWriteback() override {
        if (file_)
            file_->startWriteback();
    }
    Status publish() override {
        if (!file_)
            return Status::failed(QStringLiteral("%1 is no longer being written").arg(final_));
        size_ = file_->size();
        Status s = file_->sync();
        Status closed = file_->close();
        file_.reset();
        if (s)
            s = closed;
        if (s)
            s = fs_.renameNoReplace(temp_, final_);
        if (!s) {
            abandon();
            return s;
        }
        temp_.clear();
        return fs_.syncDir(folderOf(final_));
    }
    void abandon() override {
        if (file_) {
            ignoreStatus(file_->close(), "cleanup of an abandoned write");
            file_.reset();
        }
        if (!temp_.isEmpty())
            ignoreStatus(fs_.remove(temp_), "an abandoned temporary file is only wasted space");
        temp_.clear();
    }

private:
    FileSystem& fs_;
    QString final_;
    QString temp_;
    std::unique_ptr<WritableFile> file_;
    qint64 size_ = 0;
};

class FolderLocation final : public Location {
public:
    FolderLocation(FileSystem& fs, QString root) : fs_(fs), root_(std::move(root)) {}

    QString url() const override { return root_; }
    QString kind() const override { return QStringLiteral("folder"); }

    Status publish(const QString& name, const QByteArray& data) override {
        auto writer = startObject(name);
        if (!writer)
            return writer.status();
        TM_TRY((*writer)->append(data));
        return (*writer)->publish();
    }

    Result<std::unique_ptr<ObjectWriter>> startObject(const QString& name) override {
        const QString path = pathOf(name);
        TM_TRY(fs_.makeDirs(folderOf(path)));
        const QString temp = temporaryBeside(path);
        auto file = fs_.createFile(temp);
        if (!file)
            return file.status();
        return std::unique_ptr<ObjectWriter>(
            new FolderObjectWriter(fs_, path, temp, std::move(*file)));
    }

    Status put(const QString& name, const QByteArray& data) override {
        const QString path = pathOf(name);
        TM_TRY(fs_.makeDirs(folderOf(path)));
        return writeFileDurably(fs_, path, data);
    }

    Result<QString> replaceIfUnchanged(const QString& name, const QByteArray& data,
                                       const QString& expectedVersion) override {
        const QString path = pathOf(name);
        // Writers of other processes are kept out by an advisory lock on the object's folder,
        // so the check and the rename are one step for every Tidemark process on this machine.
        const int fd = ::open(QFile::encodeName(folderOf(path)).constData(),
                              O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            return Status::ioError(QStringLiteral("cannot lock the folder of %1").arg(path));
        ::flock(fd, LOCK_EX);
        bool found = false;
        const ObjectInfo now = infoOf(name, path, &found);
        Result<QString> result = Status::ok();
        if (found ? now.version != expectedVersion : !expectedVersion.isEmpty()) {
            result = Status::busy(
                QStringLiteral("%1 was changed by someone else meanwhile; read it again")
                    .arg(path));
        } else if (Status s = writeFileDurably(fs_, path, data); !s) {
            result = s;
        } else {
            result = infoOf(name, path, &found).version;
        }
        ::close(fd);
        return result;
    }

    Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& name) override {
        return fs_.openRead(pathOf(name));
    }

    Result<ObjectInfo> stat(const QString& name) override {
        bool found = false;
        ObjectInfo info = infoOf(name, pathOf(name), &found);
        if (!found)
            return Status::notFound(QStringLiteral("%1 does not exist").arg(pathOf(name)));
        return info;
    }

    Result<QList<ObjectInfo>> list(const QString& prefix) override {
        QList<ObjectInfo> found;
        const int slash = prefix.lastIndexOf(QLatin1Char('/'));
        const QString start = slash < 0 ? QString() : prefix.left(slash + 1);
        walk(start,
             [&](const QString& name, const QString& fileName, int dirFd, const QByteArray& entry) {
                 if (isBookkeeping(fileName) || !name.startsWith(prefix))
                     return;
                 struct stat st {};
                 if (::fstatat(dirFd, entry.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                     S_ISREG(st.st_mode))
                     found.append(infoFrom(name, st));
             });
        std::sort(found.begin(), found.end(),
                  [](const ObjectInfo& a, const ObjectInfo& b) { return a.name < b.name; });
        return found;
    }

    Result<QStringList> listNames(const QString& prefix) override {
        QStringList names;
        const int slash = prefix.lastIndexOf(QLatin1Char('/'));
        const QString start = slash < 0 ? QString() : prefix.left(slash + 1);
        walk(start, [&](const QString& name, const QString& fileName, int, const QByteArray&) {
            if (!isBookkeeping(fileName) && name.startsWith(prefix))
                names << name;
        });
        names.sort();
        return names;
    }

    Status makeWriteOnce(const QString& name) override {
        if (!QFile::setPermissions(pathOf(name), QFileDevice::ReadOwner | QFileDevice::ReadGroup))
            return Status::ioError(QStringLiteral("cannot make %1 read-only").arg(pathOf(name)));
        return Status::ok();
    }

    Status remove(const QStringList& names) override {
        QStringList folders;
        for (const QString& name : names) {
            const QString path = pathOf(name);
            TM_TRY(fs_.remove(path));
            if (!folders.contains(folderOf(path)))
                folders << folderOf(path);
        }
        for (const QString& folder : folders)
            if (fs_.exists(folder))
                TM_TRY(fs_.syncDir(folder));
        return Status::ok();
    }

    AbandonedCleanup cleanAbandoned(qint64 cutoffMs) override {
        AbandonedCleanup cleanup;
        walk(QString(),
             [&](const QString& name, const QString& fileName, int dirFd, const QByteArray& entry) {
                 if (!fileName.startsWith(QLatin1String(kTempPrefix)))
                     return;
                 struct stat st {};
                 if (::fstatat(dirFd, entry.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0 ||
                     !S_ISREG(st.st_mode))
                     return;
                 const ObjectInfo info = infoFrom(name, st);
                 if (info.modifiedMs > cutoffMs)
                     return;
                 if (Status s = fs_.remove(pathOf(name)); s)
                     cleanup.removed.append(info);
                 else
                     cleanup.problems << s.message();
             });
        return cleanup;
    }

private:
    QString pathOf(const QString& name) const { return root_ + QLatin1Char('/') + name; }

    // Calls `visit(name, fileName, dirFd, entry)` for every file under the folder `relative`
    // (empty or ending with '/'), depth first. Entry types come with the folder listing, so a
    // walk costs one read per folder, not a lookup per file.
    template <typename Visit> void walk(const QString& relative, const Visit& visit) {
        const QString dir = relative.isEmpty() ? root_ : pathOf(relative.chopped(1));
        DIR* listing = ::opendir(QFile::encodeName(dir).constData());
        if (!listing)
            return;
        QList<QByteArray> folders;
        while (const dirent* e = ::readdir(listing)) {
            const QByteArray entry(e->d_name);
            if (entry == "." || entry == "..")
                continue;
            unsigned char type = e->d_type;
            if (type == DT_UNKNOWN) {
                struct stat st {};
                if (::fstatat(::dirfd(listing), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
                    continue;
                type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
            }
            const QString fileName = QFile::decodeName(entry);
            if (type == DT_DIR) {
                if (!isBookkeeping(fileName))
                    folders << entry;
            } else if (type == DT_REG) {
                visit(relative + fileName, fileName, ::dirfd(listing), entry);
            }
        }
        ::closedir(listing);
        for (const QByteArray& folder : folders)
            walk(relative + QFile::decodeName(folder) + QLatin1Char('/'), visit);
    }

    FileSystem& fs_;
    QString root_;
};

} // namespace

std::shared_ptr<Location> openFolderLocation(FileSystem& fs, const QString& root) {
    return std::make_shared<FolderLocation>(fs, QDir(root).absolutePath());
}

} // namespace tidemark
