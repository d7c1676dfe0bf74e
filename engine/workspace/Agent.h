#pragma once

#include "core/Clock.h"
#include "workspace/CaptureService.h"
#include "workspace/Workspace.h"

#include <atomic>
#include <functional>
#include <map>

namespace tidemark {

struct AgentOptions {
    // Replay: when set, the agent moves this clock from slot to slot instead of waiting.
    ManualClock* replayClock = nullptr;
    qint64 untilMs = -1; // stop once the next slot lies beyond it; -1 runs until stopped
    const std::atomic<bool>* stop = nullptr;
    std::function<void(const QString&)> log;
    // Called before each pass with the instant it runs at (tests change databases here).
    std::function<void(qint64 nowMs)> beforePass;
    // Continuous capture of WAL databases. Its threads seal log backups at each log interval;
    // the agent's own passes take fulls and differentials tied to commits. In replay there are
    // no threads: each pass reads every WAL database's log and seals at its log slots.
    bool capture = false;
    CaptureOptions captureOptions;
};

struct AgentReport {
    int passes = 0;
    int backups = 0;
    int failures = 0;
    int purged = 0;
};

// Runs the schedule of every protected database: at each pass, each database's due backup
// (the biggest kind due), then retention, then garbage collection; then it waits for (or, in
// replay, jumps to) the earliest next slot. Backups are recorded as jobs. Slots missed while no
// agent ran are caught up at once, once, and noted in the job log.
class Agent {
public:
    Agent(Workspace& workspace, AgentOptions options);
    Result<AgentReport> run();
    // One pass at the clock's current time; returns the earliest next slot.
    qint64 pass(AgentReport& report);

private:
    void say(const QString& line) const;
    void recordHours(qint64 now);
    qint64 lastUsageHourMs_ = -1;
    qint64 lastGcMs_ = -1;
    QString gcMark_;
    Workspace& ws_;
    AgentOptions options_;
    QSet<QString> caughtUp_;
    std::unique_ptr<CaptureService> capture_;
    // Replay's capture, stepped by the passes (WAL databases only).
    LogCapture* replayCapture(const DatabaseInfo& database);
    std::map<QString, std::unique_ptr<LogCapture>> replayCaptures_;
};

} // namespace tidemark
