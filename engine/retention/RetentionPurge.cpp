#include "retention/RetentionPurge.h"

#include "retention/RetentionPlanner.h"

#include <QFileInfo>
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
    QString folder;
    for (const BackupInfo& b : purge) {
        QString path = vault.manifestPath(b.databaseUuid, b.id);
        folder = QFileInfo(path).absolutePath();
        TM_TRY(vault.fs().remove(path));
    }
    if (!folder.isEmpty())
        TM_TRY(vault.fs().syncDir(folder));
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
