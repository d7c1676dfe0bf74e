#include "retention/VaultGc.h"

#include "retention/LtrStore.h"

#include <QSet>

namespace tidemark {

GcReport collectGarbage(const Vault& vault, Catalog& catalog, qint64 nowMs, qint64 graceMs) {
    GcReport report;
    // Partial writes anywhere in the vault: an object that was never published. Their age
    // comes from the location's own clock.
    AbandonedCleanup abandoned = vault.location().cleanAbandoned(nowMs - graceMs);
    report.temporaryFiles += int(abandoned.removed.size());
    for (const ObjectInfo& o : abandoned.removed)
        report.bytesFreed += o.size;
    report.problems += abandoned.problems;
    // Packs some manifest or the catalog still needs.
    QSet<QString> needed;
    for (const ManifestRef& ref : vault.listManifests()) {
        auto m = vault.readManifest(ref.databaseUuid, ref.backupId);
        if (!m) {
            // An unreadable manifest might name any pack: collect no packs at all.
            report.problems << QStringLiteral("not collecting packs: %1").arg(m.status().message());
            return report;
        }
        for (const QString& p : m->packs)
            needed.insert(p);
    }
    // Long-term copies name packs too, after their short-term backup is gone.
    QStringList ignored;
    for (const LtrInfo& l : readLtrRecords(vault, &ignored)) {
        auto m = vault.readManifest(l.databaseUuid, l.id);
        if (!m) {
            report.problems << QStringLiteral("not collecting packs: %1").arg(m.status().message());
            return report;
        }
        for (const QString& p : m->packs)
            needed.insert(p);
    }
    for (const QString& name : vault.listPacks()) {
        if (needed.contains(name) || catalog.hasPack(name) || catalog.packReferenced(name))
            continue;
        auto info = vault.location().stat(Vault::packObject(name));
        if (!info)
            continue;
        // A pack retention gave up: its grace starts when it was doomed, not when written.
        qint64 doomed = catalog.doomedSince(name);
        if (doomed >= 0 ? doomed + graceMs > nowMs : info->modifiedMs + graceMs > nowMs)
            continue;
        Status s = vault.location().remove(Vault::packObject(name));
        if (s) {
            ++report.orphanPacks;
            report.bytesFreed += info->size;
            if (doomed >= 0)
                if (Status forgot = catalog.forgetDoomed(name); !forgot)
                    report.problems << forgot.message();
        } else {
            report.problems << s.message();
        }
    }
    return report;
}

} // namespace tidemark
