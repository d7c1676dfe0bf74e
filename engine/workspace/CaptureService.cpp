#include "workspace/CaptureService.h"

#include "workspace/Workspace.h"

namespace tidemark {

CaptureService::CaptureService(Workspace& workspace, CaptureOptions options)
    : ws_(workspace), options_(std::move(options)) {}

CaptureService::~CaptureService() {
    stop();
}

void CaptureService::refresh() {
    auto catalog = ws_.openCatalog();
    if (!catalog)
        return;
    QSet<QString> live;
    QList<DatabaseInfo> toStart;
    for (const DatabaseInfo& db : (*catalog)->databases()) {
        live.insert(db.uuid);
        toStart.append(db);
    }
    QList<std::shared_ptr<Running>> toStop;
    {
        QMutexLocker lock(&mutex_);
        for (auto it = running_.begin(); it != running_.end();) {
            if (!live.contains(it.key())) {
                toStop.append(it.value());
                it = running_.erase(it);
            } else {
                ++it;
            }
        }
        for (const DatabaseInfo& db : toStart) {
            if (running_.contains(db.uuid))
                continue;
            // Only WAL databases are captured; the others get log backups by page comparison.
            if (!isWalDatabase(db.file))
                continue;
            auto r = std::make_shared<Running>();
            r->capture = std::make_unique<LogCapture>(ws_.vault(), ws_.catalogPath(), ws_.clock(),
                                                      ws_.pool(), db, options_);
            const qint64 interval = (*catalog)->policy(db.uuid).logIntervalMs();
            Running* raw = r.get();
            r->thread = std::thread([raw, interval] { raw->capture->run(raw->stop, interval); });
            running_.insert(db.uuid, r);
        }
    }
    for (auto& r : toStop) {
        r->stop.store(true);
        r->thread.join();
    }
}

void CaptureService::stop() {
    QList<std::shared_ptr<Running>> all;
    {
        QMutexLocker lock(&mutex_);
        all = running_.values();
        running_.clear();
    }
    for (auto& r : all)
        r->stop.store(true);
    for (auto& r : all)
        r->thread.join();
}

bool isWalDatabase(const QString& file) {
    SqliteDb probe;
    if (!probe.open(file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX))
        return false;
    Statement mode(probe, "PRAGMA journal_mode");
    return mode.step() == SQLITE_ROW && mode.text(0).toLower() == "wal";
}

BarrierHook CaptureService::hookFor(const QString& databaseUuid) {
    QMutexLocker lock(&mutex_);
    auto it = running_.constFind(databaseUuid);
    if (it == running_.constEnd())
        return {};
    std::shared_ptr<Running> r = it.value();
    BarrierHook inner = r->capture->barrierHook();
    // The hook keeps its capture alive even if the database is dropped meanwhile.
    return [r, inner]() { return inner(); };
}

bool CaptureService::captures(const QString& databaseUuid) {
    QMutexLocker lock(&mutex_);
    return running_.contains(databaseUuid);
}

QHash<QString, CaptureSnapshot> CaptureService::snapshots() {
    QMutexLocker lock(&mutex_);
    QHash<QString, CaptureSnapshot> out;
    for (auto it = running_.constBegin(); it != running_.constEnd(); ++it)
        out.insert(it.key(), it.value()->capture->snapshot());
    return out;
}

} // namespace tidemark
