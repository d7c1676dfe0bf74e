#pragma once

#include "vault/Location.h"
#include "vault/azure/AzureBlobClient.h"

namespace tidemark::azure {

// Where `azure://ACCOUNT/CONTAINER[/PREFIX]` points.
struct BlobAddress {
    QString account;
    QString container;
    QString prefix; // without leading or trailing '/'; empty for the whole container
};

// Reads `azure://ACCOUNT/CONTAINER[/PREFIX]`; InvalidArgument for anything else.
Result<BlobAddress> parseBlobAddress(const QString& spec);

// The account's endpoint and credential, as Azure's own tools find them: the connection string
// in AZURE_STORAGE_CONNECTION_STRING (whose BlobEndpoint may name an emulator or another
// cloud), else AZURE_STORAGE_KEY, else AZURE_STORAGE_SAS_TOKEN. The key never leaves the
// returned value: messages name the account only.
Result<AzureAccount> accountFromEnvironment(const QString& accountName);
// Whether the environment gives a credential that may be for `accountName` (a connection
// string for another account does not): the environment overrides a stored credential.
bool environmentNamesCredentialFor(const QString& accountName);
// The same from a stored credential: a connection string, an account key (base64) or a SAS
// token. Messages never repeat it.
Result<AzureAccount> accountFromSecret(const QString& accountName, const QByteArray& secret);

// A vault location in a Blob Storage container, its objects under an optional name prefix.
// Objects are block blobs written with If-None-Match: *, so a taken name is refused and a crash
// leaves either the whole object or none. A small object is one Put Blob; a large one (a pack)
// is staged block by block as it is written and committed on publish, so memory stays bounded.
// Blocks of an upload never committed are not objects: cleanAbandoned() discards them once the
// service's time for them is older than gc's grace (the service itself would after a week).
std::shared_ptr<Location> openBlobLocation(const BlobAddress& address,
                                           std::shared_ptr<AzureBlobClient> client);

// Opens `azure://ACCOUNT/CONTAINER[/PREFIX]` with the account from the environment; `client`,
// when given, receives the client its requests go through (its counts are what they cost).
Result<std::shared_ptr<Location>> openBlobLocation(const QString& spec,
                                                   std::shared_ptr<AzureBlobClient>* client = {});

} // namespace tidemark::azure
