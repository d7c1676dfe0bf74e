#include "capture/LogSeal.h"

#include "backup/BackupEngine.h"
#include "backup/BackupTurn.h"
#include "capture/CaptureStore.h"
#include "capture/LogSegment.h"
#include "catalog/RestorePlanner.h"
#include "vault/Pack.h"

#include <QElapsedTimer>

#include <map>
#include <unordered_map>

namespace tidemark {
namespace {

constexpr int kSegmentRawBytes = 1 << 20;
constexpr int kCompressionLevel = 3;

// Writes page images into one new pack, once per distinct image.
class FoldPackWriter {
public:
    FoldPackWriter(const Vault& vault)
        : vault_(vault), writer_(vault.packWriter(Vault::newPackName())) {}

    Result<uint32_t> add(const char* page, uint32_t size) {
        Digest address = vault_.keys().address(page, size);
        auto found = blobs_.find(address);
        if (found != blobs_.end())
            return found->second;
        PackBlobInfo info;
        info.address = address;
        info.fingerprint = vault_.keys().fingerprint(page, size);
        info.segment = segment_;
        info.offset = uint32_t(raw_.size());
        info.size = size;
        raw_.append(page, qsizetype(size));
        writer_.addBlob(info);
        addresses_.push_back(address);
        const uint32_t blob = uint32_t(addresses_.size() - 1);
        blobs_.emplace(address, blob);
        if (raw_.size() >= kSegmentRawBytes)
            TM_TRY(flushSegment());
        return blob;
    }

    Result<Catalog::NewPack> finish() {
        if (!raw_.isEmpty())
            TM_TRY(flushSegment());
        TM_TRY(writer_.finish(vault_.keys()));
        vault_.rememberPackIndex(writer_.name(), writer_.index());
        return Catalog::NewPack{writer_.name(), writer_.bytesWritten(), addresses_};
    }
    void abandon() { writer_.abandon(); }
    const QString& name() const { return writer_.name(); }

private:
    Status flushSegment() {
        auto sealed = sealSegment(vault_.keys(), SegmentJob{writer_.name(), segment_, raw_},
                                  kCompressionLevel);
        if (!sealed)
            return sealed.status();
        TM_TRY(writer_.appendSegment(*sealed, uint32_t(raw_.size())));
        raw_.clear();
        ++segment_;
        return Status::ok();
    }

