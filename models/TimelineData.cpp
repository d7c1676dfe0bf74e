#include "TimelineData.h"

#include "catalog/RestorePlanner.h"

#include <QSet>

#include <algorithm>

namespace tidemark {

void TimelineData::setBackups(const QList<BackupInfo>& backups) {
    for (auto& lane : lanes_)
        lane.clear();
    firstMs_ = lastMs_ = 0;
    bool first = true;
    for (const BackupInfo& b : backups) {
        Lane lane = b.type == BackupType::Full           ? Full
                    : b.type == BackupType::Differential ? Differential
                                                         : Log;
        lanes_[size_t(lane)].push_back(Item{b.startMs, b.endMs, b.snapshotMs, b.storedBytes, b.id});
        firstMs_ = first ? b.startMs : std::min(firstMs_, b.startMs);
        lastMs_ = first ? b.endMs : std::max(lastMs_, b.endMs);
        first = false;
    }
    for (auto& lane : lanes_)
        std::sort(lane.begin(), lane.end(),
                  [](const Item& a, const Item& b) { return a.startMs < b.startMs; });
    RestorePlanner planner(backups);
    RestoreWindow w = planner.window();
    windowStartMs_ = w.earliestMs;
    windowEndMs_ = w.latestMs;
    gaps_.clear();
    QSet<QString> broken;
    for (const BackupInfo& b : planner.unrestorable()) {
        gaps_.emplace_back(b.startMs, b.endMs);
        broken.insert(b.id);
    }
    if (!broken.isEmpty()) {
        for (auto& lane : lanes_)
            for (Item& i : lane)
                i.broken = broken.contains(i.id);
    }
}

void TimelineData::setCapture(const Workspace::Restorable& span) {
    commitExact_ = span.latestCommit.has_value();
    if (!span.window.empty() && hasWindow()) {
        windowEndMs_ = std::max(windowEndMs_, span.window.latestMs);
        lastMs_ = std::max(lastMs_, windowEndMs_);
    }
    for (const CaptureGap& g : span.gaps)
        gaps_.emplace_back(g.fromMs, g.toMs);
}

void TimelineData::setLtr(const QList<LtrInfo>& copies) {
    auto& lane = lanes_[size_t(Ltr)];
    lane.clear();
    for (const LtrInfo& l : copies) {
        lane.push_back(Item{l.snapshotMs, l.snapshotMs, l.snapshotMs, l.storedBytes, l.id});
        if (itemCount() == int(lane.size()) && lane.size() == 1) {
            firstMs_ = lastMs_ = l.snapshotMs;
        } else {
            firstMs_ = std::min(firstMs_, l.snapshotMs);
            lastMs_ = std::max(lastMs_, l.snapshotMs);
        }
    }
    std::sort(lane.begin(), lane.end(),
              [](const Item& a, const Item& b) { return a.startMs < b.startMs; });
}

int TimelineData::itemCount() const {
    int n = 0;
    for (const auto& lane : lanes_)
        n += int(lane.size());
    return n;
}

std::vector<TimelineData::Mark> TimelineData::marks(Lane lane, qint64 fromMs, qint64 toMs,
                                                    int columns) const {
    std::vector<Mark> out;
    const auto& items = lanes_[size_t(lane)];
    if (items.empty() || toMs <= fromMs || columns <= 0)
        return out;
    // Items that end before the range cannot show; start from the first that might.
    auto it = std::lower_bound(items.begin(), items.end(), fromMs,
                               [](const Item& i, qint64 t) { return i.endMs < t; });
    const double msPerColumn = double(toMs - fromMs) / columns;
    int lastColumn = -1;
    for (; it != items.end() && it->startMs <= toMs; ++it) {
        int column = int(double(std::max(it->startMs, fromMs) - fromMs) / msPerColumn);
        int index = int(it - items.begin());
        if (column == lastColumn && !out.empty()) {
            Mark& m = out.back();
            m.endMs = std::max(m.endMs, it->endMs);
            ++m.count;
            continue;
        }
        out.push_back(Mark{it->startMs, it->endMs, 1, index});
        lastColumn = column;
    }
    return out;
}

qint64 TimelineData::clampToWindow(qint64 ms) const {
    if (!hasWindow())
        return ms;
    return std::clamp(ms, windowStartMs_, windowEndMs_);
}

} // namespace tidemark
