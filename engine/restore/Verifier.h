#pragma once

#include "catalog/Catalog.h"
#include "catalog/RestorePlanner.h"
#include "core/JobContext.h"
#include "core/WorkerPool.h"
#include "vault/CopyHealer.h"
#include "vault/Vault.h"

#include <QSet>

namespace tidemark {

// What unhealed damage costs one database: the exact backups, the restore window left and
// the stretches of time inside it that can no longer be restored.
struct DatabaseDamage {
    QString uuid;
    QString name;
    QStringList backups;
    RestoreWindow window;
    QList<QPair<qint64, qint64>> gaps; // [from, to) snapshot times lost inside the window
    QStringList objects;               // lost database records and LTR copies, in words
    qint64 alertId = 0;                // 0 when the damage was already alerted
};

// An object other than a backup that no copy could heal: a database record or an LTR copy.
struct LostObject {
    QString databaseUuid;
    QString what; // "LTR copy ID of NAME", "record of database NAME"
};

struct VerifyReport {
    int packs = 0;
    qint64 segments = 0;
    qint64 blobs = 0;
    int manifests = 0;
    QStringList problems;
    QSet<QString> damagedPacks;
    QStringList affectedBackups;
    QList<LostObject> lostObjects;
    QList<HealedObject> healed;   // bad copies rewritten from a good copy
    QList<DatabaseDamage> damage; // per database, when backups were lost
    QStringList intactAgain;      // backups marked unusable before, found intact now
    QList<qint64> clearedAlerts;  // damage alerts this verification found resolved
    bool ok() const { return problems.isEmpty(); }
    // The job record's one line: "N packs, M manifests, P pages checked; X problems, Y healed".
    QString summary() const;
};

// Rewrites bad or missing copies of one pack from a good copy. Returns what was healed, in
// words; empty when no good copy exists.
QStringList healPack(const Vault& vault, const QString& name, const VaultCopies& copies);

// Quick verification: every pack's index and segments are authenticated and decompressed and
// every blob is checked against its address; every manifest is opened and its page table
// checked against the packs it names; every backup in the catalog must have its manifest and
// an unbroken chain. With a database uuid, only what that database's backups use.
// Packs found damaged or missing are marked in the catalog (out of the dedup index), and every
// backup whose chain passes through an affected backup is reported affected too.
// LTR copies (manifest copy and record) and database records are opened too.
//
// With redundancy, `copies` are the vault's other locations: synchronous copies (zones, LRS
// copies) are checked too, and a bad or missing pack, manifest, database record or LTR copy in
// any of them is rewritten from a good one (see CopyHealer.h); `sources` (the geo secondary)
// only lend good objects.
VerifyReport verifyVault(const Vault& vault, Catalog& catalog, WorkerPool& pool,
                         const QString& databaseUuid, JobContext& job, qint64 nowMs,
                         const VaultCopies& copies = {});

} // namespace tidemark
