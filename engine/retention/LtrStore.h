#pragma once

#include "catalog/Catalog.h"
#include "vault/Vault.h"

#include <optional>

namespace tidemark {

// Long-term retention copies live in the vault's LTR area, apart from short-term backups:
//   ltr/DBUUID/ID.tmm   the full backup's manifest (same packs, so a copy costs no page data)
//   ltr/DBUUID/ID.tml   a sealed record: kinds (W, M, Y), expiry, immutability
// Immutable copies are write-once files (read-only mode) and the engine refuses to delete them
// before their date; a legal hold keeps every copy of a database.

// Copies a just-finished full backup when the database's LTR policy selects it.
Result<std::optional<LtrInfo>> copyToLtrIfSelected(const Vault& vault, Catalog& catalog,
                                                   const DatabaseInfo& database,
                                                   const BackupInfo& full, qint64 nowMs);
// Removes one copy; refused while immutable or under a legal hold.
Status deleteLtr(const Vault& vault, Catalog& catalog, const QString& id, qint64 nowMs);
// Removes every expired copy that may go; returns how many went.
Result<int> expireLtr(const Vault& vault, Catalog& catalog, qint64 nowMs);
// LTR records found in the vault, for a catalog rebuild.
QList<LtrInfo> readLtrRecords(const Vault& vault, QStringList* problems);

// Where a long-term copy's manifest and record live in every location of the vault.
QString ltrManifestObject(const QString& databaseUuid, const QString& id);
QString ltrRecordObject(const QString& databaseUuid, const QString& id);
// Whether this location's manifest copy / sealed record of an LTR copy opens intact.
Status checkLtrManifestCopy(const Vault& vault, const QString& databaseUuid, const QString& id);
Status checkLtrRecord(const Vault& vault, const QString& databaseUuid, const QString& id);

} // namespace tidemark
