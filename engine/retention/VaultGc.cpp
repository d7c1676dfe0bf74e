#include "retention/VaultGc.h"

#include "retention/LtrStore.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QSet>

namespace tidemark {

GcReport collectGarbage(const Vault& vault, Catalog& catalog, qint64 nowMs, qint64 graceMs) {
    GcReport report;
    auto oldEnough = [&](const QFileInfo& info) {
        return info.lastModified().toMSecsSinceEpoch() + graceMs <= nowMs;
    };
    // Temporary files anywhere in the vault: a write that never reached its rename.
    QDirIterator temps(vault.root(), {QStringLiteral(".tmp-*")}, QDir::Files | QDir::Hidden,
                       QDirIterator::Subdirectories);
    while (temps.hasNext()) {
        QFileInfo info(temps.next());
        if (!oldEnough(info))
            continue;
        qint64 size = info.size();
        Status s = vault.fs().remove(info.absoluteFilePath());
        if (s) {
            ++report.temporaryFiles;
            report.bytesFreed += size;
        } else {
            report.problems << s.message();
        }
    }
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
        QFileInfo info(vault.packPath(name));
        // A pack retention gave up: its grace starts when it was doomed, not when written.
        qint64 doomed = catalog.doomedSince(name);
        if (doomed >= 0 ? doomed + graceMs > nowMs : !oldEnough(info))
            continue;
        qint64 size = info.size();
        Status s = vault.fs().remove(info.absoluteFilePath());
        if (s) {
            ++report.orphanPacks;
            report.bytesFreed += size;
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
