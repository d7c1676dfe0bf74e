#include "workspace/RestoreDrill.h"

#include "catalog/RestorePlanner.h"
#include "core/ErrorMessages.h"
#include "core/SqliteDb.h"
#include "workspace/Workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QUrl>

namespace tidemark {

Result<DrillResult> runRestoreDrill(Workspace& ws, Catalog& catalog, const QString& name,
                                    qint64 pointMs, JobContext& job) {
    auto db = catalog.findDatabase(name);
    if (!db)
        return db.status();
    RestoreWindow window = RestorePlanner(catalog.backups(db->uuid)).window();
    if (window.empty())
        return Status::notFound(QStringLiteral("%1 has no restorable backup to drill").arg(name));
    // A point outside the window is a question no backup can answer: bad input, not damage, so
    // nothing is restored and no failed drill is recorded.
    if (pointMs >= 0 && (pointMs < window.earliestMs || pointMs > window.latestMs))
        return Status::outOfRange(
            QStringLiteral("%1 is outside the restore window of %2 (%3 to %4): drill a point "
                           "inside it")
                .arg(formatTime(pointMs), name, formatTime(window.earliestMs),
                     formatTime(window.latestMs)));
    if (pointMs < 0)
        pointMs = window.earliestMs + qint64(QRandomGenerator::global()->bounded(
                                          double(window.latestMs - window.earliestMs + 1)));
    DrillResult result;
    result.database = name;
    result.pointMs = pointMs;
    QString scratch = ws.dir() + QStringLiteral("/scratch");
    QDir().mkpath(scratch);
    QString file =
        scratch + QStringLiteral("/drill-%1.db")
                      .arg(QString::number(QRandomGenerator::system()->generate64(), 16));
    QElapsedTimer timer;
    timer.start();
    auto plan = RestorePlanner(catalog.backups(db->uuid)).planAt(pointMs);
    Status s = plan.status();
    if (s) {
        Restorer restorer(ws.vault(), ws.pool(), ws.files());
        auto outcome = restorer.restore(*plan, file, job);
        s = outcome.status();
        if (outcome) {
            result.restoredToMs = outcome->restoredToMs;
            SqliteDb check;
            QString uri = QUrl::fromLocalFile(file).toString(QUrl::FullyEncoded) +
                          QStringLiteral("?immutable=1");
            if (check.open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI)) {
                Statement fk(check, "PRAGMA foreign_key_check");
                while (fk.step() == SQLITE_ROW)
                    ++result.foreignKeyViolations;
            }
        }
    }
    QFile::remove(file);
    // A drill someone stopped proved nothing either way: it is not a failed drill.
    if (s.isCancelled())
        return s;
    result.durationMs = timer.elapsed();
    result.passed = s.isOk();
    result.message =
        s ? QStringLiteral("restored %1 (point %2); integrity_check ok; logical hash matches; "
                           "%3 foreign key violation(s)")
                .arg(formatTime(result.restoredToMs), formatTime(pointMs))
                .arg(result.foreignKeyViolations)
          : userMessage(s);
    job.log(result.message);
    if (Status recorded = catalog.recordDrill(db->uuid, result.pointMs, ws.clock().nowMs(),
                                              result.durationMs, result.passed, result.message);
        !recorded)
        job.log(QStringLiteral("the drill could not be recorded: %1").arg(userMessage(recorded)));
    return result;
}

} // namespace tidemark
