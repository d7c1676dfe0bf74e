#pragma once

#include "catalog/Catalog.h"
#include "vault/Vault.h"

namespace tidemark {

struct ReplicationStatus {
    int copiedFiles = 0;
    int removedFiles = 0;
    int pendingBackups = 0;         // backups whose manifest has not reached the secondary
    qint64 lagMs = 0;               // how long the oldest pending backup has waited
    qint64 newestReplicatedMs = -1; // restore point of the newest backup on the secondary
};

// Asynchronous geo-replication: brings the secondary location up to the primary vault, in an
// order that keeps the secondary restorable at every moment: key material and database
// records, then packs, then long-term copies, then manifests (a manifest on the secondary
// implies its packs are there). What retention removed from the primary goes from the
// secondary afterwards. Objects are immutable once written, so "present with the same size"
// means copied.
Result<ReplicationStatus> replicateToSecondary(const Vault& primary, Location& secondary,
                                               Catalog& catalog, qint64 nowMs);
// The same accounting without copying anything.
ReplicationStatus replicationStatus(Location& secondary, Catalog& catalog, qint64 nowMs);

} // namespace tidemark
