// The `jobs` table: every long operation, its outcome, log and result, and which process on
// which machine ran it (so a job whose process died can be told from one still running).
#include "catalog/Catalog.h"

#include <QJsonDocument>
#include <QSysInfo>

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace tidemark {
namespace {

// Rows of "SELECT id, kind, target, start_ms, end_ms, status, message[, log, result]".
QList<JobInfo> readJobs(Statement& q, bool withDetails) {
    QList<JobInfo> out;
    while (q.step() == SQLITE_ROW) {
        JobInfo j;
        j.id = q.int64(0);
        j.kind = q.text(1);
        j.target = q.text(2);
        j.startMs = q.int64(3);
        j.endMs = q.isNull(4) ? -1 : q.int64(4);
        j.status = q.text(5);
        j.message = q.text(6);
        if (withDetails) {
            j.log = q.text(7);
            if (!q.isNull(8))
                j.result = QJsonDocument::fromJson(q.text(8).toUtf8()).object();
        }
        out.append(j);
    }
    return out;
}

} // namespace

qint64 Catalog::startJob(const QString& kind, const QString& target, qint64 startMs) {
    Statement q(db_, "INSERT INTO jobs(kind, target, start_ms, status, pid, host) "
                     "VALUES(?,?,?,'running',?,?)");
    q.bind(1, kind).bind(2, target).bind(3, startMs);
    q.bind(4, qint64(::getpid())).bind(5, QSysInfo::machineHostName());
    if (!q.run())
        return -1;
    return sqlite3_last_insert_rowid(db_.handle());
}

void Catalog::finishJob(qint64 id, const QString& status, qint64 endMs, const QString& message,
                        const QString& log, const QJsonObject& result) {
    Statement q(db_, "UPDATE jobs SET status=?, end_ms=?, message=?, log=?, result=? WHERE id=?");
    q.bind(1, status).bind(2, endMs).bind(3, message).bind(4, log);
    if (result.isEmpty())
        q.bindNull(5);
    else
        q.bind(5, QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)));
    q.bind(6, id);
    // The job's outcome is returned to whoever ran it whatever happens here; a record left
    // "running" is marked interrupted by the next open.
    ignoreStatus(q.run(), "the outcome already reaches the caller");
}

QList<JobInfo> Catalog::jobs(int limit) {
    Statement q(db_, "SELECT id, kind, target, start_ms, end_ms, status, message, log, result "
                     "FROM jobs ORDER BY id DESC LIMIT ?");
    q.bind(1, qint64(limit));
    return readJobs(q, true);
}

QList<JobInfo> Catalog::backupJobs(int limit) {
    Statement q(db_, "SELECT id, kind, target, start_ms, end_ms, status, message FROM jobs "
                     "WHERE kind LIKE 'backup-%' OR kind LIKE 'scheduled-%' "
                     "OR kind = 'capture-rebase' ORDER BY id DESC LIMIT ?");
    q.bind(1, qint64(limit));
    return readJobs(q, false);
}

int Catalog::markInterruptedJobs(qint64 nowMs) {
    // Jobs of this machine whose process is gone: they were killed, never finished.
    Statement running(db_, "SELECT id, pid FROM jobs WHERE status='running' AND host=?");
    running.bind(1, QSysInfo::machineHostName());
    QList<qint64> dead;
    while (running.step() == SQLITE_ROW) {
        qint64 pid = running.int64(1);
        if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            dead << running.int64(0);
    }
    Statement mark(db_, "UPDATE jobs SET status='interrupted', end_ms=?, message=? WHERE id=?");
    for (qint64 id : dead) {
        mark.bind(1, nowMs)
            .bind(2, QStringLiteral("the process running this job ended before it finished"))
            .bind(3, id);
        // A job left "running" is only a display problem; the next open tries again.
        ignoreStatus(mark.run(), "best effort: retried at every open");
    }
    return int(dead.size());
}

} // namespace tidemark
