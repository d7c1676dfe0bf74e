// Scheduling and short-term retention for many databases over a simulated year, on the same
// planning code the agent runs (Scheduler, RetentionPlanner), with backups as records only:
// the cost of deciding, not of copying pages. Prints one line for docs/performance.md.
#include "catalog/RestorePlanner.h"
#include "retention/RetentionPlanner.h"
#include "retention/Scheduler.h"

#include <QElapsedTimer>

#include <cstdio>

using namespace tidemark;

int main(int argc, char** argv) {
    const int databases = argc > 1 ? std::atoi(argv[1]) : 100;
    const qint64 day = 24LL * 3600 * 1000;
    const qint64 t0 = 1767225600000;
    const qint64 span = 365 * day;
    QElapsedTimer timer;
    timer.start();
    qint64 backups = 0, purged = 0;
    for (int d = 0; d < databases; ++d) {
        BackupPolicy policy; // 7 days, differential every 12 h, log every 5 min
        QList<BackupInfo> history;
        QString lastFull;
        qint64 now = t0 + d * 60 * 1000; // databases added a minute apart
        int n = 0;
        ScheduleState state = scheduleFor(policy, history, t0);
        while (now < t0 + span) {
            if (auto due = dueFrom(state, policy, now)) {
                BackupInfo b;
                b.id = QStringLiteral("%1-%2").arg(d).arg(n++, 8, 10, QLatin1Char('0'));
                b.type = due->type;
                b.snapshotMs = b.startMs = b.endMs = now;
                if (b.type == BackupType::Full)
                    lastFull = b.id;
                else if (!history.isEmpty())
                    b.baseId = b.type == BackupType::Differential ? lastFull : history.last().id;
                history.append(b);
                state = state.after(b, policy);
                ++backups;
            }
            QList<BackupInfo> gone = backupsToPurge(policy, history, now, false);
            if (!gone.isEmpty()) {
                purged += gone.size();
                history.erase(history.begin(), history.begin() + gone.size());
            }
            now = std::max(now + 1, state.nextMs());
        }
    }
    std::printf("schedule+retention: %d databases x 1 simulated year: %lld backups planned, "
                "%lld purged, %.1f s\n",
                databases, backups, purged, timer.elapsed() / 1000.0);
    return 0;
}
