#pragma once

#include "catalog/Catalog.h"
#include "vault/Vault.h"

namespace tidemark {

struct PurgeReport {
    QStringList purgedIds;
    int packsDoomed = 0;
};

// Applies short-term retention to one database at `nowMs`: the catalog forgets the purged
// backups first, then their manifests leave the vault, then packs no remaining backup names
// are doomed (gc deletes them after its grace period). A crash between steps leaves only
// manifests that the next workspace open takes back in and the next purge removes again.
Result<PurgeReport> applyRetention(const Vault& vault, Catalog& catalog,
                                   const DatabaseInfo& database, qint64 nowMs);

} // namespace tidemark
