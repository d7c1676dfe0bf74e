#include "vault/MirroredFileSystem.h"

#include <QDir>

namespace tidemark {
namespace {

class MirroredFile final : public WritableFile {
public:
    explicit MirroredFile(std::vector<std::unique_ptr<WritableFile>> files)
        : files_(std::move(files)) {}
    Status append(const char* data, size_t size) override {
        for (auto& f : files_)
            TM_TRY(f->append(data, size));
        return Status::ok();
    }
    Status writeAt(qint64 offset, const char* data, size_t size) override {
        for (auto& f : files_)
            TM_TRY(f->writeAt(offset, data, size));
        return Status::ok();
    }
    Status sync() override {
        for (auto& f : files_)
            TM_TRY(f->sync());
        return Status::ok();
    }
    void startWriteback() override {
        for (auto& f : files_)
            f->startWriteback();
    }
    Status close() override {
        Status first;
        for (auto& f : files_) {
            Status s = f->close();
            if (first.isOk() && !s)
                first = s;
        }
        return first;
    }
    qint64 size() const override { return files_.front()->size(); }

private:
    std::vector<std::unique_ptr<WritableFile>> files_;
};

} // namespace

MirroredFileSystem::MirroredFileSystem(FileSystem& base, QString primaryRoot,
                                       QStringList replicaRoots)
    : base_(base), primary_(QDir(primaryRoot).absolutePath()), replicas_(std::move(replicaRoots)) {}

QStringList MirroredFileSystem::mirrorsOf(const QString& path) const {
    QString absolute = QDir(path).isAbsolute() ? QDir::cleanPath(path)
                                               : QDir::cleanPath(QDir().absoluteFilePath(path));
    if (absolute != primary_ && !absolute.startsWith(primary_ + QLatin1Char('/')))
        return {};
    QString relative = absolute.mid(primary_.size());
    QStringList out;
    for (const QString& r : replicas_)
        out << r + relative;
    return out;
}

Result<std::unique_ptr<WritableFile>> MirroredFileSystem::createFile(const QString& path) {
    std::vector<std::unique_ptr<WritableFile>> files;
    auto first = base_.createFile(path);
    if (!first)
        return first.status();
    files.push_back(std::move(*first));
    for (const QString& m : mirrorsOf(path)) {
        // A leftover from an interrupted write must not block the mirror.
        ignoreStatus(base_.remove(m), "a leftover that cannot go makes createFile fail clearly");
        auto f = base_.createFile(m);
        if (!f) {
            for (auto& opened : files)
                ignoreStatus(opened->close(), "cleanup after a failure that is already returned");
            return f.status().context(QStringLiteral("writing a redundant copy"));
        }
        files.push_back(std::move(*f));
    }
    return std::unique_ptr<WritableFile>(new MirroredFile(std::move(files)));
}

Result<std::unique_ptr<RandomAccessFile>> MirroredFileSystem::openRead(const QString& path) {
    auto primary = base_.openRead(path);
    if (primary || !primary.status().isNotFound())
        return primary;
    for (const QString& m : mirrorsOf(path)) {
        auto copy = base_.openRead(m);
        if (copy)
            return copy;
    }
    return primary;
}

Status MirroredFileSystem::rename(const QString& from, const QString& to) {
    TM_TRY(base_.rename(from, to));
    QStringList froms = mirrorsOf(from), tos = mirrorsOf(to);
    for (int i = 0; i < froms.size() && i < tos.size(); ++i)
        TM_TRY(base_.rename(froms[i], tos[i]).context(QStringLiteral("redundant copy")));
    return Status::ok();
}

Status MirroredFileSystem::renameNoReplace(const QString& from, const QString& to) {
    TM_TRY(base_.renameNoReplace(from, to));
    QStringList froms = mirrorsOf(from), tos = mirrorsOf(to);
    for (int i = 0; i < froms.size() && i < tos.size(); ++i)
        TM_TRY(base_.rename(froms[i], tos[i]).context(QStringLiteral("redundant copy")));
    return Status::ok();
}

Status MirroredFileSystem::syncDir(const QString& dir) {
    TM_TRY(base_.syncDir(dir));
    for (const QString& m : mirrorsOf(dir))
        TM_TRY(base_.syncDir(m));
    return Status::ok();
}

Status MirroredFileSystem::remove(const QString& path) {
    TM_TRY(base_.remove(path));
    for (const QString& m : mirrorsOf(path))
        TM_TRY(base_.remove(m));
    return Status::ok();
}

Status MirroredFileSystem::makeDirs(const QString& path) {
    TM_TRY(base_.makeDirs(path));
    for (const QString& m : mirrorsOf(path))
        TM_TRY(base_.makeDirs(m));
    return Status::ok();
}

} // namespace tidemark
