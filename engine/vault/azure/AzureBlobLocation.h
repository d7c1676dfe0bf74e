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

// A vault location in a Blob Storage container, its objects under an optional name prefix.
// Objects are whole block blobs: publish is a Put Blob that refuses a taken name, so a crash
// leaves either the whole object or none (blocks of an uncommitted large upload are not
// objects, and the service discards them after a week).
std::shared_ptr<Location> openBlobLocation(const BlobAddress& address,
                                           std::shared_ptr<AzureBlobClient> client);

// Opens `azure://ACCOUNT/CONTAINER[/PREFIX]` with the account from the environment; `client`,
// when given, receives the client its requests go through (its counts are what they cost).
Result<std::shared_ptr<Location>> openBlobLocation(const QString& spec,
                                                   std::shared_ptr<AzureBlobClient>* client = {});

} // namespace tidemark::azure
