#pragma once

#include "vault/Vault.h"

#include <functional>
#include <memory>

namespace tidemark {

// The vault's other locations: `synchronous` copies (zones, LRS copies) are checked and
// healed; `sources` (the geo secondary) only lend intact objects.
struct VaultCopies {
    // The primary location on its own: reads through the vault's mirror fall back to a copy,
    // which would hide a bad primary copy.
    std::shared_ptr<Vault> own;
    QList<std::shared_ptr<Vault>> synchronous;
    QList<std::shared_ptr<Vault>> sources;
    bool empty() const { return synchronous.isEmpty() && sources.isEmpty(); }
};

// One bad copy of a vault object that was rewritten from an intact copy.
struct HealedObject {
    QString kind;     // "pack", "manifest", "database record", "LTR manifest copy", "LTR record"
    QString object;   // which one, in words: "pack NAME", "backup ID of DB", ...
    QString location; // the location whose copy was rewritten
    QString problem;  // what was wrong with that copy
    QString describe() const;
};

// A vault object as every location holds it: its name, and whether a location's copy of it is
// intact (the object's own check: authentication, strict decoding).
struct VaultObject {
    QString kind;
    QString object;
    QString name; // in every location
    std::function<Status(const Vault&)> check;
    bool writeOnce = false; // an immutable long-term copy stays write-once when healed
};

// Checks the object on the primary (its own copy, not through a mirror) and every synchronous
// copy, and rewrites each bad or missing copy from an intact one, durably. Empty when every
// copy was intact or none was, so nothing could be healed.
QList<HealedObject> healCopies(const Vault& vault, const VaultCopies& copies,
                               const VaultObject& object);

} // namespace tidemark
