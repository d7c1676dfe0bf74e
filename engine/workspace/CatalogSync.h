#pragma once

#include "catalog/Catalog.h"
#include "vault/Vault.h"

namespace tidemark {

struct SyncReport {
    int databases = 0;
    int backups = 0;
    int packs = 0;
    qint64 blobs = 0;
    QStringList problems;
};

// Brings the catalog up to what the vault holds: database records, manifests and the packs
// they use. Cheap when nothing is missing. Run when a workspace opens, so a backup whose
// manifest became durable just before a crash is listed, never lost.
Result<SyncReport> syncCatalogFromVault(const Vault& vault, Catalog& catalog);
// Empties the catalog's index and fills it from the vault alone.
Result<SyncReport> rebuildCatalog(const Vault& vault, Catalog& catalog);

DatabaseInfo databaseFromRecord(const QJsonObject& record);
QJsonObject recordFromDatabase(const DatabaseInfo& info);

} // namespace tidemark
