#include "restore/CommitPlanner.h"

#include "backup/BackupEngine.h"
#include "capture/LogSegment.h"
#include "catalog/RestorePlanner.h"
#include "core/Clock.h"

namespace tidemark {

CommitPlanner::CommitPlanner(const Vault& vault, QList<BackupInfo> backups,
                             QList<SegmentInfo> segments)
    : vault_(vault), backups_(std::move(backups)), segments_(std::move(segments)) {
    // Segments already folded into a log backup (a crash between the two) are not sources.
    const qint64 sealedThrough = tidemark::sealedThrough(backups_);
    segments_.erase(std::remove_if(segments_.begin(), segments_.end(),
                                   [sealedThrough](const SegmentInfo& s) {
                                       return s.lastCommit <= sealedThrough;
                                   }),
                    segments_.end());
}

bool CommitPlanner::hasCommits() const {
    if (!segments_.isEmpty())
        return true;
    for (const BackupInfo& b : backups_) {
        if (b.lastCommit >= 0)
            return true;
    }
    return false;
}

QList<CaptureGap> CommitPlanner::gaps() const {
    QList<CaptureGap> out;
    for (const BackupInfo& b : backups_) {
        if (b.gapFromMs >= 0)
            out.append(CaptureGap{b.gapFromMs, b.snapshotMs, b.lastCommit, b.gapReason});
    }
    return out;
}

std::optional<CommitPoint> CommitPlanner::latest() const {
    std::optional<CommitPoint> best;
    auto consider = [&best](qint64 number, qint64 ms) {
        if (number >= 0 && (!best || number > best->number))
            best = CommitPoint{number, ms};
    };
    for (const BackupInfo& b : backups_)
        consider(b.lastCommit, b.snapshotMs);
    for (const SegmentInfo& s : segments_)
        consider(s.lastCommit, s.lastMs);
    return best;
}

Result<CommitPoint> CommitPlanner::commitAt(qint64 pointMs) const {
    for (const CaptureGap& g : gaps()) {
        if (pointMs > g.fromMs && pointMs < g.toMs)
            return Status::outOfRange(
                QStringLiteral("%1 falls in a capture gap from %2 to %3 (%4); commits in it "
                               "were not captured, so choose a point before or after it")
                    .arg(formatTime(pointMs), formatTime(g.fromMs), formatTime(g.toMs), g.reason));
    }
    CommitPoint best;
    auto consider = [&best](qint64 number, qint64 ms) {
        if (number > best.number)
            best = CommitPoint{number, ms};
    };
    auto scanCommits = [&](const auto& list) {
        for (const auto& k : list) {
            if (k.stampMs <= pointMs)
                consider(k.number, k.stampMs);
        }
    };
    for (const BackupInfo& b : backups_) {
        if (b.lastCommit < 0)
            continue;
        if (!b.captured()) {
            if (b.snapshotMs <= pointMs)
                consider(b.lastCommit, b.snapshotMs);
            continue;
        }
        if (b.snapshotMs <= pointMs) {
            consider(b.lastCommit, b.snapshotMs);
            continue;
        }
        if (b.lastCommit <= best.number)
            continue;
        auto m = vault_.readManifest(b.databaseUuid, b.id);
        if (!m)
            return m.status();
        scanCommits(m->commits);
    }
    for (const SegmentInfo& s : segments_) {
        if (s.firstMs > pointMs)
            continue;
        if (s.lastMs <= pointMs) {
            consider(s.lastCommit, s.lastMs);
            continue;
        }
        auto seg = readLogSegment(vault_, s.databaseUuid, s.firstCommit);
        if (!seg)
            return seg.status();
        scanCommits(seg->commits);
    }
    if (best.number < 0)
        return Status::notFound(
            QStringLiteral("no captured commit is at or before %1").arg(formatTime(pointMs)));
    return best;
}

Result<CommitPoint> CommitPlanner::find(qint64 commit) const {
    auto stampIn = [commit](const auto& list) -> std::optional<CommitPoint> {
        for (const auto& k : list) {
            if (k.number == commit)
                return CommitPoint{k.number, k.stampMs};
        }
        return std::nullopt;
    };
    for (const BackupInfo& b : backups_) {
        if (!b.captured() && b.lastCommit == commit)
            return CommitPoint{commit, b.snapshotMs};
        if (!b.captured() || commit < b.firstCommit || commit > b.lastCommit)
            continue;
        auto m = vault_.readManifest(b.databaseUuid, b.id);
        if (!m)
            return m.status();
        if (auto found = stampIn(m->commits))
            return *found;
    }
    for (const SegmentInfo& s : segments_) {
        if (commit < s.firstCommit || commit > s.lastCommit)
            continue;
        auto seg = readLogSegment(vault_, s.databaseUuid, s.firstCommit);
        if (!seg)
            return seg.status();
        if (auto found = stampIn(seg->commits))
            return *found;
    }
    return Status::notFound(QStringLiteral("commit %1 is not known").arg(commit));
}

Result<QList<CommitPoint>> CommitPlanner::commits() const {
    QMap<qint64, qint64> all;
    for (const BackupInfo& b : backups_) {
        if (b.lastCommit < 0)
            continue;
        if (!b.captured()) {
            if (!all.contains(b.lastCommit))
                all.insert(b.lastCommit, b.snapshotMs);
            continue;
        }
        auto m = vault_.readManifest(b.databaseUuid, b.id);
        if (!m)
            return m.status();
        for (const Manifest::Commit& k : m->commits)
            all.insert(k.number, k.stampMs);
    }
    for (const SegmentInfo& s : segments_) {
        auto seg = readLogSegment(vault_, s.databaseUuid, s.firstCommit);
        if (!seg)
            return seg.status();
        for (const CapturedCommit& k : seg->commits)
            all.insert(k.number, k.stampMs);
    }
    QList<CommitPoint> out;
    for (auto it = all.constBegin(); it != all.constEnd(); ++it)
        out.append(CommitPoint{it.key(), it.value()});
    return out;
}

namespace {

void resizeState(PageMap& state, std::unordered_map<uint32_t, QByteArray>& overlay,
                 uint32_t pages) {
    state.pages.resize(pages);
    state.pageCount = pages;
    for (auto it = overlay.begin(); it != overlay.end();) {
        if (it->first > pages)
            it = overlay.erase(it);
        else
            ++it;
    }
}

} // namespace

Result<CommitPlanner::Sources> CommitPlanner::sources(qint64 commit) const {
    RestorePlanner chains(backups_);
    Sources out;
    qint64 baseCommit = -1;
    for (const BackupInfo& b : backups_) {
        if (b.lastCommit < 0 || b.lastCommit > commit || b.lastCommit <= baseCommit)
            continue;
        auto c = chains.planThrough(b.id);
        if (!c)
            continue;
        baseCommit = b.lastCommit;
        out.chain = *c;
    }
    if (baseCommit < 0)
        return Status::notFound(
            QStringLiteral("no backup holds a state at or before commit %1").arg(commit));
    for (const BackupInfo& b : backups_) {
        if (b.captured() && b.lastCommit > baseCommit && b.firstCommit <= commit)
            out.logs.append(b);
    }
    for (const SegmentInfo& s : segments_) {
        if (s.lastCommit > baseCommit && s.firstCommit <= commit)
            ++out.segments;
    }
    return out;
}

Result<RestoreInput> CommitPlanner::plan(qint64 commit) const {
    auto found = sources(commit);
    if (!found)
        return found.status();
    const QList<BackupInfo>& chain = found->chain;
    const BackupInfo* base = &chain.last();
    auto loaded = loadChainState(vault_, chain);
    if (!loaded)
        return loaded.status();
    RestoreInput input;
    input.state = std::move(*loaded);
    input.applied = chain;
    input.restoredToCommit = base->lastCommit;
    input.restoredToMs = base->snapshotMs;
    input.expectedLogicalHash = base->logicalHash;

    qint64 next = base->lastCommit + 1;
    while (next <= commit) {
        const BackupInfo* log = nullptr;
        for (const BackupInfo& b : backups_) {
            if (b.captured() && b.firstCommit <= next && next <= b.lastCommit)
                log = &b;
        }
        if (log) {
            auto m = vault_.readManifest(log->databaseUuid, log->id);
            if (!m)
                return m.status();
            if (m->pageSize != input.state.pageSize)
                return Status::corruption(
                    QStringLiteral("log backup %1 has another page size").arg(log->id));
            std::vector<uint32_t> packs;
            for (const QString& p : m->packs)
                packs.push_back(input.state.packIndex(p));
            for (const Manifest::Commit& k : m->commits) {
                if (k.number < next || k.number > commit)
                    continue;
                resizeState(input.state, input.overlay, k.databasePages);
                for (uint32_t i = 0; i < k.pageCount; ++i) {
                    const Manifest::CommitPage& p = m->commitPages[k.firstPage + i];
                    if (p.page > k.databasePages)
                        continue;
                    input.state.pages[p.page - 1] = PageRef{packs[p.pack], p.blob};
                    input.overlay.erase(p.page);
                }
                input.restoredToCommit = k.number;
                input.restoredToMs = k.stampMs;
            }
            input.applied.append(*log);
            next = std::min(commit, log->lastCommit) + 1;
            continue;
        }
        const SegmentInfo* segment = nullptr;
        for (const SegmentInfo& s : segments_) {
            if (s.firstCommit <= next && next <= s.lastCommit)
                segment = &s;
        }
        if (!segment)
            return Status::notFound(
                QStringLiteral("commit %1 is not in the vault: the captured commits after commit "
                               "%2 are incomplete")
                    .arg(next)
                    .arg(next - 1));
        auto seg = readLogSegment(vault_, segment->databaseUuid, segment->firstCommit);
        if (!seg)
            return seg.status();
        if (seg->pageSize != input.state.pageSize)
            return Status::corruption(QStringLiteral("a log segment has another page size"));
        for (const CapturedCommit& k : seg->commits) {
            if (k.number < next || k.number > commit)
                continue;
            resizeState(input.state, input.overlay, k.databasePages);
            for (size_t i = 0; i < k.pageNumbers.size(); ++i)
                input.overlay[k.pageNumbers[i]] =
                    k.pages.mid(qsizetype(i * seg->pageSize), qsizetype(seg->pageSize));
            input.restoredToCommit = k.number;
            input.restoredToMs = k.stampMs;
        }
        next = std::min(commit, segment->lastCommit) + 1;
    }
    if (input.restoredToCommit != base->lastCommit)
        input.expectedLogicalHash.clear(); // no hash is recorded for a single commit
    // A page a commit added to the file without writing it reads as zeros in SQLite too.
    for (uint32_t n = 1; n <= input.state.pageCount; ++n) {
        if (!input.state.pages[n - 1].valid() && !input.overlay.count(n))
            input.overlay[n] = QByteArray(int(input.state.pageSize), '\0');
    }
    return input;
}

} // namespace tidemark
