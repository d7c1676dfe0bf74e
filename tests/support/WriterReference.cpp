#include "WriterReference.h"

#include "WriterWorkload.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QThread>

#include <sqlite3.h>

#include <string>
#include <utility>

#ifndef TIDEMARK_WRITER_PATH
#error "TIDEMARK_WRITER_PATH must name the tidemark-test-writer executable"
#endif

namespace tidemark::testsupport {
namespace {

void setError(QString* error, const QString& message) {
    if (error) {
        *error = message;
    }
}

} // namespace

bool buildWriterReference(const QString& path, qint64 k, QString* error) {
    QFile::remove(path);
    SqliteConnection connection(path);
    if (!connection.isOpen()) {
        setError(error, connection.lastError());
        return false;
    }
    // One transaction for all commits: same content as the writer's many, built in moments.
    std::string failure;
    if (!connection.execute(QStringLiteral("BEGIN")) ||
        !createWriterSchema(connection.handle(), failure)) {
        setError(error, failure.empty() ? connection.lastError() : QString::fromStdString(failure));
        return false;
    }
    for (qint64 commit = 1; commit <= k; ++commit) {
        if (!applyWriterCommit(connection.handle(), commit, failure)) {
            setError(error, QString::fromStdString(failure));
            return false;
        }
    }
    if (!connection.execute(QStringLiteral("COMMIT"))) {
        setError(error, connection.lastError());
        return false;
    }
    return true;
}

std::optional<qint64> readWriterProgress(const QString& path) {
    SqliteConnection connection(path, true);
    if (!connection.isOpen()) {
        return std::nullopt;
    }
    const qint64 k = tidemark::testsupport::readWriterProgress(connection.handle());
    if (k < 0) {
        return std::nullopt;
    }
    return k;
}

QList<WriterCommit> readWriterLog(const QString& logPath) {
    QList<WriterCommit> commits;
    QFile log(logPath);
    if (!log.open(QIODevice::ReadOnly)) {
        return commits;
    }
    QList<QByteArray> lines = log.readAll().split('\n');
    // The last piece is either empty or a line still being written; it is read next time.
    lines.removeLast();
    for (const QByteArray& line : lines) {
        const QList<QByteArray> fields = line.trimmed().split(' ');
        if (fields.size() != 3) {
            continue;
        }
        WriterCommit commit;
        commit.k = fields[0].mid(2).toLongLong();
        commit.beganMs = fields[1].mid(9).toLongLong();
        commit.committedMs = fields[2].mid(13).toLongLong();
        commits << commit;
    }
    return commits;
}

WriterProcess::WriterProcess(Settings settings) : m_settings(std::move(settings)) {
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

WriterProcess::~WriterProcess() {
    if (m_process.state() != QProcess::NotRunning) {
        stop();
    }
}

bool WriterProcess::start(QString* error) {
    const QStringList arguments = {
        QStringLiteral("--db"),        m_settings.databasePath,
        QStringLiteral("--journal"),   journalModeName(m_settings.journal),
        QStringLiteral("--seconds"),   QString::number(m_settings.seconds),
        QStringLiteral("--page-size"), QString::number(m_settings.pageSize),
        QStringLiteral("--pause-ms"),  QString::number(m_settings.pauseMs),
        QStringLiteral("--log"),       m_settings.logPath,
    };
    m_process.start(QStringLiteral(TIDEMARK_WRITER_PATH), arguments);
    if (!m_process.waitForStarted(10'000)) {
        setError(error, m_process.errorString());
        return false;
    }
    return true;
}

bool WriterProcess::waitForCommit(qint64 k, int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (lastLoggedCommit() >= k) {
            return true;
        }
        if (m_process.state() == QProcess::NotRunning) {
            return lastLoggedCommit() >= k;
        }
        QThread::msleep(20);
    }
    return false;
}

qint64 WriterProcess::lastLoggedCommit() const {
    const QList<WriterCommit> commits = readWriterLog(m_settings.logPath);
    return commits.isEmpty() ? 0 : commits.constLast().k;
}

int WriterProcess::stop() {
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(60'000)) {
            m_process.kill();
            m_process.waitForFinished(10'000);
        }
    }
    m_output += QString::fromUtf8(m_process.readAll());
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

QString checkpointerProgram() {
    return QStringLiteral(TIDEMARK_CHECKPOINTER_PATH);
}

} // namespace tidemark::testsupport
