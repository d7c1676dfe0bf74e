#pragma once

#include "catalog/Catalog.h"
#include "vault/KeyRing.h"

namespace tidemark {

// Named secrets for linking stretch databases to their remote endpoints. Stored in the catalog
// sealed under the vault's master key (AES-256-GCM bound to the name); never logged, never
// printed, never taken from the command line.
Status createCredential(Catalog& catalog, const KeyRing& keys, const QString& name,
                        const QByteArray& secret, qint64 nowMs);
Result<QByteArray> openCredential(Catalog& catalog, const KeyRing& keys, const QString& name);

} // namespace tidemark
