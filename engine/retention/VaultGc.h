#pragma once

#include "catalog/Catalog.h"
#include "vault/Vault.h"

namespace tidemark {

struct GcReport {
    int orphanPacks = 0;
    int temporaryFiles = 0;
    qint64 bytesFreed = 0;
    QStringList problems;
};

// Collects what crashed or failed backups and retention left behind: temporary files, and
// packs that no manifest names and the catalog does not index. Only files older than
// `graceMs` (for packs retention doomed: doomed longer ago than that) are touched, so a backup
// running in another process never loses a pack it is about to name.
GcReport collectGarbage(const Vault& vault, Catalog& catalog, qint64 nowMs, qint64 graceMs);

} // namespace tidemark
