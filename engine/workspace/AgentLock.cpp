#include "workspace/AgentLock.h"

#include "workspace/Workspace.h"

#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace tidemark {

Result<std::unique_ptr<AgentLock>> AgentLock::acquire(const QString& workspaceDir,
                                                      const QString& description) {
    QString path = workspaceDir + QStringLiteral("/agent.lock");
    int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return Status::ioError(QStringLiteral("cannot open %1").arg(path));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char buffer[512] = {};
        ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
        ::close(fd);
        QString holder =
            n > 0 ? QString::fromUtf8(buffer, int(n)).trimmed() : QStringLiteral("another process");
        return Status::busy(
            QStringLiteral("another agent already runs for this workspace (%1)").arg(holder));
    }
    QByteArray text = description.toUtf8() + '\n';
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.constData(), size_t(text.size()), 0) < 0) {
        ::close(fd);
        return Status::ioError(QStringLiteral("cannot write %1").arg(path));
    }
    return std::unique_ptr<AgentLock>(new AgentLock(fd));
}

bool AgentLock::isHeld(const QString& workspaceDir) {
    struct stat file {};
    const QByteArray path = QFile::encodeName(workspaceDir + QStringLiteral("/agent.lock"));
    if (::stat(path.constData(), &file) != 0)
        return false; // no agent ever ran here
    // The kernel's table of file locks names each lock's device and inode; reading it takes
    // no lock. Lines look like "1: FLOCK  ADVISORY  WRITE 4711 fd:01:123456 0 EOF".
    QFile locks(QStringLiteral("/proc/locks"));
    if (!locks.open(QIODevice::ReadOnly))
        return false;
    const QString wanted = QStringLiteral("%1:%2:%3")
                               .arg(major(file.st_dev), 2, 16, QLatin1Char('0'))
                               .arg(minor(file.st_dev), 2, 16, QLatin1Char('0'))
                               .arg(quint64(file.st_ino));
    const QList<QByteArray> lines = locks.readAll().split('\n');
    for (const QByteArray& line : lines) {
        QList<QByteArray> fields = line.simplified().split(' ');
        // Blocked waiters' rows carry "->" after the number; only holders count.
        if (fields.size() < 6 || fields.value(1) != "FLOCK")
            continue;
        if (QString::fromLatin1(fields.value(5)) == wanted)
            return true;
    }
    return false;
}

Result<std::unique_ptr<AgentLock>> AgentLock::acquire(const Workspace& workspace,
                                                      const QString& description,
                                                      std::function<void(const Status&)> lost) {
    auto lock = acquire(workspace.dir(), description);
    if (!lock || !workspace.degraded().isEmpty())
        return lock; // read-only on a surviving copy: the agent writes nothing there
    auto vault = workspace.vault().location().acquireLock(description, std::move(lost));
    if (!vault)
        return vault.status();
    (*lock)->vault_ = std::move(*vault);
    return lock;
}

AgentLock::~AgentLock() {
    vault_.reset();
    ::close(fd_);
}

} // namespace tidemark
