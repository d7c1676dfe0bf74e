#pragma once

#include "vault/Vault.h"

#include <functional>
#include <memory>

namespace tidemark {

// The vault's other locations: `synchronous` copies (zones, LRS copies) are checked and
// healed; `sources` (the geo secondary) only lend intact objects.
struct VaultCopies {
    QList<std::shared_ptr<Vault>> synchronous;
    QList<std::shared_ptr<Vault>> sources;
    bool empty() const { return synchronous.isEmpty() && sources.isEmpty(); }
};

// One bad copy of a vault object that was rewritten from an intact copy.
struct HealedObject {
    QString kind;     // "pack", "manifest", "database record", "LTR manifest copy", "LTR record"
    QString object;   // which one, in words: "pack NAME", "backup ID of DB", ...
    QString location; // the root of the location whose copy was rewritten
    QString problem;  // what was wrong with that copy
    QString describe() const;
};

// A vault object as every location holds it: where its file is, and whether a location's
// copy of it is intact (the object's own check: authentication, strict decoding).
struct VaultObject {
    QString kind;
    QString object;
    std::function<QString(const Vault&)> path;
    std::function<Status(const Vault&)> check;
};

// Checks the object on the primary (its own file, not through a mirror) and every synchronous
// copy, and rewrites each bad or missing copy from an intact one, crash-safely (temporary file,
// fsync, rename, folder fsync; a write-once file stays write-once). Empty when every copy was
// intact or none was, so nothing could be healed.
QList<HealedObject> healCopies(const Vault& vault, const VaultCopies& copies,
                               const VaultObject& object);

} // namespace tidemark
