#include "Stretch.h"

#include "Credentials.h"
#include "ErrorMessages.h"
#include "JobRunner.h"
#include "Reconciler.h"
#include "RemoteEndpoint.h"
#include "RemoteSnapshots.h"
#include "StretchSql.h"
#include "Workspace.h"

#include <QFileInfo>
#include <QUrl>

namespace tidemark {

struct Stretch::Session {
    DatabaseInfo db;
    StretchLink link;
    QList<StretchTableConfig> tables;
    SqliteDb conn;
    bool remoteAttached = false;
    QString remoteProblem;
};

namespace {

constexpr qint64 kHourMs = 3600 * 1000;

bool blocksMigration(const QString& state) {
    return state == QStringLiteral("pending") || state == QStringLiteral("running") ||
           state == QStringLiteral("failed");
}

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

} // namespace

Stretch::Stretch(Workspace& workspace, Catalog& catalog)
    : ws_(workspace), catalog_(catalog), store_(catalog) {}

Result<QByteArray> Stretch::secret(const QString& credential) {
    return openCredential(catalog_, ws_.vault().keys(), credential);
}

Status Stretch::createCredential(const QString& name, const QByteArray& secret) {
    return tidemark::createCredential(catalog_, ws_.vault().keys(), name, secret,
                                      ws_.clock().nowMs());
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
    TM_TRY(linkRemote(link.remoteFile, *key, db->uuid, db->name, ws_.clock().nowMs()));
    TM_TRY(ensureRemoteTable(link.remoteFile, *shape));
    TM_TRY(ensureLocalSchema(conn, *shape));
    StretchTableConfig config;
    config.databaseUuid = db->uuid;
    config.table = shape->name;
    config.predicate = parsed->text;
    config.batchRows = batchRows;
    config.enabledMs = ws_.clock().nowMs();
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
    const qint64 cutoff = ws_.clock().nowMs() - qint64(s.link.rpoHours) * kHourMs;
    for (const StretchTableConfig& t : s.tables) {
        auto shape = readTableShape(s.conn.handle(), QStringLiteral("main"), t.table);
        if (!shape)
            return shape.status();
        TM_TRY(ensureRemoteTable(s.link.remoteFile, *shape));
        TM_TRY(ensureLocalSchema(s.conn, *shape));
        auto predicate = parseStretchPredicate(t.predicate, shape->columns);
        if (!predicate)
            return predicate.status();
        Migrator migrator(s.conn, *shape, ws_.clock());
        auto recovered = migrator.recover();
        if (!recovered)
            return recovered.status();
        report.recovered += *recovered;
        while (!t.paused && (maxBatches <= 0 || report.batches < maxBatches)) {
            if (job.cancelled())
                return Status::cancelled();
            auto moved = migrator.runBatch(*predicate, t.batchRows);
            if (!moved)
                return moved.status();
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

Status Stretch::reauthorize(const QString& database, const QString& credential, bool withCopy) {
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
    if (withCopy) {
        target = remoteFileFor(QFileInfo(link->remoteFile).absolutePath(), db->uuid);
        if (target != link->remoteFile && !QFileInfo::exists(target)) {
            TM_TRY(verifyRemoteSecret(link->remoteFile, *key));
            TM_TRY(copyRemote(link->remoteFile, target));
        }
    }
    TM_TRY(linkRemote(target, *key, db->uuid, db->name, ws_.clock().nowMs()));
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
        Migrator migrator(s.conn, *shape, ws_.clock());
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
    report.startedMs = ws_.clock().nowMs();
    report.verified = true;
    TM_TRY(store_.putReconciliation((*s)->db.uuid, report));
    Status st = reconcileSession(**s, job, report);
    report.endedMs = ws_.clock().nowMs();
    if (!st) {
        ReconciliationReport failed;
        failed.state = QStringLiteral("failed");
        failed.restoredToMs = report.restoredToMs;
        failed.startedMs = report.startedMs;
        failed.endedMs = report.endedMs;
        failed.message = userMessage(st);
        store_.putReconciliation((*s)->db.uuid, failed);
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

Result<StretchStatus> Stretch::status(const QString& database) {
    auto s = openSession(database, true, false);
    if (!s)
        return s.status();
    Session& session = **s;
    StretchStatus out;
    out.database = session.db.name;
    out.enabled = !session.tables.isEmpty();
    out.linked = session.link.linked && session.remoteAttached;
    out.remoteFile = session.link.remoteFile;
    out.credential = session.link.credential;
    out.rpoHours = session.link.rpoHours;
    out.restoredFrom = session.link.restoredFrom;
    out.restoredToMs = session.link.restoredToMs;
    out.note = session.link.linked ? session.remoteProblem : session.link.note;
    out.reconciliation = store_.reconciliation(session.db.uuid);
    out.snapshots = store_.snapshots(session.db.uuid);
    out.recentBatches = listBatches(session.conn, 20);
    for (const StretchTableConfig& t : session.tables) {
        StretchTableStatus ts;
        ts.table = t.table;
        ts.predicate = t.predicate;
        ts.remoteFile = session.link.remoteFile;
        ts.batchRows = t.batchRows;
        ts.paused = t.paused;
        auto shape = readTableShape(session.conn.handle(), QStringLiteral("main"), t.table);
        if (!shape) {
            ts.state = QStringLiteral("missing");
            ts.lastError = shape.status().message();
            out.tables << ts;
            continue;
        }
        const QString table = quoteIdent(shape->name);
        ts.localRows = scalarStretchSql(session.conn,
                                        QStringLiteral("SELECT count(*) FROM main.%1").arg(table))
                           .value();
        if (auto p = parseStretchPredicate(t.predicate, shape->columns)) {
            auto eligible = scalarStretchSql(
                session.conn,
                QStringLiteral("SELECT count(*) FROM main.%1 WHERE %2").arg(table, p->whereSql),
                &*p);
            ts.eligibleRows = eligible ? *eligible : 0;
        }
        auto staging = scalarStretchSql(
            session.conn,
            QStringLiteral("SELECT count(*) FROM main.%1").arg(quoteIdent(shape->stagingTable())));
        ts.stagingRows = staging ? *staging : 0;
        if (session.remoteAttached) {
            auto remote = scalarStretchSql(
                session.conn, QStringLiteral("SELECT count(*) FROM remote.%1").arg(table));
            ts.remoteRows = remote ? *remote : -1;
        }
        for (const BatchStatus& b : out.recentBatches) {
            if (b.table == t.table && b.state == QStringLiteral("copying") && !b.error.isEmpty()) {
                ts.lastError = b.error;
                break;
            }
        }
        if (!out.linked)
            ts.state = QStringLiteral("not_linked");
        else if (blocksMigration(out.reconciliation.state))
            ts.state = QStringLiteral("reconciling");
        else if (t.paused)
            ts.state = QStringLiteral("paused");
        else if (!ts.lastError.isEmpty())
            ts.state = QStringLiteral("failing");
        else if (ts.eligibleRows > 0)
            ts.state = QStringLiteral("migrating");
        else
            ts.state = QStringLiteral("up_to_date");
        out.tables << ts;
    }
    return out;
}

Result<StretchQueryResult> Stretch::query(const QString& database, const QString& sql) {
    auto s = openSession(database, true, true);
    if (!s)
        return s.status();
    SqliteDb& conn = (*s)->conn;
    // Each stretch table's name resolves to a temporary view (temp is searched first) of its
    // local rows, its remote rows, and rows of a batch a crash left half-copied.
    for (const StretchTableConfig& t : (*s)->tables) {
        auto shape = readTableShape(conn.handle(), QStringLiteral("main"), t.table);
        if (!shape)
            return shape.status();
        const QString table = quoteIdent(shape->name);
        TM_TRY(execStretchSql(
            conn,
            QStringLiteral("CREATE TEMP VIEW %1 AS SELECT %2 FROM main.%1 UNION ALL SELECT "
                           "%2 FROM remote.%1 UNION ALL SELECT %3 FROM main.%4 s WHERE "
                           "s.tidemark_batch IN (SELECT id FROM main.%5 WHERE state = "
                           "'copying') AND NOT EXISTS (SELECT 1 FROM remote.%1 r WHERE %6 = "
                           "%7)")
                .arg(table, shape->columnList(), shape->columnList(QStringLiteral("s")),
                     quoteIdent(shape->stagingTable()), QLatin1String(kBatchesTable),
                     shape->keyTuple(QStringLiteral("r")), shape->keyTuple(QStringLiteral("s")))));
    }
    TM_TRY(conn.exec("PRAGMA query_only=1"));
    // Only reading: no attaching other files, no pragmas (query_only stays on).
    sqlite3_set_authorizer(
        conn.handle(),
        [](void*, int action, const char*, const char*, const char*, const char*) {
            return action == SQLITE_ATTACH || action == SQLITE_DETACH || action == SQLITE_PRAGMA
                       ? SQLITE_DENY
                       : SQLITE_OK;
        },
        nullptr);
    QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(conn.handle(), utf8.constData(), int(utf8.size()), &stmt, &tail) !=
        SQLITE_OK)
        return Status::invalidArgument(
            QStringLiteral("the query does not compile: %1").arg(conn.lastError()));
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(stmt, sqlite3_finalize);
    if (!stmt)
        return Status::invalidArgument(QStringLiteral("the query is empty"));
    if (tail && !QString::fromUtf8(tail).trimmed().isEmpty() &&
        QString::fromUtf8(tail).trimmed() != QStringLiteral(";"))
        return Status::invalidArgument(QStringLiteral("one statement at a time"));
    if (!sqlite3_stmt_readonly(stmt))
        return Status::invalidArgument(QStringLiteral("stretch query is read-only"));
    StretchQueryResult result;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c)
        result.columns << QString::fromUtf8(sqlite3_column_name(stmt, c));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        QVariantList row;
        for (int c = 0; c < int(result.columns.size()); ++c) {
            switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER:
                row << QVariant(qint64(sqlite3_column_int64(stmt, c)));
                break;
            case SQLITE_FLOAT:
                row << QVariant(sqlite3_column_double(stmt, c));
                break;
            case SQLITE_NULL:
                row << QVariant();
                break;
            case SQLITE_BLOB:
                row << QVariant(QByteArray(static_cast<const char*>(sqlite3_column_blob(stmt, c)),
                                           sqlite3_column_bytes(stmt, c)));
                break;
            default:
                row << QVariant(
                    QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c))));
            }
        }
        result.rows << row;
    }
    if (rc != SQLITE_DONE)
        return conn.error(QStringLiteral("running the query"));
    return result;
}

