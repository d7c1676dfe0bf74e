#include "stretch/Stretch.h"

#include "catalog/JobRecord.h"
#include "core/ErrorMessages.h"
#include "stretch/RemoteSnapshots.h"
#include "stretch/StretchSession.h"
#include "vault/Vault.h"

namespace tidemark {

Result<RemoteSnapshot> Stretch::snapshot(const QString& database) {
    auto s = openSession(database, true, true);
    if (!s)
        return s.status();
    return takeRemoteSnapshot(vault_, store_, (*s)->db.uuid, (*s)->link.remoteFile, clock_.nowMs());
}

Result<QList<RemoteSnapshot>> Stretch::snapshots(const QString& database) {
    auto db = catalog_.findDatabase(database);
    if (!db)
        return db.status();
    return store_.snapshots(db->uuid);
}

Status Stretch::restoreRemote(const QString& database, const QString& snapshotId) {
    auto db = catalog_.findDatabase(database);
    if (!db)
        return db.status();
    auto link = store_.link(db->uuid);
    if (!link)
        return Status::notFound(QStringLiteral("%1 has no stretch tables").arg(database));
    for (const RemoteSnapshot& snap : store_.snapshots(db->uuid)) {
        if (snap.id != snapshotId)
            continue;
        // Not linked from here on: nothing migrates into an endpoint that disagrees with the
        // database until reauthorize has reconciled them.
        link->linked = false;
        link->note = QStringLiteral("the remote endpoint was restored to its snapshot of %1; "
                                    "reauthorize to reconcile")
                         .arg(formatTime(snap.takenMs));
        TM_TRY(store_.putLink(*link));
        ReconciliationReport r;
        r.state = QStringLiteral("not_linked");
        TM_TRY(store_.putReconciliation(db->uuid, r));
        return restoreRemoteSnapshot(vault_, snap, link->remoteFile);
    }
    return Status::notFound(
        QStringLiteral("no remote snapshot %1 of %2").arg(snapshotId, database));
}

qint64 Stretch::runPass(const std::function<void(const QString&)>& log) {
    const qint64 now = clock_.nowMs();
    qint64 next = std::numeric_limits<qint64>::max();
    for (const StretchLink& link : store_.links()) {
        auto db = catalog_.databaseByUuid(link.databaseUuid);
        if (!db || db->droppedMs >= 0 || !link.linked)
            continue;
        // Idle databases are looked at every quarter hour, busy ones every minute.
        next = std::min(next, now + 15 * 60 * 1000);
        const QString state = store_.reconciliation(db->uuid).state;
        if (state == QStringLiteral("pending") || state == QStringLiteral("running")) {
            JobContext context;
            QString summary;
            Status s = runRecordedJob(
                catalog_, clock_, QStringLiteral("stretch-reconcile"), db->name, context,
                [this, &db](Catalog&, JobContext& job, QString* text) {
                    auto r = reconcile(db->name, job);
                    if (!r)
                        return r.status();
                    *text = r->message;
                    return Status::ok();
                },
                &summary);
            log(QStringLiteral("%1 %2: reconciliation: %3")
                    .arg(formatTime(now), db->name, s ? summary : userMessage(s)));
            continue;
        }
        if (blocksMigration(state))
            continue;
        JobContext context;
        auto migrated = migrate(db->name, 20, context);
        if (!migrated)
            log(QStringLiteral("%1 %2: stretch migration: %3")
                    .arg(formatTime(now), db->name, userMessage(migrated.status())));
        else if (migrated->rows > 0)
            log(QStringLiteral("%1 %2: migrated %3 rows to the remote endpoint")
                    .arg(formatTime(now), db->name)
                    .arg(migrated->rows));
        if (migrated && migrated->rows > 0)
            next = std::min(next, now + 60 * 1000);
        QList<RemoteSnapshot> snaps = store_.snapshots(db->uuid);
        if (snaps.isEmpty() || snaps.last().takenMs + kRemoteSnapshotIntervalMs <= now) {
            auto taken = snapshot(db->name);
            if (!taken)
                log(QStringLiteral("%1 %2: remote snapshot: %3")
                        .arg(formatTime(now), db->name, userMessage(taken.status())));
        }
        if (auto expired = expireRemoteSnapshots(vault_, store_, db->uuid, now); !expired)
            log(QStringLiteral("%1 %2: remote snapshot expiry: %3")
                    .arg(formatTime(now), db->name, userMessage(expired.status())));
    }
    return next;
}

} // namespace tidemark
