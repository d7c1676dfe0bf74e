#include "restore/DamageAlert.h"

#include "catalog/Alerts.h"
#include "core/Clock.h"

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
    QString text = d.name + QStringLiteral(": ");
    if (!d.objects.isEmpty())
        text += QStringLiteral("no copy could heal %1; ").arg(d.objects.join(QStringLiteral(", ")));
    if (d.backups.isEmpty())
        return text.chopped(2);
    text += QStringLiteral("%1 backup(s) cannot be restored (%2); ")
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

// Lost objects no open damage alert of the database names yet.
QStringList notAlertedYet(Catalog& catalog, const QString& databaseUuid,
                          const QStringList& objects) {
    QStringList fresh = objects;
    for (const Alert& alert : listAlerts(catalog)) {
        if (alert.kind == QStringLiteral("damage") && alert.databaseUuid == databaseUuid)
            fresh.removeIf([&alert](const QString& o) { return alert.message.contains(o); });
    }
    return fresh;
}

} // namespace

void recordUnhealedDamage(Catalog& catalog, VerifyReport& report, qint64 nowMs, JobContext& job) {
    if (report.affectedBackups.isEmpty() && report.lostObjects.isEmpty())
        return;
    const QSet<QString> affected(report.affectedBackups.begin(), report.affectedBackups.end());
    for (const DatabaseInfo& db : catalog.databases(true)) {
        QList<BackupInfo> all = catalog.backups(db.uuid);
        DatabaseDamage d;
        d.uuid = db.uuid;
        d.name = db.name;
        for (const LostObject& o : report.lostObjects) {
            if (o.databaseUuid == db.uuid)
                d.objects << o.what;
        }
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
        if (d.backups.isEmpty() && d.objects.isEmpty())
            continue;
        d.window = RestorePlanner(usable).window();
        d.gaps = gapsOf(all, lost, d.window);
        const QString summary = describe(d);
        job.log(QStringLiteral("DAMAGE not healed: ") + summary);
        if (!fresh.isEmpty() || !notAlertedYet(catalog, db.uuid, d.objects).isEmpty()) {
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
    QSet<QString> withLostObjects;
    for (const LostObject& o : report.lostObjects)
        withLostObjects.insert(o.databaseUuid);
    for (const DatabaseInfo& db : catalog.databases(true)) {
        if (!databaseUuid.isEmpty() && db.uuid != databaseUuid)
            continue;
        QStringList intact;
        bool damaged = withLostObjects.contains(db.uuid);
        for (const BackupInfo& b : catalog.backups(db.uuid)) {
            if (affected.contains(b.id))
                damaged = true;
            else if (b.status == kUnusable)
                intact << b.id;
        }
        if (!intact.isEmpty()) {
            Status s = markBackupsUsable(
                catalog, intact,
                QStringLiteral("found intact again by verify at %1").arg(formatTime(nowMs)));
            if (s) {
                report.intactAgain << intact;
                job.log(QStringLiteral("INTACT AGAIN: %1: backups %2 were marked unusable and "
                                       "are intact now; they are restore points again")
                            .arg(db.name, intact.join(QStringLiteral(", "))));
            } else {
                job.log(QStringLiteral("could not mark backups %1 usable again: %2")
                            .arg(intact.join(QStringLiteral(", ")), s.message()));
                damaged = true;
            }
        }
        if (damaged)
            continue;
        for (const Alert& alert : listAlerts(catalog)) {
            if (alert.kind != QStringLiteral("damage") || alert.databaseUuid != db.uuid)
                continue;
            Status cleared = resolveAlert(
                catalog, alert.id, nowMs,
                QStringLiteral("cleared by verify at %1: nothing of %2 is damaged any more")
                    .arg(formatTime(nowMs), db.name));
            if (cleared) {
                report.clearedAlerts << alert.id;
                job.log(QStringLiteral("alert %1 cleared: nothing of %2 is damaged any more")
                            .arg(alert.id)
                            .arg(db.name));
            }
        }
    }
}

} // namespace tidemark