Result<RemoteSnapshot> Stretch::snapshot(const QString& database) {
    auto s = openSession(database, true, true);
    if (!s)
        return s.status();
    return takeRemoteSnapshot(ws_.vault(), store_, (*s)->db.uuid, (*s)->link.remoteFile,
                              ws_.clock().nowMs());
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
        return restoreRemoteSnapshot(ws_.vault(), snap, link->remoteFile);
    }
    return Status::notFound(
        QStringLiteral("no remote snapshot %1 of %2").arg(snapshotId, database));
}

qint64 Stretch::runPass(const std::function<void(const QString&)>& log) {
    const qint64 now = ws_.clock().nowMs();
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
            Status s = JobRunner::runNow(
                catalog_, ws_.clock(), QStringLiteral("stretch-reconcile"), db->name, context,
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
        if (auto expired = expireRemoteSnapshots(ws_.vault(), store_, db->uuid, now); !expired)
            log(QStringLiteral("%1 %2: remote snapshot expiry: %3")
                    .arg(formatTime(now), db->name, userMessage(expired.status())));
    }
    return next;
}

void Stretch::noteRestore(Catalog& catalog, const QString& sourceUuid, const QString& sourceName,
                          const QString& newUuid, qint64 restoredToMs) {
    StretchStore store(catalog);
    auto link = store.link(sourceUuid);
    if (!link)
        return;
    StretchLink copy = *link;
    copy.databaseUuid = newUuid;
    copy.linked = false;
    copy.restoredFrom = sourceName;
    copy.restoredToMs = restoredToMs;
    copy.note = QStringLiteral("restored from %1 as of %2; run 'tidemark-cli stretch reauthorize'")
                    .arg(sourceName, formatTime(restoredToMs));
    store.putLink(copy);
    for (StretchTableConfig t : store.tables(sourceUuid)) {
        t.databaseUuid = newUuid;
        store.putTable(t);
    }
    ReconciliationReport r;
    r.state = QStringLiteral("not_linked");
    r.restoredToMs = restoredToMs;
    store.putReconciliation(newUuid, r);
}

} // namespace tidemark
