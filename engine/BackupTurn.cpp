#include "BackupTurn.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

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

// The lock file beside the catalog; -1 when there is none to take (an in-memory catalog in a
// test, or a folder that cannot be written), in which case the in-process turn is all there is.
int openTurnFile(Catalog& catalog, const QString& databaseUuid) {
    const char* catalogFile = sqlite3_db_filename(catalog.db().handle(), "main");
    if (!catalogFile || !*catalogFile)
        return -1;
    const QString dir =
        QFileInfo(QString::fromUtf8(catalogFile)).absolutePath() + QStringLiteral("/locks");
    if (!QDir().mkpath(dir))
        return -1;
    const QByteArray path =
        QFile::encodeName(dir + QStringLiteral("/backup-%1.lock").arg(databaseUuid));
    return ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}

} // namespace

BackupTurn::BackupTurn(Catalog& catalog, const QString& databaseUuid, JobContext& job)
    : mutex_(mutexFor(databaseUuid)) {
    if (!mutex_->tryLock()) {
        job.log(QStringLiteral("waiting for the backup of this database already running to end"));
        mutex_->lock();
    }
    fd_ = openTurnFile(catalog, databaseUuid);
    if (fd_ < 0)
        return;
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0)
        return;
    job.log(QStringLiteral("waiting for another process's backup of this database to end"));
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
}

BackupTurn::~BackupTurn() {
    if (fd_ >= 0)
        ::close(fd_); // releases the lock
    mutex_->unlock();
}

} // namespace tidemark
