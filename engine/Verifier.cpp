#include "Verifier.h"

#include "RestorePlanner.h"

#include <QHash>

#include <deque>
#include <future>

namespace tidemark {
namespace {

struct PackCheck {
    QString name;
    Status status;
    qint64 segments = 0;
    qint64 blobs = 0;
    uint32_t blobCount = 0;
};

PackCheck checkPack(const Vault& vault, const QString& name) {
    PackCheck c;
    c.name = name;
    auto reader = vault.openPack(name);
    if (!reader) {
        c.status = reader.status();
        return c;
    }
    const PackIndex& idx = (*reader)->index();
    c.blobCount = uint32_t(idx.blobs.size());
    std::vector<std::vector<uint32_t>> blobsBySegment(idx.segments.size());
    for (uint32_t b = 0; b < idx.blobs.size(); ++b)
        blobsBySegment[idx.blobs[b].segment].push_back(b);
    for (uint32_t s = 0; s < idx.segments.size(); ++s) {
        auto raw = (*reader)->readSegment(s);
        if (!raw) {
            c.status = raw.status();
            return c;
        }
        ++c.segments;
        for (uint32_t b : blobsBySegment[s]) {
            auto blob = (*reader)->blobFrom(*raw, b);
            if (!blob) {
                c.status = blob.status();
                return c;
            }
            ++c.blobs;
        }
    }
    return c;
}

} // namespace

VerifyReport verifyVault(const Vault& vault, Catalog& catalog, WorkerPool& pool,
                         const QString& databaseUuid, JobContext& job, qint64 nowMs) {
    VerifyReport report;
    // Database records: without them a database with no backups is lost on a rebuild.
    for (const QString& uuid : vault.listDatabaseRecords()) {
        if (!databaseUuid.isEmpty() && uuid != databaseUuid)
            continue;
        auto record = vault.readDatabaseRecord(uuid);
        if (!record)
            report.problems << record.status().message();
    }
    QList<ManifestRef> manifests;
    for (const ManifestRef& ref : vault.listManifests()) {
        if (databaseUuid.isEmpty() || ref.databaseUuid == databaseUuid)
            manifests.append(ref);
    }
    // Manifests first: they say which packs matter and how many blobs each must hold.
    QHash<QString, Manifest> opened;
    QSet<QString> wantedPacks;
    for (const ManifestRef& ref : manifests) {
        auto m = vault.readManifest(ref.databaseUuid, ref.backupId);
        ++report.manifests;
        if (!m) {
            report.problems << m.status().message();
            report.affectedBackups << ref.backupId;
            continue;
        }
        for (const QString& p : m->packs)
            wantedPacks.insert(p);
        opened.insert(ref.backupId, *m);
    }
    QStringList packs = vault.listPacks();
    if (!databaseUuid.isEmpty()) {
        QStringList filtered;
        for (const QString& p : packs) {
            if (wantedPacks.contains(p))
                filtered << p;
        }
        packs = filtered;
    }
    QHash<QString, uint32_t> blobCounts;
    std::deque<std::future<PackCheck>> inFlight;
    int checked = 0;
    auto collect = [&] {
        PackCheck c = inFlight.front().get();
        inFlight.pop_front();
        ++report.packs;
        report.segments += c.segments;
        report.blobs += c.blobs;
        if (!c.status) {
            report.problems << c.status.message();
            report.damagedPacks.insert(c.name);
        } else {
            blobCounts.insert(c.name, c.blobCount);
        }
        job.setProgress(0.1 +
                            0.85 * double(++checked) / double(std::max<qsizetype>(1, packs.size())),
                        QStringLiteral("checking packs"));
    };
    for (const QString& name : packs) {
        if (job.cancelled())
            break;
        inFlight.push_back(pool.submit([&vault, name] { return checkPack(vault, name); }));
        if (inFlight.size() > 4)
            collect();
    }
    while (!inFlight.empty())
        collect();
    if (job.cancelled())
        report.problems << QStringLiteral("verification was cancelled before it finished");

    // Every page a manifest names must exist in an intact pack.
    for (auto it = opened.begin(); it != opened.end(); ++it) {
        const Manifest& m = it.value();
        QString problem;
        for (const PageRun& run : m.runs) {
            const QString& pack = m.packs[int(run.pack)];
            if (report.damagedPacks.contains(pack)) {
                problem = QStringLiteral("backup %1 uses damaged pack %2").arg(m.backupId, pack);
                break;
            }
            auto count = blobCounts.find(pack);
            if (count == blobCounts.end()) {
                problem = QStringLiteral("backup %1 needs pack %2, which is missing")
                              .arg(m.backupId, pack);
                report.damagedPacks.insert(pack);
                break;
            }
            if (uint64_t(run.firstBlob) + run.count > count.value()) {
                problem = QStringLiteral("backup %1 names pages that pack %2 does not hold")
                              .arg(m.backupId, pack);
                break;
            }
        }
        if (!problem.isEmpty()) {
            report.problems << problem;
            report.affectedBackups << m.backupId;
        }
    }
    // The catalog must not list what the vault cannot restore.
    QList<DatabaseInfo> databases = catalog.databases(true);
    for (const DatabaseInfo& db : databases) {
        if (!databaseUuid.isEmpty() && db.uuid != databaseUuid)
            continue;
        QList<BackupInfo> backups = catalog.backups(db.uuid);
        RestorePlanner planner(backups);
        for (const BackupInfo& b : backups) {
            if (!opened.contains(b.id) && !report.affectedBackups.contains(b.id)) {
                report.problems << QStringLiteral("the manifest of backup %1 (%2) is missing")
                                       .arg(b.id, db.name);
                report.affectedBackups << b.id;
                continue;
            }
            auto chain = planner.planThrough(b.id);
            if (!chain) {
                report.problems << QStringLiteral("backup %1 (%2): %3")
                                       .arg(b.id, db.name, chain.status().message());
                report.affectedBackups << b.id;
            }
        }
    }
    // A backup is only as good as every backup its chain needs.
    QSet<QString> affected(report.affectedBackups.begin(), report.affectedBackups.end());
    for (const DatabaseInfo& db : databases) {
        if (!databaseUuid.isEmpty() && db.uuid != databaseUuid)
            continue;
        QList<BackupInfo> backups = catalog.backups(db.uuid);
        RestorePlanner planner(backups);
        for (const BackupInfo& b : backups) {
            if (affected.contains(b.id))
                continue;
            auto chain = planner.planThrough(b.id);
            if (!chain)
                continue;
            for (const BackupInfo& link : *chain) {
                if (affected.contains(link.id)) {
                    report.affectedBackups << b.id;
                    break;
                }
            }
        }
    }
    for (const QString& pack : report.damagedPacks)
        catalog.markPackDamaged(pack, nowMs, QStringLiteral("found by verify"));
    job.setProgress(1.0, QStringLiteral("done"));
    return report;
}

} // namespace tidemark
