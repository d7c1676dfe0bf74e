#include "FaultyFileSystem.h"

namespace tidemark::testing {
namespace {

class FaultyFile final : public WritableFile {
public:
    FaultyFile(std::unique_ptr<WritableFile> inner, FaultyFileSystem& owner, QString path)
        : inner_(std::move(inner)), owner_(owner), path_(std::move(path)) {}
    Status append(const char* data, size_t size) override {
        if (owner_.crashed)
            return owner_.dead(path_);
        size_t allowed = take(size);
        if (allowed > 0)
            TM_TRY(inner_->append(data, allowed));
        return allowed == size ? Status::ok() : owner_.failure(path_);
    }
    Status writeAt(qint64 offset, const char* data, size_t size) override {
        if (owner_.crashed)
            return owner_.dead(path_);
        size_t allowed = take(size);
        if (allowed > 0)
            TM_TRY(inner_->writeAt(offset, data, allowed));
        return allowed == size ? Status::ok() : owner_.failure(path_);
    }
    Status sync() override { return owner_.crashed ? owner_.dead(path_) : inner_->sync(); }
    void startWriteback() override { inner_->startWriteback(); }
    Status close() override {
        Status s = inner_->close();
        return owner_.crashed ? owner_.dead(path_) : s;
    }
    qint64 size() const override { return inner_->size(); }

private:
    size_t take(size_t want) {
        qint64 left = owner_.bytesLeft.load();
        if (left < 0)
            return want;
        size_t allowed = std::min<size_t>(want, size_t(left));
        owner_.bytesLeft.fetch_sub(qint64(allowed));
        return allowed;
    }
    std::unique_ptr<WritableFile> inner_;
    FaultyFileSystem& owner_;
    QString path_;
};

} // namespace

Status FaultyFileSystem::failure(const QString& path) {
    if (fault == Fault::Crash) {
        crashed = true;
        return dead(path);
    }
    if (fault == Fault::NoSpace)
        return Status::noSpace(QStringLiteral("writing %1: No space left on device").arg(path));
    return Status::ioError(QStringLiteral("writing %1: Input/output error").arg(path));
}

Result<std::unique_ptr<WritableFile>> FaultyFileSystem::createFile(const QString& path) {
    if (crashed)
        return dead(path);
    auto inner = real().createFile(path);
    if (!inner)
        return inner.status();
    return std::unique_ptr<WritableFile>(new FaultyFile(std::move(*inner), *this, path));
}

} // namespace tidemark::testing
