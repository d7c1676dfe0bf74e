#include "backup/BackupEngine.h"

#include "backup/BackupPipeline.h"
#include "backup/BackupTurn.h"
#include "backup/PageSnapshot.h"
#include "catalog/RestorePlanner.h"

#include <QElapsedTimer>

namespace tidemark {

QString newBackupId(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
               .toString(QStringLiteral("yyyyMMdd-HHmmsszzz")) +
           QLatin1Char('-') + QString::fromLatin1(randomBytes(4).toHex());
}

Result<PageMap> loadChainState(const Vault& vault, const QList<BackupInfo>& chain) {
    PageMap map;
    for (const BackupInfo& b : chain) {
        auto m = vault.readManifest(b.databaseUuid, b.id);
        if (!m)
            return m.status();
        TM_TRY(map.apply(*m));
    }
    TM_TRY(map.checkComplete());
    return map;
}

BackupEngine::BackupEngine(const Vault& vault, Catalog& catalog, const Clock& clock,
                           WorkerPool& pool)
    : vault_(vault), catalog_(catalog), clock_(clock), pool_(pool) {}

namespace {

// Runs of consecutive pages stored as consecutive blobs; fills the manifest's pack list with
// exactly the packs those pages use.
std::vector<PageRun> runsFor(const PageMap& state, const std::vector<uint32_t>& pages,
                             QStringList* manifestPacks) {
    std::vector<uint32_t> packInManifest(size_t(state.packs.size()), PageRef::kNone);
    std::vector<PageRun> runs;
    for (uint32_t pageNumber : pages) {
        const PageRef& ref = state.pages[pageNumber - 1];
        uint32_t& pack = packInManifest[ref.pack];
        if (pack == PageRef::kNone) {
            *manifestPacks << state.packs[int(ref.pack)];
            pack = uint32_t(manifestPacks->size() - 1);
        }
        if (!runs.empty()) {
            PageRun& last = runs.back();
            if (last.pack == pack && last.firstPage + last.count == pageNumber &&
                last.firstBlob + last.count == ref.blob) {
                ++last.count;
                continue;
            }
        }
        runs.push_back(PageRun{pageNumber, 1, pack, ref.blob});
    }
    return runs;
}

} // namespace

Result<BackupInfo> BackupEngine::run(const DatabaseInfo& database, BackupType requested,
                                     JobContext& job, const BarrierHook& atBarrier) {
    const BackupTurn turn(catalog_, database.uuid, job);
    if (!turn.held())
        return Status::cancelled();
    qint64 startMs = clock_.nowMs();
    QElapsedTimer phase;
    phase.start();
    BackupType type = requested;
    QString note;
    QList<BackupInfo> history = catalog_.backups(database.uuid);
    RestorePlanner planner(history);

    // The base: a differential follows the last full; a log follows the last backup.
    QList<BackupInfo> baseChain;
    QString lastFullId;
    for (const BackupInfo& b : history) {
        if (b.type == BackupType::Full)
            lastFullId = b.id;
    }
    if (lastFullId.isEmpty()) {
        if (type != BackupType::Full) {
            note = QStringLiteral("converted to full: there is no full backup yet");
            type = BackupType::Full;
        }
    }
    if (!lastFullId.isEmpty()) {
        QString baseId = type == BackupType::Differential ? lastFullId : history.last().id;
        auto chain = planner.planThrough(baseId);
        if (chain)
            baseChain = *chain;
        else if (type != BackupType::Full) {
            note = QStringLiteral("converted to full: %1").arg(chain.status().message());
            type = BackupType::Full;
        }
    }
    // A chain verify declared unusable restores nothing: whatever built on it would be lost too.
    if (const QString why = unusableBaseReason(baseChain); !why.isEmpty()) {
        baseChain.clear();
        if (type != BackupType::Full) {
            note =
                QStringLiteral("%1; taking a full instead of a %2").arg(why, backupTypeName(type));
            type = BackupType::Full;
        } else {
            job.log(QStringLiteral("%1; the new full does not build on it").arg(why));
        }
    }
    PageMap previousMap;
    std::vector<PageIdentity> previousIdentities;
    bool havePrevious = false;
    if (!baseChain.isEmpty()) {
        job.setProgress(0.0, QStringLiteral("reading the previous state"));
        auto map = loadChainState(vault_, baseChain);
        Result<std::vector<PageIdentity>> addresses =
            map ? identitiesOf(*map, vault_,
                               [this](const QString& pack) { return catalog_.isPackDamaged(pack); })
                : Result<std::vector<PageIdentity>>(map.status());
        if (map && addresses) {
            previousMap = std::move(*map);
            previousIdentities = std::move(*addresses);
            havePrevious = true;
        } else if (type != BackupType::Full) {
            note = QStringLiteral("converted to full: the base backup cannot be read (%1)")
                       .arg(addresses.status().message());
            type = BackupType::Full;
            job.log(note);
        } else {
            job.log(QStringLiteral("previous backup unreadable, deduplicating against the "
                                   "vault only: %1")
                        .arg(addresses.status().message()));
        }
    }
    if (!note.isEmpty())
        job.log(note);

    const qint64 baseMs = phase.restart();
    BackupPipeline::Previous previous;
    if (havePrevious)
        previous = {&previousMap, &previousIdentities};
    BackupPipeline pipeline(vault_, catalog_, pool_, previous, &job.cancelRequested);

    SnapshotOptions options;
    options.clock = &clock_;
    options.cancel = &job.cancelRequested;
    options.progress = [&job](uint32_t done, uint32_t total) {
        job.setProgress(total ? 0.9 * done / total : 0.0, QStringLiteral("copying pages"));
    };
    if (havePrevious)
        options.contentChanged = [&pipeline] { return pipeline.sawChange(); };
    bool unchanged = false;
    options.afterPages = [&](uint32_t pageCount) -> Result<QString> {
        auto same = pipeline.settle(pageCount);
        if (!same)
            return same.status();
        unchanged = *same;
        job.setProgress(0.92, QStringLiteral("hashing content"));
        // Identical pages mean identical content: the recorded hash still holds.
        return unchanged ? previousMap.logicalHash : QString();
    };
    CaptureMark mark;
    if (atBarrier)
        options.atBarrier = [&]() -> Status {
            auto given = atBarrier();
            if (!given)
                return given.status();
            mark = *given;
            return Status::ok();
        };
    job.setProgress(0.0, QStringLiteral("copying pages"));
    auto snapshot = takeSnapshot(database.file, pipeline, options);
    Status s = snapshot ? pipeline.finish() : snapshot.status();
    if (!s) {
        pipeline.discard();
        return s;
    }
    const qint64 snapshotMs = phase.restart();
    if (pipeline.pageSizeChanged() && type != BackupType::Full) {
        note = QStringLiteral("converted to full: the page size changed");
        type = BackupType::Full;
        job.log(note);
    }
    if (!havePrevious && type != BackupType::Full) {
        type = BackupType::Full;
    }
    if (mark.gapFromMs >= 0 && type != BackupType::Full) {
        note = QStringLiteral("rebase after a capture break: %1").arg(mark.gapReason);
        job.log(note);
    }

    if (!history.isEmpty() && snapshot->snapshotMs < history.last().snapshotMs) {
        pipeline.discard();
        return Status::invalidArgument(
            QStringLiteral("the clock reads %1, before the latest backup (%2); a backup cannot "
                           "be placed before the backups it builds on")
                .arg(formatTime(snapshot->snapshotMs), formatTime(history.last().snapshotMs)));
    }
    Manifest m;
    m.backupId = newBackupId(snapshot->snapshotMs);
    m.databaseUuid = database.uuid;
    m.databaseName = database.name;
    m.databaseFile = database.file;
    m.type = type;
    m.requestedType = requested;
    m.snapshotMs = snapshot->snapshotMs;
    m.startMs = startMs;
    m.pageSize = snapshot->pageSize;
    m.pageCount = snapshot->pageCount;
    m.journalMode = snapshot->journalMode;
    m.logicalHash = snapshot->logicalHash;
    m.note = note;
    m.lastCommit = mark.lastCommit;
    m.gapFromMs = mark.gapFromMs;
    m.gapReason = mark.gapReason;
    if (type == BackupType::Full) {
        m.fullId = m.backupId;
    } else {
        m.baseId = type == BackupType::Differential ? lastFullId : baseChain.last().id;
        m.fullId = lastFullId;
    }
    std::vector<uint32_t> pages;
    if (type == BackupType::Full) {
        pages.resize(snapshot->pageCount);
        for (uint32_t i = 0; i < snapshot->pageCount; ++i)
            pages[i] = i + 1;
    } else {
        pages = pipeline.changedPages();
    }
    m.runs = runsFor(pipeline.state(), pages, &m.packs);
    m.logicalBytes = qint64(pages.size()) * snapshot->pageSize;
    m.endMs = clock_.nowMs();
    qint64 manifestSize = m.seal(vault_.keys()).size();
    m.newBytes = pipeline.newBytes() + manifestSize;

    job.setProgress(0.97, QStringLiteral("writing the manifest"));
    // Crash-safety order: packs durable (pipeline.finish), then the manifest, then the catalog.
    s = vault_.writeManifest(m);
    if (!s) {
        pipeline.discard();
        return s;
    }
    BackupInfo info = BackupInfo::fromManifest(m);
    s = catalog_.recordBackup(info, pipeline.newPacks(), m.packs);
    if (!s) {
        // The vault holds the backup; the catalog takes it in from the vault on next open.
        return s.context(QStringLiteral("backup %1 is in the vault but the catalog could not "
                                        "record it yet")
                             .arg(m.backupId));
    }
    job.log(QStringLiteral("%1 backup %2: %3 pages, %4 bytes stored; base %5 ms, snapshot and "
                           "packs %6 ms, manifest and catalog %7 ms%8")
                .arg(backupTypeName(type), m.backupId)
                .arg(pages.size())
                .arg(m.newBytes)
                .arg(baseMs)
                .arg(snapshotMs)
                .arg(phase.elapsed())
                .arg(unchanged ? QStringLiteral(" (unchanged since the base)") : QString()));
    job.setProgress(1.0, QStringLiteral("done"));
    return info;
}

} // namespace tidemark
