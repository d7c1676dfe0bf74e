#include "vault/azure/BlobLease.h"

#include <QUrl>
#include <QUuid>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace tidemark::azure {

namespace {

constexpr char kHolderKey[] = "tidemarkholder";

class BlobLease final : public LocationLock {
public:
    BlobLease(std::shared_ptr<AzureBlobClient> client, LeaseTarget target, QString leaseId,
              std::function<void(const Status&)> lost)
        : client_(std::move(client)), target_(std::move(target)), leaseId_(std::move(leaseId)),
          lost_(std::move(lost)) {
        renewer_ = std::thread([this] { renewUntilStopped(); });
    }

    ~BlobLease() override {
        {
            std::lock_guard guard(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        renewer_.join();
        if (held().isOk())
            ignoreStatus(client_->releaseLease(target_.container, target_.blob, leaseId_),
                         "a lease not released expires within its duration anyway");
    }

    Status held() const override {
        std::lock_guard guard(mutex_);
        return loss_;
    }

private:
    void renewUntilStopped() {
        using Clock = std::chrono::steady_clock;
        const auto duration = std::chrono::seconds(target_.seconds);
        auto renewed = Clock::now();
        std::unique_lock guard(mutex_);
        while (!stopping_) {
            // A third of the duration leaves two more tries before the lease could lapse.
            wake_.wait_for(guard, duration / 3, [this] { return stopping_; });
            if (stopping_)
                return;
            guard.unlock();
            const Status renewal = client_->renewLease(target_.container, target_.blob, leaseId_);
            guard.lock();
            if (renewal.isOk()) {
                renewed = Clock::now();
                continue;
            }
            // Busy: the service no longer knows this lease (someone else holds the blob now).
            // Anything else is an outage; the lease stands until its duration has passed.
            if (renewal.code() != Status::Code::Busy && Clock::now() - renewed < duration)
                continue;
            loss_ = Status::failed(
                QStringLiteral("the agent lock on %1 was lost (%2); this agent stops so that two "
                               "agents never write the vault at once")
                    .arg(target_.address, renewal.message()));
            const Status reported = loss_;
            guard.unlock();
            if (lost_)
                lost_(reported);
            return;
        }
    }

    std::shared_ptr<AzureBlobClient> client_;
    const LeaseTarget target_;
    const QString leaseId_;
    const std::function<void(const Status&)> lost_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    Status loss_;
    std::thread renewer_;
};

// The lock blob, created empty the first time; it is never written again except its metadata.
Status ensureLockBlob(AzureBlobClient& client, const LeaseTarget& target) {
    auto created = client.putBlob(target.container, target.blob, {}, WriteCondition::ifAbsent());
    if (created || created.status().code() == Status::Code::AlreadyExists)
        return Status::ok();
    // A leased blob refuses a write without its lease: it exists.
    if (created.status().code() == Status::Code::Busy)
        return Status::ok();
    if (created.status().code() == Status::Code::NotFound &&
        created.status().message().startsWith(QStringLiteral("container "))) {
        TM_TRY(client.createContainer(target.container));
        return ensureLockBlob(client, target);
    }
    return created.status();
}

QString currentHolder(AzureBlobClient& client, const LeaseTarget& target) {
    auto metadata = client.metadata(target.container, target.blob);
    const QByteArray holder = metadata ? metadata->value(kHolderKey) : QByteArray();
    return holder.isEmpty() ? QStringLiteral("an agent that did not say who it is")
                            : QUrl::fromPercentEncoding(holder);
}

} // namespace

Result<std::unique_ptr<LocationLock>> acquireBlobLease(std::shared_ptr<AzureBlobClient> client,
                                                       const LeaseTarget& target,
                                                       const QString& holder,
                                                       std::function<void(const Status&)> lost) {
    TM_TRY(ensureLockBlob(*client, target));
    const QString proposed = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto lease = client->acquireLease(target.container, target.blob, target.seconds, proposed);
    if (!lease) {
        if (lease.status().code() != Status::Code::Busy)
            return lease.status();
        return Status::busy(QStringLiteral("another agent already runs for the vault at %1 (%2)")
                                .arg(target.address, currentHolder(*client, target)));
    }
    // Metadata values must be ASCII: the description is stored percent-encoded.
    const Status named = client->setMetadata(target.container, target.blob, *lease,
                                             {{kHolderKey, QUrl::toPercentEncoding(holder, " ")}});
    if (!named) {
        ignoreStatus(client->releaseLease(target.container, target.blob, *lease),
                     "the lease expires within its duration anyway");
        return named;
    }
    return std::unique_ptr<LocationLock>(
        new BlobLease(std::move(client), target, *lease, std::move(lost)));
}

} // namespace tidemark::azure
