#include "retention/RetentionPurge.h"

#include "retention/RetentionPlanner.h"

#include <QSet>

namespace tidemark {

Result<PurgeReport> applyRetention(const Vault& vault, Catalog& catalog,
                                   const DatabaseInfo& database, qint64 nowMs) {
    PurgeReport report;
    QList<BackupInfo> purge =
        backupsToPurge(catalog.policy(database.uuid), catalog.backups(database.uuid), nowMs,
                       catalog.holdSince(database.uuid) >= 0, database.droppedMs);
    if (purge.isEmpty())
        return report;
    QSet<QString> candidates;
    for (const BackupInfo& b : purge) {
        report.purgedIds << b.id;
        for (const QString& p : catalog.packsOf(b.id))
            candidates.insert(p);
    }
    TM_TRY(catalog.begin());
    Status s = catalog.removeBackups(report.purgedIds);
    if (s)
        s = catalog.commit();
    if (!s) {
        catalog.rollback();
        return s;
    }
    QStringList manifests;
    for (const BackupInfo& b : purge)
        manifests << Vault::manifestObject(b.databaseUuid, b.id);
    if (!manifests.isEmpty())
        TM_TRY(vault.location().remove(manifests));
    TM_TRY(catalog.begin());
    for (const QString& pack : candidates) {
        if (catalog.packReferenced(pack))
            continue;
        s = catalog.doomPack(pack, nowMs);
        if (!s)
            break;
        ++report.packsDoomed;
    }
    if (s)
        s = catalog.commit();
    if (!s) {
        catalog.rollback();
        return s;
    }
    return report;
}

} // namespace tidemark
