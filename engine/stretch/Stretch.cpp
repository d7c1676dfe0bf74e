#include "stretch/Stretch.h"

#include "catalog/Alerts.h"
#include "core/ErrorMessages.h"
#include "stretch/Credentials.h"
#include "stretch/Reconciler.h"
#include "stretch/RemoteEndpoint.h"
#include "stretch/StretchSession.h"
#include "stretch/StretchSql.h"
#include "vault/Vault.h"

#include <QFileInfo>
#include <QUrl>

namespace tidemark {

namespace {

constexpr qint64 kHourMs = 3600 * 1000;

QString uriFor(const QString& file, bool readOnly) {
    return QUrl::fromLocalFile(QFileInfo(file).absoluteFilePath()).toString(QUrl::FullyEncoded) +
           (readOnly ? QStringLiteral("?mode=ro") : QString());
}

Status refuseReservedNames(const TableShape& shape) {
    if (shape.name.startsWith(QStringLiteral("tidemark_stretch"), Qt::CaseInsensitive) ||
        shape.name.startsWith(QStringLiteral("sqlite_"), Qt::CaseInsensitive))
        return Status::invalidArgument(
            QStringLiteral("'%1' is an internal table and cannot be stretched").arg(shape.name));
    for (const QString& c : shape.columns) {
        if (c.startsWith(QStringLiteral("tidemark_"), Qt::CaseInsensitive))
            return Status::invalidArgument(
                QStringLiteral("the column name '%1' is reserved for stretch bookkeeping").arg(c));
    }
    return Status::ok();
}

// A key clash needs a person: raised once while it stays open, however often the agent retries.
void alertKeyClash(Catalog& catalog, const DatabaseInfo& db, const Status& clash, qint64 nowMs) {
    for (const Alert& open : listAlerts(catalog)) {
        if (open.kind == QStringLiteral("stretch") && open.databaseUuid == db.uuid &&
            open.message == clash.message())
            return;
    }
    Alert alert;
    alert.atMs = nowMs;
    alert.kind = QStringLiteral("stretch");
    alert.databaseUuid = db.uuid;
    alert.databaseName = db.name;
    alert.message = clash.message();
    // The alert is a second voice; the failed migration already reports the clash.
    ignoreStatus(raiseAlert(catalog, alert).status(), "the failed migration reports the clash");
}

} // namespace

Stretch::Stretch(const Vault& vault, const Clock& clock, Catalog& catalog)
    : vault_(vault), clock_(clock), catalog_(catalog), store_(catalog) {}

Result<QByteArray> Stretch::secret(const QString& credential) {
    return openCredential(catalog_, vault_.keys(), credential);
}

Status Stretch::createCredential(const QString& name, const QByteArray& secret) {
    return tidemark::createCredential(catalog_, vault_.keys(), name, secret, clock_.nowMs());
}

Result<std::unique_ptr<Stretch::Session>> Stretch::openSession(const QString& database,
                                                               bool readOnly, bool needRemote) {
    auto db = catalog_.findDatabase(database);
    if (!db)
        return db.status();
    auto link = store_.link(db->uuid);
    if (!link)
        return Status::notFound(QStringLiteral("%1 has no stretch tables (enable one with "
                                               "'tidemark-cli stretch enable')")
                                    .arg(database));
    auto s = std::make_unique<Session>();
    s->db = *db;
    s->link = *link;
    s->tables = store_.tables(db->uuid);
    int flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_URI |
                SQLITE_OPEN_NOMUTEX;
    if (!QFileInfo::exists(db->file))
        return Status::notFound(QStringLiteral("%1 does not exist").arg(db->file));
    TM_TRY(s->conn.open(uriFor(db->file, false), flags));
    // The application writes this file too: wait for its transactions instead of failing.
    sqlite3_busy_timeout(s->conn.handle(), 30000);
    TM_TRY(registerStretchFunctions(s->conn.handle()));
    Status remote = Status::ok();
    if (!link->linked) {
        remote = Status::failed(QStringLiteral("not linked: %1").arg(link->note));
    } else {
        auto key = secret(link->credential);
        remote = key ? checkRemoteLink(link->remoteFile, *key, db->uuid) : key.status();
    }
    if (remote) {
        StretchQuery attach(s->conn, QStringLiteral("ATTACH DATABASE :file AS remote"), nullptr,
                            {{":file", uriFor(link->remoteFile, readOnly)}});
        remote = attach.run();
        if (remote && !readOnly)
            remote = s->conn.exec("PRAGMA remote.synchronous=FULL");
    }
    if (!remote) {
        if (needRemote)
            return remote;
        s->remoteProblem = remote.message();
    }
    s->remoteAttached = remote.isOk();
    return s;
}

Status Stretch::enable(const QString& database, const QString& table, const QString& predicate,
                       const QString& remoteDir, const QString& credential, int batchRows) {
    if (batchRows < 1)
        return Status::invalidArgument(QStringLiteral("--batch-rows must be at least 1"));
    auto db = catalog_.findDatabase(database);
    if (!db)
        return db.status();
    auto key = secret(credential);
    if (!key)
        return key.status();
    SqliteDb conn;
    TM_TRY(conn.open(db->file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX));
    sqlite3_busy_timeout(conn.handle(), 30000);
    auto shape = readTableShape(conn.handle(), QStringLiteral("main"), table);
    if (!shape)
        return shape.status();
    TM_TRY(refuseReservedNames(*shape));
    auto parsed = parseStretchPredicate(predicate, shape->columns);
    if (!parsed)
        return parsed.status();
    // The predicate must also compile against the table (types, affinity).
    {
        StretchQuery check(conn,
                           QStringLiteral("SELECT count(*) FROM main.%1 WHERE %2 LIMIT 1")
                               .arg(quoteIdent(shape->name), parsed->whereSql),
                           &*parsed);
        TM_TRY(check.status());
    }
    StretchLink link;
    if (auto existing = store_.link(db->uuid)) {
        link = *existing;
        if (!link.linked)
            return Status::failed(
                QStringLiteral("%1 is not linked to its remote endpoint (%2); run 'tidemark-cli "
                               "stretch reauthorize %1' first")
                    .arg(database, link.note));
        if (QFileInfo(link.remoteFile).absolutePath() != QFileInfo(remoteDir).absoluteFilePath())
            return Status::invalidArgument(
                QStringLiteral("the stretch tables of %1 use the remote endpoint in %2; name the "
                               "same --remote")
                    .arg(database, QFileInfo(link.remoteFile).absolutePath()));
    } else {
        link.databaseUuid = db->uuid;
        link.remoteFile = remoteFileFor(remoteDir, db->uuid);
        link.rpoHours = kMinRpoHours;
    }
    link.credential = credential;
    link.linked = true;
    TM_TRY(linkRemote(link.remoteFile, *key, db->uuid, db->name, clock_.nowMs()));
    TM_TRY(ensureRemoteTable(link.remoteFile, *shape));
    TM_TRY(ensureLocalSchema(conn, *shape));
    StretchTableConfig config;
    config.databaseUuid = db->uuid;
    config.table = shape->name;
    config.predicate = parsed->text;
    config.batchRows = batchRows;
    config.enabledMs = clock_.nowMs();
    for (const StretchTableConfig& t : store_.tables(db->uuid)) {
        if (t.table == shape->name)
            config.paused = t.paused;
    }
    TM_TRY(store_.putLink(link));
    return store_.putTable(config);
}

Status Stretch::migrateSession(Session& s, int maxBatches, JobContext& job,
                               MigrationReport& report) {
    ReconciliationReport pending = store_.reconciliation(s.db.uuid);
    if (blocksMigration(pending.state))
        return Status::failed(QStringLiteral("reconciliation of %1 is %2; migration waits until "
                                             "it completes ('tidemark-cli stretch reconcile %1')")
                                  .arg(s.db.name, pending.state));
    const qint64 cutoff = clock_.nowMs() - qint64(s.link.rpoHours) * kHourMs;
    for (const StretchTableConfig& t : s.tables) {
        auto shape = readTableShape(s.conn.handle(), QStringLiteral("main"), t.table);
        if (!shape)
            return shape.status();
        TM_TRY(ensureRemoteTable(s.link.remoteFile, *shape));
        TM_TRY(ensureLocalSchema(s.conn, *shape));
        auto predicate = parseStretchPredicate(t.predicate, shape->columns);
        if (!predicate)
            return predicate.status();
        Migrator migrator(s.conn, *shape, clock_);
        auto stopped = [&](const Status& st) {
            if (!migrator.clashKey().isEmpty())
                alertKeyClash(catalog_, s.db, st, clock_.nowMs());
            return st;
        };
        auto recovered = migrator.recover();
        if (!recovered)
            return stopped(recovered.status());
        report.recovered += *recovered;
        while (!t.paused && (maxBatches <= 0 || report.batches < maxBatches)) {
            if (job.cancelled())
                return Status::cancelled();
            auto moved = migrator.runBatch(*predicate, t.batchRows);
            if (!moved)
                return stopped(moved.status());
            if (*moved == 0)
                break;
            ++report.batches;
            report.rows += *moved;
            job.setProgress(0.5, QStringLiteral("%1: %2 rows in %3 batches")
                                     .arg(t.table)
                                     .arg(report.rows)
                                     .arg(report.batches));
        }
        auto purged = migrator.purgeStaging(cutoff);
        if (!purged)
            return purged.status();
        report.purgedStaging += *purged;
    }
    return Status::ok();
}

Result<MigrationReport> Stretch::migrate(const QString& database, int maxBatches, JobContext& job) {
    auto s = openSession(database, false, true);
    if (!s)
        return s.status();
    MigrationReport report;
    Status st = migrateSession(**s, maxBatches, job, report);
    job.log(QStringLiteral("migrated %1 rows in %2 batches; %3 interrupted batches finished; %4 "
                           "staging rows past the RPO duration purged")
                .arg(report.rows)
                .arg(report.batches)
                .arg(report.recovered)
                .arg(report.purgedStaging));
    if (!st)
        return st;
    return report;
}

Status Stretch::setPaused(const QString& database, const QString& table, bool paused) {
    auto db = catalog_.findDatabase(database);
    if (!db)
        return db.status();
    bool found = false;
    for (StretchTableConfig t : store_.tables(db->uuid)) {
        if (!table.isEmpty() && t.table.compare(table, Qt::CaseInsensitive) != 0)
            continue;
        t.paused = paused;
        TM_TRY(store_.putTable(t));
        found = true;
    }
    if (!found)
        return Status::notFound(QStringLiteral("%1 has no stretch table %2").arg(database, table));
    return Status::ok();
}

Result<int> Stretch::rpoHours(const QString& database) {
    auto db = catalog_.findDatabase(database);
    if (!db)
        return db.status();
    auto link = store_.link(db->uuid);
    if (!link)
        return Status::notFound(QStringLiteral("%1 has no stretch tables").arg(database));
    return link->rpoHours;
}

Status Stretch::setRpoHours(const QString& database, int hours) {
    if (hours < kMinRpoHours)
        return Status::invalidArgument(
            QStringLiteral("the RPO duration is at least %1 hours (the remote endpoint is "
                           "snapshotted every 8 hours)")
                .arg(kMinRpoHours));
    auto db = catalog_.findDatabase(database);
    if (!db)
        return db.status();
    auto link = store_.link(db->uuid);
    if (!link)
        return Status::notFound(QStringLiteral("%1 has no stretch tables").arg(database));
    link->rpoHours = hours;
    return store_.putLink(*link);
}

Status Stretch::refuseLiveEndpoint(const DatabaseInfo& db, const QString& endpoint) {
    for (const StretchLink& other : store_.links()) {
        if (other.databaseUuid == db.uuid || other.remoteFile != endpoint || !other.linked)
            continue;
        auto owner = catalog_.databaseByUuid(other.databaseUuid);
        // A dropped or forgotten database has no claim on the endpoint any more.
        if (!owner || owner->droppedMs >= 0)
            continue;
        return Status::failed(
            QStringLiteral("the remote endpoint %1 is still linked to %2. Choose: --with-copy "
                           "(%3 gets its own copy of the endpoint and %2 keeps its link) or "
                           "--take-over (%3 takes the endpoint and %2 is unlinked until "
                           "reauthorized)")
                .arg(endpoint, owner->name, db.name));
    }
    return Status::ok();
}

Status Stretch::reauthorize(const QString& database, const QString& credential, Endpoint endpoint) {
    auto db = catalog_.findDatabase(database);
    if (!db)
        return db.status();
    auto link = store_.link(db->uuid);
    if (!link)
        return Status::notFound(QStringLiteral("%1 has no stretch tables").arg(database));
    auto key = secret(credential);
    if (!key)
        return key.status();
    QString target = link->remoteFile;
    if (endpoint == Endpoint::Relink) {
        // A wrong credential is the first thing to hear about.
        TM_TRY(verifyRemoteSecret(target, *key));
        TM_TRY(refuseLiveEndpoint(*db, target));
    }
    if (endpoint == Endpoint::WithCopy) {
        target = remoteFileFor(QFileInfo(link->remoteFile).absolutePath(), db->uuid);
        if (target != link->remoteFile && !QFileInfo::exists(target)) {
            TM_TRY(verifyRemoteSecret(link->remoteFile, *key));
            TM_TRY(copyRemote(link->remoteFile, target));
        }
    }
    TM_TRY(linkRemote(target, *key, db->uuid, db->name, clock_.nowMs()));
    // Whoever was linked to this endpoint before is not any more.
    for (StretchLink other : store_.links()) {
        if (other.databaseUuid == db->uuid || other.remoteFile != target || !other.linked)
            continue;
        other.linked = false;
        other.note = QStringLiteral("the remote endpoint was taken over by %1").arg(db->name);
        TM_TRY(store_.putLink(other));
    }
    link->remoteFile = target;
    link->credential = credential;
    link->linked = true;
    link->note.clear();
    TM_TRY(store_.putLink(*link));
    ReconciliationReport pending;
    pending.state = QStringLiteral("pending");
    pending.restoredToMs = link->restoredToMs;
    return store_.putReconciliation(db->uuid, pending);
}

Status Stretch::reconcileSession(Session& s, JobContext& job, ReconciliationReport& report) {
    for (const StretchTableConfig& t : s.tables) {
        auto shape = readTableShape(s.conn.handle(), QStringLiteral("main"), t.table);
        if (!shape)
            return shape.status();
        TM_TRY(ensureRemoteTable(s.link.remoteFile, *shape));
        TM_TRY(ensureLocalSchema(s.conn, *shape));
        // A batch the restore point caught half-way is finished first: its rows belong to the
        // table as of that point.
        Migrator migrator(s.conn, *shape, clock_);
        auto recovered = migrator.recover();
        if (!recovered)
            return recovered.status();
        TM_TRY(reconcileTable(s.conn, *shape, job, report));
    }
    return Status::ok();
}

Result<ReconciliationReport> Stretch::reconcile(const QString& database, JobContext& job) {
    auto s = openSession(database, false, true);
    if (!s)
        return s.status();
    ReconciliationReport report;
    report.state = QStringLiteral("running");
    report.restoredToMs = (*s)->link.restoredToMs;
    report.startedMs = clock_.nowMs();
    report.verified = true;
    TM_TRY(store_.putReconciliation((*s)->db.uuid, report));
    Status st = reconcileSession(**s, job, report);
    report.endedMs = clock_.nowMs();
    if (!st) {
        ReconciliationReport failed;
        failed.state = QStringLiteral("failed");
        failed.restoredToMs = report.restoredToMs;
        failed.startedMs = report.startedMs;
        failed.endedMs = report.endedMs;
        failed.message = userMessage(st);
        ignoreStatus(store_.putReconciliation((*s)->db.uuid, failed),
                     "the reconciliation's own error is returned");
        return st;
    }
    report.state = report.unrecoverable.isEmpty() ? QStringLiteral("completed")
                                                  : QStringLiteral("completed_with_losses");
    report.message =
        report.verified
            ? (report.unrecoverable.isEmpty()
                   ? QStringLiteral("local plus remote equal the table as of the restore point")
                   : QStringLiteral("local plus remote equal the table as of the restore point, "
                                    "except the unrecoverable rows"))
            : QStringLiteral("local plus remote differ from the table as of the restore point");
    if (!report.verified)
        report.state = QStringLiteral("failed");
    TM_TRY(store_.putReconciliation((*s)->db.uuid, report));
    return report;
}

Status Stretch::noteRestore(Catalog& catalog, const QString& sourceUuid, const QString& sourceName,
                            const QString& newUuid, qint64 restoredToMs) {
    StretchStore store(catalog);
    auto link = store.link(sourceUuid);
    if (!link)
        return Status::ok();
    StretchLink copy = *link;
    copy.databaseUuid = newUuid;
    copy.linked = false;
    copy.restoredFrom = sourceName;
    copy.restoredToMs = restoredToMs;
    copy.note = QStringLiteral("restored from %1 as of %2; run 'tidemark-cli stretch reauthorize'")
                    .arg(sourceName, formatTime(restoredToMs));
    TM_TRY(store.putLink(copy));
    for (StretchTableConfig t : store.tables(sourceUuid)) {
        t.databaseUuid = newUuid;
        TM_TRY(store.putTable(t));
    }
    ReconciliationReport r;
    r.state = QStringLiteral("not_linked");
    r.restoredToMs = restoredToMs;
    return store.putReconciliation(newUuid, r);
}

} // namespace tidemark
