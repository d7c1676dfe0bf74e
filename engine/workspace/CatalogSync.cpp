#include "workspace/CatalogSync.h"

#include "capture/CaptureStore.h"
#include "capture/LogSegment.h"
#include "retention/LtrStore.h"

#include <QSet>

namespace tidemark {

DatabaseInfo databaseFromRecord(const QJsonObject& r) {
    DatabaseInfo d;
    d.uuid = r.value(QStringLiteral("uuid")).toString();
    d.name = r.value(QStringLiteral("name")).toString();
    d.file = r.value(QStringLiteral("file")).toString();
    d.maxSize = qint64(r.value(QStringLiteral("max_size")).toDouble());
    d.addedMs = qint64(r.value(QStringLiteral("added")).toDouble());
    d.droppedMs = r.contains(QStringLiteral("dropped"))
                      ? qint64(r.value(QStringLiteral("dropped")).toDouble())
                      : -1;
    d.journalMode = r.value(QStringLiteral("journal_mode")).toString();
    d.pageSize = r.value(QStringLiteral("page_size")).toInt();
    return d;
}

QJsonObject recordFromDatabase(const DatabaseInfo& d) {
    QJsonObject r;
    r[QStringLiteral("uuid")] = d.uuid;
    r[QStringLiteral("name")] = d.name;
    r[QStringLiteral("file")] = d.file;
    r[QStringLiteral("max_size")] = double(d.maxSize);
    r[QStringLiteral("added")] = double(d.addedMs);
    if (d.droppedMs >= 0)
        r[QStringLiteral("dropped")] = double(d.droppedMs);
    r[QStringLiteral("journal_mode")] = d.journalMode;
    r[QStringLiteral("page_size")] = d.pageSize;
    return r;
}

Result<SyncReport> syncCatalogFromVault(const Vault& vault, Catalog& catalog) {
    SyncReport report;
    QSet<QString> knownDatabases;
    for (const DatabaseInfo& d : catalog.databases(true))
        knownDatabases.insert(d.uuid);
    for (const QString& uuid : vault.listDatabaseRecords()) {
        if (knownDatabases.contains(uuid))
            continue;
        auto record = vault.readDatabaseRecord(uuid);
        if (!record) {
            report.problems << record.status().message();
            continue;
        }
        Status s = catalog.addDatabase(databaseFromRecord(*record));
        if (!s)
            report.problems << s.message();
        else
            ++report.databases;
    }

    QSet<QString> knownBackups;
    {
        Statement q(catalog.db(), "SELECT id FROM backups");
        while (q.step() == SQLITE_ROW)
            knownBackups.insert(q.text(0));
    }
    for (const ManifestRef& ref : vault.listManifests()) {
        if (knownBackups.contains(ref.backupId))
            continue;
        auto m = vault.readManifest(ref.databaseUuid, ref.backupId);
        if (!m) {
            report.problems << m.status().message();
            continue;
        }
        std::vector<Catalog::NewPack> packs;
        for (const QString& name : m->packs) {
            if (catalog.hasPack(name))
                continue;
            auto reader = vault.openPack(name);
            if (!reader) {
                report.problems << reader.status().message();
                continue;
            }
            Catalog::NewPack p;
            p.name = name;
            p.size = (*reader)->fileSize();
            for (const PackBlobInfo& b : (*reader)->index().blobs)
                p.addresses.push_back(b.address);
            report.blobs += qint64(p.addresses.size());
            packs.push_back(std::move(p));
        }
        report.packs += int(packs.size());
        if (!catalog.databaseByUuid(m->databaseUuid)) {
            // A manifest without a record still names its database.
            DatabaseInfo d;
            d.uuid = m->databaseUuid;
            d.name = m->databaseName;
            d.file = m->databaseFile;
            d.addedMs = m->startMs;
            d.journalMode = m->journalMode;
            d.pageSize = int(m->pageSize);
            if (Status added = catalog.addDatabase(d); !added)
                report.problems << added.message();
        }
        Status s = catalog.recordBackup(BackupInfo::fromManifest(*m), packs, m->packs);
        if (!s)
            report.problems << s.message();
        else
            ++report.backups;
    }
    // Catalogs from before pack references were kept: fill them in once from the manifests.
    if (catalog.setting(QStringLiteral("pack_references")) == QStringLiteral("pending")) {
        bool complete = true;
        for (const DatabaseInfo& d : catalog.databases(true)) {
            for (const BackupInfo& b : catalog.backups(d.uuid)) {
                if (!catalog.packsOf(b.id).isEmpty())
                    continue;
                auto m = vault.readManifest(b.databaseUuid, b.id);
                if (!m || !catalog.setBackupPacks(b.id, m->packs)) {
                    complete = false;
                    continue;
                }
            }
        }
        if (complete) {
            Status s =
                catalog.setSetting(QStringLiteral("pack_references"), QStringLiteral("complete"));
            if (!s)
                report.problems << s.message();
        }
    }
    // Long-term copies the catalog does not list yet.
    QSet<QString> knownLtr;
    for (const LtrInfo& l : catalog.ltrBackups())
        knownLtr.insert(l.id);
    for (const LtrInfo& l : readLtrRecords(vault, &report.problems)) {
        if (knownLtr.contains(l.id))
            continue;
        auto m = vault.readManifest(l.databaseUuid, l.id);
        if (!m) {
            report.problems << m.status().message();
            continue;
        }
        Status s = catalog.addLtr(l);
        if (s)
            s = catalog.setBackupPacks(ltrReference(l.id), m->packs);
        if (!s)
            report.problems << s.message();
    }
    // Log segments of captured commits not folded into a log backup yet.
    for (const DatabaseInfo& d : catalog.databases(true)) {
        const qint64 sealedThrough = tidemark::sealedThrough(catalog.backups(d.uuid));
        QSet<qint64> listed;
        for (const SegmentInfo& s : capture_store::segments(catalog, d.uuid))
            listed.insert(s.firstCommit);
        for (qint64 first : listLogSegments(vault, d.uuid)) {
            if (listed.contains(first))
                continue;
            auto segment = readLogSegment(vault, d.uuid, first);
            if (!segment) {
                report.problems << segment.status().message();
                continue;
            }
            if (segment->lastCommit() <= sealedThrough)
                continue;
            auto stored = vault.location().stat(logSegmentObject(d.uuid, first));
            const qint64 bytes = stored ? stored->size : 0;
            Status added = capture_store::addSegment(
                catalog, SegmentInfo{d.uuid, segment->firstCommit(), segment->lastCommit(),
                                     segment->firstMs(), segment->lastMs(), bytes});
            if (!added)
                report.problems << added.message();
        }
    }
    // Policies live in the database records too; take in any the catalog does not have.
    for (const QString& uuid : vault.listDatabaseRecords()) {
        if (knownDatabases.contains(uuid))
            continue;
        auto record = vault.readDatabaseRecord(uuid);
        if (record && record->contains(QStringLiteral("policy"))) {
            Status s = catalog.setPolicy(
                uuid, BackupPolicy::fromJson(record->value(QStringLiteral("policy")).toObject()));
            if (!s)
                report.problems << s.message();
        }
    }
    return report;
}

Result<SyncReport> rebuildCatalog(const Vault& vault, Catalog& catalog) {
    TM_TRY(catalog.begin());
    Status s = catalog.clearIndex();
    if (s)
        s = catalog.commit();
    if (!s) {
        catalog.rollback();
        return s;
    }
    return syncCatalogFromVault(vault, catalog);
}

} // namespace tidemark
