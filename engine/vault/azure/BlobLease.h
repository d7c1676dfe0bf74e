#pragma once

#include "vault/Location.h"
#include "vault/azure/AzureBlobClient.h"

namespace tidemark::azure {

// Where the lease lives and for how long each renewal holds it.
struct LeaseTarget {
    QString container;
    QString blob;    // the lock blob's full name in the container
    QString address; // azure://ACCOUNT/CONTAINER/PREFIX/NAME, for messages
    int seconds = 60;
};

// The agent lock of a blob location: a lease on a small lock blob (created when missing),
// with the holder's description in its metadata so a refused agent can name it. A thread
// renews the lease every third of its duration; destroying the lock releases it. An agent
// that dies stops renewing and the lease expires by itself. When a renewal shows the lease
// gone (another agent took it after an outage longer than the lease), `lost` is called once.
Result<std::unique_ptr<LocationLock>> acquireBlobLease(std::shared_ptr<AzureBlobClient> client,
                                                       const LeaseTarget& target,
                                                       const QString& holder,
                                                       std::function<void(const Status&)> lost);

} // namespace tidemark::azure
