#include "BackupTurn.h"

#include <map>
#include <memory>

namespace tidemark {
namespace {

QMutex* mutexFor(const QString& databaseUuid) {
    static QMutex registry;
    // One small mutex per database ever backed up by this process; never freed, so a turn
    // can never outlive its mutex.
    static std::map<QString, std::unique_ptr<QMutex>> perDatabase;
    QMutexLocker lock(&registry);
    std::unique_ptr<QMutex>& slot = perDatabase[databaseUuid];
    if (!slot)
        slot = std::make_unique<QMutex>();
    return slot.get();
}

} // namespace

BackupTurn::BackupTurn(const QString& databaseUuid, JobContext& job)
    : mutex_(mutexFor(databaseUuid)) {
    if (mutex_->tryLock())
        return;
    job.log(QStringLiteral("waiting for the backup of this database already running to end"));
    mutex_->lock();
}

BackupTurn::~BackupTurn() {
    mutex_->unlock();
}

} // namespace tidemark
