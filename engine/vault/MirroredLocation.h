#pragma once

#include "vault/Location.h"

#include <algorithm>
#include <vector>

namespace tidemark {

// Synchronous redundancy (ZRS zones, LRS copies): every write and removal goes to the primary
// and to each replica, and succeeds only when it succeeded everywhere. Reads come from the
// primary and fall back to a replica when the primary's object is gone. Listings are the
// primary's.
class MirroredLocation final : public Location {
public:
    MirroredLocation(std::shared_ptr<Location> primary,
                     std::vector<std::shared_ptr<Location>> replicas);

    QString url() const override { return primary_->url(); }
    QString kind() const override { return primary_->kind(); }
    bool billsPerRequest() const override {
        return primary_->billsPerRequest() ||
               std::any_of(replicas_.begin(), replicas_.end(),
                           [](const auto& replica) { return replica->billsPerRequest(); });
    }

    Status publish(const QString& name, const QByteArray& data) override;
    Result<std::unique_ptr<ObjectWriter>> startObject(const QString& name) override;
    Status put(const QString& name, const QByteArray& data) override;
    Result<QString> replaceIfUnchanged(const QString& name, const QByteArray& data,
                                       const QString& expectedVersion) override;
    Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& name) override;
    Result<ObjectInfo> stat(const QString& name) override;
    Result<QList<ObjectInfo>> list(const QString& prefix) override;
    Result<QStringList> listNames(const QString& prefix) override {
        return primary_->listNames(prefix);
    }
    Status makeWriteOnce(const QString& name) override;
    bool storeEnforcesWriteOnce() const override {
        return primary_->storeEnforcesWriteOnce() &&
               std::all_of(replicas_.begin(), replicas_.end(),
                           [](const auto& replica) { return replica->storeEnforcesWriteOnce(); });
    }
    Status remove(const QStringList& names) override;
    AbandonedCleanup cleanAbandoned(qint64 cutoffMs) override;
    // The primary's: the copies are written only through it.
    Result<std::unique_ptr<LocationLock>>
    acquireLock(const QString& holder, std::function<void(const Status&)> lost = {}) override {
        return primary_->acquireLock(holder, std::move(lost));
    }

private:
    std::shared_ptr<Location> primary_;
    std::vector<std::shared_ptr<Location>> replicas_;
};

} // namespace tidemark
