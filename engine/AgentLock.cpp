#include "AgentLock.h"

#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
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

AgentLock::~AgentLock() {
    ::close(fd_);
}

} // namespace tidemark
