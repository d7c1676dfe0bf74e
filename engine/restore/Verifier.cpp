#include "restore/Verifier.h"

#include "capture/CaptureStore.h"
#include "capture/LogSegment.h"
#include "catalog/RestorePlanner.h"
#include "retention/LtrStore.h"

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
    QList<HealedObject> healed;
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

VaultObject packObject(const QString& name) {
    return VaultObject{QStringLiteral("pack"), QStringLiteral("pack %1").arg(name),
                       Vault::packObject(name),
                       [name](const Vault& v) { return checkPack(v, name).status; }};
}

// Heals the object's copies when there are any, then says whether the primary's is intact.
Status healThenCheck(const Vault& vault, const VaultCopies& copies, const VaultObject& object,
                     VerifyReport& report) {
    if (!copies.empty())
        report.healed << healCopies(vault, copies, object);
    return object.check(vault);
}

VaultObject manifestObject(const QString& uuid, const QString& id, const QString& databaseName) {
    return VaultObject{QStringLiteral("manifest"),
                       QStringLiteral("manifest of backup %1 (%2)").arg(id, databaseName),
                       Vault::manifestObject(uuid, id),
                       [uuid, id](const Vault& v) { return v.readManifest(uuid, id).status(); }};
}

// Database records (without them a database with no backups is lost on a rebuild) and LTR
// copies (a manifest copy and a record each).
void checkRecordsAndLtr(const Vault& vault, Catalog& catalog, const QString& databaseUuid,
                        const VaultCopies& copies, VerifyReport& report) {
    QSet<QString> records;
    for (const QString& uuid : vault.listDatabaseRecords())
        records.insert(uuid);
    for (const auto& c : copies.synchronous) {
        for (const QString& uuid : c->listDatabaseRecords())
            records.insert(uuid);
    }
    for (const QString& uuid : records) {
        if (!databaseUuid.isEmpty() && uuid != databaseUuid)
            continue;
        auto known = catalog.databaseByUuid(uuid);
        const QString name = known ? known->name : uuid;
        VaultObject record{QStringLiteral("database record"),
                           QStringLiteral("record of database %1").arg(name),
                           Vault::databaseRecordObject(uuid),
                           [uuid](const Vault& v) { return v.readDatabaseRecord(uuid).status(); }};
        if (Status s = healThenCheck(vault, copies, record, report); !s) {
            report.problems << s.message();
            report.lostObjects.append({uuid, record.object});
        }
    }
    for (const LtrInfo& l : catalog.ltrBackups()) {
        if (!databaseUuid.isEmpty() && l.databaseUuid != databaseUuid)
            continue;
        const QString uuid = l.databaseUuid;
        const QString id = l.id;
        const QString what = QStringLiteral("LTR copy %1 of %2").arg(id, l.databaseName);
        const bool immutable = l.immutableUntilMs > 0;
        VaultObject manifestCopy{
            QStringLiteral("LTR manifest copy"), what, ltrManifestObject(uuid, id),
            [uuid, id](const Vault& v) { return checkLtrManifestCopy(v, uuid, id); }, immutable};
        VaultObject record{QStringLiteral("LTR record"), what, ltrRecordObject(uuid, id),
                           [uuid, id](const Vault& v) { return checkLtrRecord(v, uuid, id); },
                           immutable};
        for (const VaultObject& object : {manifestCopy, record}) {
            if (Status s = healThenCheck(vault, copies, object, report); !s) {
                report.problems
                    << QStringLiteral("%1 cannot be restored: %2").arg(what, s.message());
                report.lostObjects.append({uuid, what});
            }
        }
    }
}

// Manifests the primary holds, and those of catalogued backups a synchronous copy holds: a copy
// may hold what the primary lost. A manifest only a copy holds and the catalog does not list
// (a removal interrupted between locations) is not brought back.
QList<ManifestRef> manifestsOf(const Vault& vault, const VaultCopies& copies, Catalog& catalog,
                               const QString& databaseUuid) {
    QList<ManifestRef> refs;
    QSet<QString> seen;
    for (const ManifestRef& ref : vault.listManifests()) {
        if (databaseUuid.isEmpty() || ref.databaseUuid == databaseUuid) {
            seen.insert(ref.backupId);
            refs.append(ref);
        }
    }
    for (const auto& copy : copies.synchronous) {
        for (const ManifestRef& ref : copy->listManifests()) {
            if ((databaseUuid.isEmpty() || ref.databaseUuid == databaseUuid) &&
                !seen.contains(ref.backupId) && catalog.backup(ref.backupId)) {
                seen.insert(ref.backupId);
                refs.append(ref);
            }
        }
    }
    return refs;
}

} // namespace

QString VerifyReport::summary() const {
    return QStringLiteral("%1 packs, %2 manifests, %3 pages checked; %4 problems, %5 healed")
        .arg(packs)
        .arg(manifests)
        .arg(blobs)
        .arg(problems.size())
        .arg(healed.size());
}

QStringList healPack(const Vault& vault, const QString& name, const VaultCopies& copies) {
    QStringList healed;
    for (const HealedObject& h : healCopies(vault, copies, packObject(name)))
        healed << h.describe();
    return healed;
}

VerifyReport verifyVault(const Vault& vault, Catalog& catalog, WorkerPool& pool,
                         const QString& databaseUuid, JobContext& job, qint64 nowMs,
                         const VaultCopies& copies) {
    VerifyReport report;
    checkRecordsAndLtr(vault, catalog, databaseUuid, copies, report);
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
    QHash<QString, QString> databaseNames;
    for (const DatabaseInfo& d : catalog.databases(true))
        databaseNames.insert(d.uuid, d.name);
    // Manifests first: they say which packs matter and how many blobs each must hold.
    QHash<QString, Manifest> opened;
    QSet<QString> wantedPacks;
    for (const ManifestRef& ref : manifestsOf(vault, copies, catalog, databaseUuid)) {
        const QString databaseName = databaseNames.value(ref.databaseUuid, ref.databaseUuid);
        if (!copies.empty())
            report.healed << healCopies(
                vault, copies, manifestObject(ref.databaseUuid, ref.backupId, databaseName));
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
    if (!copies.empty()) {
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
            QList<HealedObject> healed;
            if (!copies.empty())
                healed = healCopies(vault, copies, packObject(name));
            PackCheck c = checkPack(vault, name);
            c.healed = healed;
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
        if (Status marked = catalog.markPackDamaged(pack, nowMs, QStringLiteral("found by verify"));
            !marked)
            job.log(
                QStringLiteral("could not record damaged pack %1: %2").arg(pack, marked.message()));
    job.setProgress(1.0, QStringLiteral("done"));
    return report;
}

} // namespace tidemark
