#pragma once

#include "catalog/Catalog.h"
#include "workspace/Workspace.h"

#include <array>
#include <vector>

namespace tidemark {

// What the backup timeline shows, kept apart from drawing: backups per lane in time order
// (LTR copies in their own lane), the restore window, chain gaps (backups whose chain lost a
// base), a dropped database's drop time, the newest point replicated to the geo secondary,
// and aggregation by level of detail so a year of five-minute logs draws as a few hundred
// marks instead of a hundred thousand.
class TimelineData {
public:
    enum Lane { Full, Differential, Log, Ltr, LaneCount };

    struct Item {
        qint64 startMs = 0;
        qint64 endMs = 0;
        qint64 pointMs = 0;
        qint64 storedBytes = 0;
        QString id;
        bool broken = false; // its chain lost a base: not restorable
    };
    // One drawable mark: a single backup, or several that fall into the same pixel column.
    struct Mark {
        qint64 startMs = 0;
        qint64 endMs = 0;
        int count = 0;
        int firstIndex = 0;
    };

    void setBackups(const QList<BackupInfo>& backups);
    void setLtr(const QList<LtrInfo>& copies);
    // Continuous capture: the window reaches the last captured commit, and capture gaps (from a
    // break to its rebase) are gaps like broken chains. Call after setBackups().
    void setCapture(const Workspace::Restorable& span);
    bool commitExact() const { return commitExact_; }
    void setDroppedMs(qint64 ms) { droppedMs_ = ms; }
    qint64 droppedMs() const { return droppedMs_; }
    // -1 when the workspace has no geo secondary.
    void setReplicatedMs(qint64 ms) { replicatedMs_ = ms; }
    qint64 replicatedMs() const { return replicatedMs_; }
    // Time ranges of unrestorable backups and of capture gaps.
    const std::vector<std::pair<qint64, qint64>>& gaps() const { return gaps_; }
    const std::vector<Item>& items(Lane lane) const { return lanes_[size_t(lane)]; }
    qint64 windowStartMs() const { return windowStartMs_; }
    qint64 windowEndMs() const { return windowEndMs_; }
    bool hasWindow() const { return windowStartMs_ >= 0; }
    qint64 firstMs() const { return firstMs_; }
    qint64 lastMs() const { return lastMs_; }
    int itemCount() const;

    // Marks of a lane between two instants, at most one per `columns` slice of the range.
    std::vector<Mark> marks(Lane lane, qint64 fromMs, qint64 toMs, int columns) const;
    // The restore point nearest to `ms` inside the window (restore picks the last backup at or
    // before a point, so the cursor snaps to points that restore exactly there).
    qint64 clampToWindow(qint64 ms) const;

private:
    std::array<std::vector<Item>, LaneCount> lanes_;
    qint64 windowStartMs_ = -1;
    qint64 windowEndMs_ = -1;
    qint64 firstMs_ = 0;
    qint64 lastMs_ = 0;
    qint64 droppedMs_ = -1;
    qint64 replicatedMs_ = -1;
    std::vector<std::pair<qint64, qint64>> gaps_;
    bool commitExact_ = false;
};

} // namespace tidemark
