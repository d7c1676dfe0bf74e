#pragma once

#include "capture/LogCapture.h"

#include <QHash>
#include <QMutex>

#include <atomic>
#include <memory>
#include <thread>

namespace tidemark {

class Workspace;

// Whether a database file is in WAL mode, the mode continuous capture reads.
bool isWalDatabase(const QString& file);

// Runs continuous capture for every WAL-mode database of a workspace, one thread each, and
// follows databases being added or dropped. Backups of a captured database ask it for the
// barrier hook that ties them to a commit.
class CaptureService {
public:
    CaptureService(Workspace& workspace, CaptureOptions options);
    ~CaptureService();
    // Starts capture for databases not yet captured and stops it for dropped ones.
    void refresh();
    // Stops every capture thread after each has flushed and sealed what it holds.
    void stop();
    BarrierHook hookFor(const QString& databaseUuid);
    bool captures(const QString& databaseUuid);
    QHash<QString, CaptureSnapshot> snapshots();

private:
    struct Running {
        std::unique_ptr<LogCapture> capture;
        std::atomic<bool> stop{false};
        std::thread thread;
    };
    Workspace& ws_;
    CaptureOptions options_;
    QMutex mutex_;
    QHash<QString, std::shared_ptr<Running>> running_;
};

} // namespace tidemark
