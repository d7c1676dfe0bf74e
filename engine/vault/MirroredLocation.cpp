#include "vault/MirroredLocation.h"

namespace tidemark {
namespace {

class MirroredWriter final : public ObjectWriter {
public:
    explicit MirroredWriter(std::vector<std::unique_ptr<ObjectWriter>> writers)
        : writers_(std::move(writers)) {}
    ~MirroredWriter() override { abandon(); }

    Status append(const char* data, size_t size) override {
        for (auto& w : writers_)
            TM_TRY(w->append(data, size));
        return Status::ok();
    }
    qint64 size() const override { return writers_.front()->size(); }
    void startWriteback() override {
        for (auto& w : writers_)
            w->startWriteback();
    }
    // The primary first: a name taken there is a real clash; the replicas follow it.
    Status publish() override {
        for (size_t i = 0; i < writers_.size(); ++i) {
            Status s = writers_[i]->publish();
            if (!s) {
                abandon();
                return i == 0 ? s : s.context(QStringLiteral("writing a redundant copy"));
            }
        }
        return Status::ok();
    }
    void abandon() override {
        for (auto& w : writers_)
            w->abandon();
    }

private:
    std::vector<std::unique_ptr<ObjectWriter>> writers_;
};

Status redundantCopy(const Status& s) {
    return s ? s : s.context(QStringLiteral("redundant copy"));
}

} // namespace

MirroredLocation::MirroredLocation(std::shared_ptr<Location> primary,
                                   std::vector<std::shared_ptr<Location>> replicas)
    : primary_(std::move(primary)), replicas_(std::move(replicas)) {}

Status MirroredLocation::publish(const QString& name, const QByteArray& data) {
    TM_TRY(primary_->publish(name, data));
    // A replica may hold a leftover of an interrupted earlier write of this name.
    for (auto& r : replicas_)
        TM_TRY(redundantCopy(r->put(name, data)));
    return Status::ok();
}

Result<std::unique_ptr<ObjectWriter>> MirroredLocation::startObject(const QString& name) {
    std::vector<std::unique_ptr<ObjectWriter>> writers;
    auto first = primary_->startObject(name);
    if (!first)
        return first.status();
    writers.push_back(std::move(*first));
    for (auto& r : replicas_) {
        // A leftover from an interrupted write must not block the mirror.
        ignoreStatus(r->remove(name), "a leftover that cannot go makes publish fail clearly");
        auto w = r->startObject(name);
        if (!w) {
            for (auto& opened : writers)
                opened->abandon();
            return w.status().context(QStringLiteral("writing a redundant copy"));
        }
        writers.push_back(std::move(*w));
    }
    return std::unique_ptr<ObjectWriter>(new MirroredWriter(std::move(writers)));
}

Status MirroredLocation::put(const QString& name, const QByteArray& data) {
    TM_TRY(primary_->put(name, data));
    for (auto& r : replicas_)
        TM_TRY(redundantCopy(r->put(name, data)));
    return Status::ok();
}

Result<QString> MirroredLocation::replaceIfUnchanged(const QString& name, const QByteArray& data,
                                                     const QString& expectedVersion) {
    auto version = primary_->replaceIfUnchanged(name, data, expectedVersion);
    if (!version)
        return version;
    for (auto& r : replicas_)
        TM_TRY(redundantCopy(r->put(name, data)));
    return version;
}

Result<std::unique_ptr<RandomAccessFile>> MirroredLocation::openRead(const QString& name) {
    auto primary = primary_->openRead(name);
    if (primary || !primary.status().isNotFound())
        return primary;
    for (auto& r : replicas_) {
        auto copy = r->openRead(name);
        if (copy)
            return copy;
    }
    return primary;
}

Result<ObjectInfo> MirroredLocation::stat(const QString& name) {
    auto primary = primary_->stat(name);
    if (primary || !primary.status().isNotFound())
        return primary;
    for (auto& r : replicas_) {
        auto copy = r->stat(name);
        if (copy)
            return copy;
    }
    return primary;
}

Result<QList<ObjectInfo>> MirroredLocation::list(const QString& prefix) {
    return primary_->list(prefix);
}

Status MirroredLocation::makeWriteOnce(const QString& name) {
    TM_TRY(primary_->makeWriteOnce(name));
    for (auto& r : replicas_)
        TM_TRY(redundantCopy(r->makeWriteOnce(name)));
    return Status::ok();
}

Status MirroredLocation::remove(const QStringList& names) {
    TM_TRY(primary_->remove(names));
    for (auto& r : replicas_)
        TM_TRY(redundantCopy(r->remove(names)));
    return Status::ok();
}

AbandonedCleanup MirroredLocation::cleanAbandoned(qint64 cutoffMs) {
    AbandonedCleanup all = primary_->cleanAbandoned(cutoffMs);
    for (auto& r : replicas_) {
        AbandonedCleanup more = r->cleanAbandoned(cutoffMs);
        all.removed += more.removed;
        all.problems += more.problems;
    }
    return all;
}

} // namespace tidemark