    const Vault& vault_;
    PackWriter writer_;
    QByteArray raw_;
    uint32_t segment_ = 0;
    std::vector<Digest> addresses_;
    std::unordered_map<Digest, uint32_t, DigestHash> blobs_;
};

// The backup a captured log builds on: the newest one whose state lies inside or right before
// the log's commits, so laying the log's last page images over it gives the log's last state.
const BackupInfo* baseFor(const QList<BackupInfo>& history, qint64 firstCommit, qint64 lastCommit) {
    const BackupInfo* best = nullptr;
    for (const BackupInfo& b : history) {
        if (b.lastCommit < firstCommit - 1 || b.lastCommit > lastCommit)
            continue;
        if (!best || b.snapshotMs >= best->snapshotMs)
            best = &b;
    }
    return best;
}

} // namespace

void removeFoldedSegments(const Vault& vault, Catalog& catalog, const QString& databaseUuid) {
    const qint64 sealedThrough = tidemark::sealedThrough(catalog.backups(databaseUuid));
    QSet<qint64> listed;
    for (const SegmentInfo& s : capture_store::segments(catalog, databaseUuid))
        listed.insert(s.firstCommit);
    for (qint64 first : listLogSegments(vault, databaseUuid)) {
        if (first <= sealedThrough && !listed.contains(first))
            ignoreStatus(removeLogSegment(vault, databaseUuid, first),
                         "a folded segment left behind is removed at the next seal");
    }
}

namespace {

// The instant after which nothing was captured: the newest backup or durable segment.
qint64 capturedThroughMs(const QList<BackupInfo>& history, const QList<SegmentInfo>& segments) {
    qint64 through = -1;
    for (const BackupInfo& b : history)
        through = std::max(through, b.snapshotMs);
    for (const SegmentInfo& s : segments)
        through = std::max(through, s.lastMs);
    return through;
}

} // namespace

Result<SealOutcome> sealCapturedLog(const Vault& vault, Catalog& catalog, const Clock& clock,
                                    const DatabaseInfo& database, JobContext& job) {
    const BackupTurn turn(catalog, database.uuid, job);
    if (!turn.held())
        return Status::cancelled();
    const qint64 startMs = clock.nowMs();
    QElapsedTimer timer;
    timer.start();
    QList<BackupInfo> history = catalog.backups(database.uuid);
    const qint64 sealedThrough = tidemark::sealedThrough(history);
    const QList<SegmentInfo> segments = capture_store::segments(catalog, database.uuid);
    const RestorePlanner planner(history);
    // Contiguous runs of segments after everything already sealed; the first one that has a
    // usable backup to build on is sealed.
    QList<SegmentInfo> run;
    const BackupInfo* base = nullptr;
    for (int i = 0; i < segments.size() && !base; ++i) {
        const SegmentInfo& s = segments[i];
        if (s.lastCommit <= sealedThrough)
            continue;
        run.append(s);
        const bool runEnds =
            i + 1 == segments.size() || segments[i + 1].firstCommit != s.lastCommit + 1;
        if (!runEnds)
            continue;
        base = baseFor(history, run.first().firstCommit, run.last().lastCommit);
        if (!base)
            return Status::failed(
                QStringLiteral("captured commits %1 to %2 have no backup to build on")
                    .arg(run.first().firstCommit)
                    .arg(run.last().lastCommit));
        auto chain = planner.planThrough(base->id);
        const QString unusable = chain ? unusableBaseReason(*chain) : chain.status().message();
        if (!unusable.isEmpty()) {
            // Kept as they are: restorable again only if that base is ever found good.
            job.log(QStringLiteral("captured commits %1 to %2 stay as segments, not sealed: %3")
                        .arg(run.first().firstCommit)
                        .arg(run.last().lastCommit)
                        .arg(unusable));
            run.clear();
            base = nullptr;
        }
    }
    if (run.isEmpty()) {
        SealOutcome idle;
        const qint64 since = capturedThroughMs(history, segments);
        idle.summary =
            since >= 0
                ? QStringLiteral("nothing to seal: no commits since %1").arg(formatTime(since))
                : QStringLiteral("nothing to seal: no commits captured yet");
        job.log(idle.summary);
        return idle;
    }

    Manifest m;
    FoldPackWriter pack(vault);
    auto abandon = qScopeGuard([&] { pack.abandon(); });
    std::map<uint32_t, uint32_t> lastImage; // page -> blob, the last image in this log
    uint32_t pageSize = 0;
    uint32_t finalPages = 0;
    qint64 logicalBytes = 0;
    for (const SegmentInfo& info : run) {
        if (job.cancelled())
            return Status::cancelled();
        auto segment = readLogSegment(vault, database.uuid, info.firstCommit);
        if (!segment)
            return segment.status();
        if (pageSize && segment->pageSize != pageSize)
            return Status::failed(QStringLiteral("the page size changed inside captured commits"));
        pageSize = segment->pageSize;
        for (const CapturedCommit& c : segment->commits) {
            if (c.number <= sealedThrough)
                continue;
            Manifest::Commit k;
            k.number = c.number;
            k.stampMs = c.stampMs;
            k.databasePages = c.databasePages;
            k.firstPage = uint32_t(m.commitPages.size());
            k.pageCount = uint32_t(c.pageNumbers.size());
            for (size_t i = 0; i < c.pageNumbers.size(); ++i) {
                auto blob = pack.add(c.pages.constData() + i * pageSize, pageSize);
                if (!blob)
                    return blob.status();
                m.commitPages.push_back(Manifest::CommitPage{c.pageNumbers[i], 0, *blob});
                lastImage[c.pageNumbers[i]] = *blob;
            }
            logicalBytes += qint64(c.pageNumbers.size()) * pageSize;
            // Pages past the end of a shrunken database are gone from its last state.
            finalPages = c.databasePages;
            m.commits.push_back(k);
        }
    }
    if (m.commits.empty())
        return Status::failed(QStringLiteral("captured commits %1 to %2 hold no commit after %3")
                                  .arg(run.first().firstCommit)
                                  .arg(run.last().lastCommit)
                                  .arg(sealedThrough));
    auto newPack = pack.finish();
    if (!newPack)
        return newPack.status();
    abandon.dismiss();

    m.backupId = newBackupId(m.commits.back().stampMs);
    m.databaseUuid = database.uuid;
    m.databaseName = database.name;
    m.databaseFile = database.file;
    m.type = BackupType::Log;
    m.requestedType = BackupType::Log;
    m.baseId = base->id;
    m.fullId = base->type == BackupType::Full ? base->id : base->fullId;
    m.startMs = startMs;
    m.snapshotMs = m.commits.back().stampMs;
    m.pageSize = pageSize;
    m.pageCount = finalPages;
    m.journalMode = QStringLiteral("wal");
    m.firstCommit = m.commits.front().number;
    m.lastCommit = m.commits.back().number;
    m.logicalBytes = logicalBytes;
    m.packs << newPack->name;
    for (const auto& [page, blob] : lastImage) {
        if (page > finalPages)
            continue;
        if (!m.runs.empty()) {
            PageRun& last = m.runs.back();
            if (last.firstPage + last.count == page && last.firstBlob + last.count == blob) {
                ++last.count;
                continue;
            }
        }
        m.runs.push_back(PageRun{page, 1, 0, blob});
    }
    m.note = QStringLiteral("%1 captured commits (%2 to %3)")
                 .arg(m.commits.size())
                 .arg(m.firstCommit)
                 .arg(m.lastCommit);
    m.endMs = std::max(clock.nowMs(), m.snapshotMs);
    m.newBytes = newPack->size + m.seal(vault.keys()).size();

    // Crash-safety order: the pack is durable (finish), then the manifest, then one catalog
    // transaction that lists the backup and forgets the segments; then the segment files go.
    TM_TRY(vault.writeManifest(m));
    BackupInfo info = BackupInfo::fromManifest(m);
    TM_TRY(catalog.begin());
    Status s = catalog.recordPacks({*newPack});
    if (s)
        s = catalog.insertBackup(info);
    if (s)
        s = catalog.setBackupPacks(info.id, m.packs);
    if (s)
        s = capture_store::removeSegmentsThrough(catalog, database.uuid, m.lastCommit);
    if (s)
        s = catalog.commit();
    if (!s) {
        catalog.rollback();
        return s.context(QStringLiteral("log backup %1 is in the vault but the catalog could not "
                                        "record it yet")
                             .arg(m.backupId));
    }
    for (const SegmentInfo& seg : run)
        ignoreStatus(removeLogSegment(vault, database.uuid, seg.firstCommit),
                     "a folded segment left behind is removed at the next seal");
    job.log(QStringLiteral("log backup %1: commits %2 to %3 from %4 segments, %5 bytes stored, "
                           "%6 ms")
                .arg(m.backupId)
                .arg(m.firstCommit)
                .arg(m.lastCommit)
                .arg(run.size())
                .arg(m.newBytes)
                .arg(timer.elapsed()));
    SealOutcome sealed;
    sealed.summary = QStringLiteral("log backup %1 (commits %2 to %3)")
                         .arg(info.id)
                         .arg(info.firstCommit)
                         .arg(info.lastCommit);
    sealed.backup = std::move(info);
    return sealed;
}

} // namespace tidemark
