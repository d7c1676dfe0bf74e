#include "backup/BackupTurn.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
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
    constexpr int kLookMs = 200; // how often a waiting job notices it was cancelled
    if (!mutex_->tryLock()) {
        job.log(QStringLiteral("waiting for the backup of this database already running to end"));
        while (!mutex_->tryLock(kLookMs)) {
            if (job.cancelled())
                return;
        }
    }
    held_ = true;
    fd_ = openTurnFile(catalog, databaseUuid);
    if (fd_ < 0)
        return;
    bool said = false;
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            // Without the file lock two processes may both store the same pages: wasted space,
            // never a wrong backup.
            job.log(QStringLiteral("no cross-process backup lock (%1); going on without it")
                        .arg(QString::fromLocal8Bit(strerror(errno))));
            ::close(fd_);
            fd_ = -1;
            return;
        }
        if (!said) {
            job.log(QStringLiteral("waiting for another process's backup of this database to end"));
            said = true;
        }
        if (job.cancelled()) {
            ::close(fd_);
            fd_ = -1;
            mutex_->unlock();
            held_ = false;
            return;
        }
        ::usleep(kLookMs * 1000);
    }
}

BackupTurn::~BackupTurn() {
    if (fd_ >= 0)
        ::close(fd_); // releases the lock
    if (held_)
        mutex_->unlock();
}

} // namespace tidemark
