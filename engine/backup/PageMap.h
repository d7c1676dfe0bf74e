#pragma once

#include "core/Crypto.h"
#include "vault/Manifest.h"
#include "vault/Vault.h"

#include <QHash>
#include <QStringList>

#include <functional>
#include <vector>

namespace tidemark {

struct PageRef {
    static constexpr uint32_t kNone = 0xffffffffu;
    uint32_t pack = kNone; // index into PageMap::packs
    uint32_t blob = 0;
    bool valid() const { return pack != kNone; }
};

// Where every page of one database state lives in the vault: the result of laying a chain of
// manifests (full, then differential, then logs) over each other.
class PageMap {
public:
    uint32_t pageSize = 0;
    uint32_t pageCount = 0;
    QString logicalHash;
    QStringList packs;
    std::vector<PageRef> pages; // pages[n - 1] is page n

    uint32_t packIndex(const QString& name);
    // Lays one manifest over the state; fulls replace everything.
    Status apply(const Manifest& manifest);
    // Every page of the state has a location.
    Status checkComplete() const;

private:
    QHash<QString, uint32_t> packIndexes_;
};

struct PageIdentity {
    Digest address{};
    uint64_t fingerprint = 0;
};

// Address and fingerprint of each page of a state, from the indexes of the packs that hold them.
// `unusable` names packs not to build on (found damaged or missing): their pages count as changed.
Result<std::vector<PageIdentity>> identitiesOf(const PageMap& map, const Vault& vault,
                                               const std::function<bool(const QString&)>& unusable);

} // namespace tidemark
