#include "DamageAlert.h"

#include "Alerts.h"
#include "Clock.h"

namespace tidemark {
namespace {

// Runs of lost backups between restorable ones, as [first lost snapshot, next good snapshot).
QList<QPair<qint64, qint64>> gapsOf(const QList<BackupInfo>& all, const QSet<QString>& lost,
                                    const RestoreWindow& window) {
    QList<QPair<qint64, qint64>> gaps;
    qint64 start = -1;
    for (const BackupInfo& b : all) {
        if (lost.contains(b.id)) {
            if (start < 0)
                start = b.snapshotMs;
        } else if (start >= 0) {
            if (!window.empty() && start >= window.earliestMs && b.snapshotMs <= window.latestMs)
                gaps.append({start, b.snapshotMs});
            start = -1;
        }
    }
    return gaps;
}

QString describe(const DatabaseDamage& d) {
    QString text = QStringLiteral("%1: %2 backup(s) cannot be restored (%3); ")
                       .arg(d.name)
                       .arg(d.backups.size())
                       .arg(d.backups.join(QStringLiteral(", ")));
    if (d.window.empty())
        return text + QStringLiteral("nothing of it can be restored any more");
    text += QStringLiteral("restore window now %1 to %2")
                .arg(formatTime(d.window.earliestMs), formatTime(d.window.latestMs));
    for (const auto& gap : d.gaps)
        text += QStringLiteral("; no point from %1 to before %2")
                    .arg(formatTime(gap.first), formatTime(gap.second));
    return text;
}

} // namespace

void recordUnhealedDamage(Catalog& catalog, VerifyReport& report, qint64 nowMs, JobContext& job) {
    if (report.affectedBackups.isEmpty())
        return;
    const QSet<QString> affected(report.affectedBackups.begin(), report.affectedBackups.end());
    for (const DatabaseInfo& db : catalog.databases(true)) {
        QList<BackupInfo> all = catalog.backups(db.uuid);
        DatabaseDamage d;
        d.uuid = db.uuid;
        d.name = db.name;
        QStringList fresh;
        QList<BackupInfo> usable;
        QSet<QString> lost;
        for (const BackupInfo& b : all) {
            if (affected.contains(b.id) || b.status == kUnusable) {
                lost.insert(b.id);
                if (affected.contains(b.id))
                    d.backups << b.id;
                if (b.status != kUnusable)
                    fresh << b.id;
            } else {
                usable << b;
            }
        }
        if (d.backups.isEmpty())
            continue;
        d.window = RestorePlanner(usable).window();
        d.gaps = gapsOf(all, lost, d.window);
        const QString summary = describe(d);
        job.log(QStringLiteral("DAMAGE not healed: ") + summary);
        if (!fresh.isEmpty()) {
            Status marked = markBackupsUnusable(catalog, fresh,
                                                QStringLiteral("damaged beyond repair (found by "
                                                               "verify at %1)")
                                                    .arg(formatTime(nowMs)));
            if (!marked)
                job.log(QStringLiteral("could not mark the backups unusable: %1")
                            .arg(marked.message()));
            Alert alert;
            alert.atMs = nowMs;
            alert.kind = QStringLiteral("damage");
            alert.databaseUuid = db.uuid;
            alert.databaseName = db.name;
            alert.message = summary;
            alert.backups = d.backups;
            alert.earliestMs = d.window.earliestMs;
            alert.latestMs = d.window.latestMs;
            auto id = raiseAlert(catalog, alert);
            if (id) {
                d.alertId = *id;
                job.log(QStringLiteral("alert %1 raised").arg(*id));
            } else {
                job.log(
                    QStringLiteral("could not record the alert: %1").arg(id.status().message()));
            }
        }
        report.damage.append(d);
    }
}

void clearResolvedDamage(Catalog& catalog, VerifyReport& report, const QString& databaseUuid,
                         qint64 nowMs, JobContext& job) {
    const QSet<QString> affected(report.affectedBackups.begin(), report.affectedBackups.end());
    for (const DatabaseInfo& db : catalog.databases(true)) {
        if (!databaseUuid.isEmpty() && db.uuid != databaseUuid)
            continue;
        QStringList intact;
        bool stillUnusable = false;
        for (const BackupInfo& b : catalog.backups(db.uuid)) {
            if (b.status != kUnusable)
                continue;
            if (affected.contains(b.id))
                stillUnusable = true;
            else
                intact << b.id;
        }
        if (intact.isEmpty())
            continue;
        Status s = markBackupsUsable(
            catalog, intact,
            QStringLiteral("found intact again by verify at %1").arg(formatTime(nowMs)));
        if (!s) {
            job.log(QStringLiteral("could not mark backups %1 usable again: %2")
                        .arg(intact.join(QStringLiteral(", ")), s.message()));
            continue;
        }
        report.intactAgain << intact;
        job.log(QStringLiteral("INTACT AGAIN: %1: backups %2 were marked unusable and are intact "
                               "now; they are restore points again")
                    .arg(db.name, intact.join(QStringLiteral(", "))));
        if (stillUnusable)
            continue;
        for (const Alert& alert : listAlerts(catalog)) {
            if (alert.kind != QStringLiteral("damage") || alert.databaseUuid != db.uuid)
                continue;
            Status cleared =
                resolveAlert(catalog, alert.id, nowMs,
                             QStringLiteral("cleared by verify at %1: the backups are intact again")
                                 .arg(formatTime(nowMs)));
            if (cleared) {
                report.clearedAlerts << alert.id;
                job.log(QStringLiteral("alert %1 cleared: %2's backups are intact again")
                            .arg(alert.id)
                            .arg(db.name));
            }
        }
    }
}

} // namespace tidemark
