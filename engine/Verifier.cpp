#include "Verifier.h"

#include "CaptureStore.h"
#include "LogSegment.h"
#include "RestorePlanner.h"

#include <QFileInfo>
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
    QStringList healed;
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

QStringList healPack(const Vault& vault, const QString& name, const VaultCopies& copies) {
    QStringList healed;
    QList<const Vault*> all{&vault};
    for (const auto& c : copies.synchronous)
        all << c.get();
    QList<bool> good;
    const Vault* donor = nullptr;
    for (const Vault* v : all) {
        good << checkPack(*v, name).status.isOk();
        if (good.last() && !donor)
            donor = v;
    }
    if (!donor) {
        for (const auto& c : copies.sources) {
            if (checkPack(*c, name).status.isOk()) {
                donor = c.get();
                break;
            }
        }
    }
    if (!donor)
        return healed;
    auto bytes = FileSystem::posix().readFile(donor->packPath(name));
    if (!bytes)
        return healed;
    for (int i = 0; i < all.size(); ++i) {
        if (good[i])
            continue;
        // Written straight to this copy's location, not through a mirror.
        QString path = all[i]->packPath(name);
        FileSystem::posix().makeDirs(QFileInfo(path).absolutePath());
        FileSystem::posix().remove(path);
        if (writeFileDurably(FileSystem::posix(), path, *bytes))
            healed << QStringLiteral("pack %1 at %2").arg(name, all[i]->root());
    }
    return healed;
}

VerifyReport verifyVault(const Vault& vault, Catalog& catalog, WorkerPool& pool,
                         const QString& databaseUuid, JobContext& job, qint64 nowMs,
                         const VaultCopies& copies) {
    VerifyReport report;
    // Database records: without them a database with no backups is lost on a rebuild.
    for (const QString& uuid : vault.listDatabaseRecords()) {
        if (!databaseUuid.isEmpty() && uuid != databaseUuid)
            continue;
        auto record = vault.readDatabaseRecord(uuid);
        if (!record)
            report.problems << record.status().message();
    }
    // Log segments: captured commits not folded into a log backup yet.
    for (const DatabaseInfo& d : catalog.databases(true)) {
        if (!databaseUuid.isEmpty() && d.uuid != databaseUuid)
            continue;
        for (const SegmentInfo& s : capture_store::segments(catalog, d.uuid)) {
            auto segment = readLogSegment(vault, d.uuid, s.firstCommit);
            ++report.manifests;
            if (!segment)
                report.problems << QStringLiteral("%1: captured commits %2 to %3 of %4 cannot be "
                                                  "restored")
                                       .arg(segment.status().message())
                                       .arg(s.firstCommit)
                                       .arg(s.lastCommit)
                                       .arg(d.name);
        }
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
    if (!copies.synchronous.isEmpty() || !copies.sources.isEmpty()) {
        // Every pack any location holds or any manifest names: a copy may hold what the
        // primary lost.
        QSet<QString> names(packs.begin(), packs.end());
        for (const auto& c : copies.synchronous) {
            for (const QString& p : c->listPacks())
                names.insert(p);
        }
        for (const QString& p : wantedPacks)
            names.insert(p);
        packs = QStringList(names.begin(), names.end());
    }
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
        report.healed << c.healed;
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
        inFlight.push_back(pool.submit([&vault, &copies, name] {
            PackCheck c = checkPack(vault, name);
            bool redundant = !copies.synchronous.isEmpty() || !copies.sources.isEmpty();
            if (redundant) {
                QStringList healed = healPack(vault, name, copies);
                if (!healed.isEmpty()) {
                    c = checkPack(vault, name);
                    c.healed = healed;
                }
            }
            return c;
        }));
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
