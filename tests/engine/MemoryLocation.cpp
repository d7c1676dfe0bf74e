#include "MemoryLocation.h"

#include <QDateTime>

namespace tidemark::testing {
namespace {

class BytesReader final : public RandomAccessFile {
public:
    explicit BytesReader(QByteArray data) : data_(std::move(data)) {}
    qint64 size() const override { return data_.size(); }
    Result<QByteArray> read(qint64 offset, qint64 length) const override {
        if (offset < 0 || length < 0 || offset + length > data_.size())
            return Status::ioError(QStringLiteral("read past the end of an object"));
        return data_.mid(offset, length);
    }

private:
    QByteArray data_;
};

} // namespace

class MemoryWriter final : public ObjectWriter {
public:
    MemoryWriter(MemoryLocation& location, QString name)
        : location_(location), name_(std::move(name)) {}
    ~MemoryWriter() override { abandon(); }
    Status append(const char* data, size_t size) override {
        if (done_)
            return Status::failed(QStringLiteral("the write of %1 is over").arg(name_));
        buffer_.append(data, qsizetype(size));
        return Status::ok();
    }
    qint64 size() const override { return buffer_.size(); }
    Status publish() override {
        if (done_)
            return Status::failed(QStringLiteral("the write of %1 is over").arg(name_));
        finish();
        return location_.store(name_, buffer_, false);
    }
    void abandon() override { finish(); }

private:
    void finish() {
        if (done_)
            return;
        done_ = true;
        QMutexLocker lock(&location_.mutex_);
        --location_.pending_;
    }
    MemoryLocation& location_;
    QString name_;
    QByteArray buffer_;
    bool done_ = false;
};

ObjectInfo MemoryLocation::infoOf(const QString& name, const Object& o) const {
    return ObjectInfo{name, o.data.size(), o.modifiedMs, QString::number(o.version)};
}

Status MemoryLocation::store(const QString& name, const QByteArray& data, bool mayReplace) {
    QMutexLocker lock(&mutex_);
    if (!mayReplace && objects_.contains(name))
        return Status::alreadyExists(QStringLiteral("%1 already exists").arg(address(name)));
    objects_[name] = Object{data, QDateTime::currentMSecsSinceEpoch(), nextVersion_++, false};
    return Status::ok();
}

Status MemoryLocation::publish(const QString& name, const QByteArray& data) {
    return store(name, data, false);
}

Result<std::unique_ptr<ObjectWriter>> MemoryLocation::startObject(const QString& name) {
    QMutexLocker lock(&mutex_);
    ++pending_;
    return std::unique_ptr<ObjectWriter>(new MemoryWriter(*this, name));
}

Status MemoryLocation::put(const QString& name, const QByteArray& data) {
    return store(name, data, true);
}

Result<QString> MemoryLocation::replaceIfUnchanged(const QString& name, const QByteArray& data,
                                                   const QString& expectedVersion) {
    QMutexLocker lock(&mutex_);
    auto it = objects_.find(name);
    const QString now = it == objects_.end() ? QString() : QString::number(it->version);
    if (now != expectedVersion)
        return Status::busy(QStringLiteral("%1 was changed meanwhile").arg(address(name)));
    const quint64 version = nextVersion_++;
    objects_[name] = Object{data, QDateTime::currentMSecsSinceEpoch(), version, false};
    return QString::number(version);
}

Result<std::unique_ptr<RandomAccessFile>> MemoryLocation::openRead(const QString& name) {
    QMutexLocker lock(&mutex_);
    auto it = objects_.constFind(name);
    if (it == objects_.constEnd())
        return Status::notFound(QStringLiteral("%1 does not exist").arg(address(name)));
    return std::unique_ptr<RandomAccessFile>(new BytesReader(it->data));
}

Result<ObjectInfo> MemoryLocation::stat(const QString& name) {
    QMutexLocker lock(&mutex_);
    auto it = objects_.constFind(name);
    if (it == objects_.constEnd())
        return Status::notFound(QStringLiteral("%1 does not exist").arg(address(name)));
    return infoOf(name, *it);
}

Result<QList<ObjectInfo>> MemoryLocation::list(const QString& prefix) {
    QMutexLocker lock(&mutex_);
    QList<ObjectInfo> out;
    for (auto it = objects_.lowerBound(prefix); it != objects_.end(); ++it) {
        if (!it.key().startsWith(prefix))
            break;
        out.append(infoOf(it.key(), *it));
    }
    return out;
}

Status MemoryLocation::makeWriteOnce(const QString& name) {
    QMutexLocker lock(&mutex_);
    auto it = objects_.find(name);
    if (it == objects_.end())
        return Status::notFound(QStringLiteral("%1 does not exist").arg(address(name)));
    it->writeOnce = true;
    return Status::ok();
}

Status MemoryLocation::remove(const QStringList& names) {
    QMutexLocker lock(&mutex_);
    for (const QString& name : names)
        objects_.remove(name);
    return Status::ok();
}

AbandonedCleanup MemoryLocation::cleanAbandoned(qint64) {
    return {};
}

QMap<QString, QByteArray> MemoryLocation::snapshot() const {
    QMutexLocker lock(&mutex_);
    QMap<QString, QByteArray> out;
    for (auto it = objects_.constBegin(); it != objects_.constEnd(); ++it)
        out.insert(it.key(), it->data);
    return out;
}

int MemoryLocation::pendingWrites() const {
    QMutexLocker lock(&mutex_);
    return pending_;
}

} // namespace tidemark::testing
