#pragma once

#include "vault/Locations.h"
#include "vault/Vault.h"

namespace tidemark {

// Credentials for blob storage accounts that `credential create --storage-account` keeps, one
// per account. They live in the workspace folder (storage-credentials.json), not in the vault
// or the catalog: a vault on blob storage cannot be opened without its credential. Each secret
// is sealed under the vault's master key (AES-256-GCM bound to the account), and the file
// carries that master key wrapped under the passphrase, as the vault configuration holds it,
// so the passphrase alone opens them before any location is reachable. A vault without
// encryption has nothing to seal them with: its credentials stay in the environment.
class StorageCredentials {
public:
    static QString fileName() { return QStringLiteral("storage-credentials.json"); }

    // The secrets by account; empty when the workspace keeps none (no passphrase is needed).
    static Result<StorageSecrets> load(const QString& workspaceDir, const QByteArray* passphrase);

    // Stores `secret` (a connection string, an account key or a SAS token) as the credential
    // of `account`, in place of the one it had; returns the name of the one replaced, if any.
    static Result<QString> store(const QString& workspaceDir, const Vault& vault,
                                 const QString& name, const QString& account,
                                 const QByteArray& secret);

    // After a passphrase change: the file's copy of the wrapped master key follows the
    // vault's, so the old passphrase no longer opens the credentials.
    static Status followPassphrase(const QString& workspaceDir, const Vault& vault);
};

} // namespace tidemark
