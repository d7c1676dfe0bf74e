#pragma once

#include "core/Status.h"

namespace tidemark {

// The one place where engine errors become words for people (CLI, console, job logs).
QString userMessage(const Status& status);

// Why a storage service refused a request, as worked out from its answer.
enum class StorageRefusal {
    CredentialRefused, // the key or SAS signature does not verify
    ClockSkewed,       // this machine's clock is too far from the service's for a signature
    SasExpired,
    SasNotYetValid,
    SasDisallowsWrite, // a SAS without write (or delete) permission, used to write
    SasDisallowsRead,
    AccountDisabled,
    AccountFull, // the service accepts no new data
    Throttled,
    ContainerMissing,
};

// What the words for a refusal need. Never a key or a SAS signature.
struct StorageRefusalFacts {
    QString account;
    QString address;        // azure://ACCOUNT/CONTAINER[/NAME]
    QString container;      // ContainerMissing
    QString detail;         // "HTTP 403, AuthenticationFailed"
    QString serviceSays;    // the service's own one-line explanation, when it gave one
    qint64 skewMs = 0;      // ClockSkewed: the service's clock minus this machine's
    QString when;           // SasExpired / SasNotYetValid: the token's se= / st=
    QString sasPermissions; // SasDisallows*: the token's sp=
};

// The sentence for a storage refusal; the client picks the status code.
QString storageRefusalMessage(StorageRefusal why, const StorageRefusalFacts& facts);

} // namespace tidemark
