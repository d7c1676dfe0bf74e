#include "catalog/Catalog.h"

#include <QFileInfo>
#include <QSysInfo>

#include <QJsonDocument>
#include <cerrno>
#include <csignal>
#include <unistd.h>

#include <algorithm>

namespace tidemark {
namespace {

qint64 addressPrefix(const Digest& d) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | d[size_t(i)];
    return qint64(v);
}

BackupType typeFrom(const QString& s) {
    BackupType t = BackupType::Full;
    parseBackupType(s, &t);
    return t;
}

const char* kBackupColumns =
    "id, database_uuid, type, requested_type, base_id, full_id, start_ms, end_ms, snapshot_ms, "
    "page_size, page_count, logical_hash, logical_bytes, stored_bytes, status, note, "
    "first_commit, last_commit, gap_from_ms, gap_reason";

BackupInfo readBackup(const Statement& q) {
    BackupInfo b;
    b.id = q.text(0);
    b.databaseUuid = q.text(1);
    b.type = typeFrom(q.text(2));
    b.requestedType = typeFrom(q.text(3));
    b.baseId = q.text(4);
    b.fullId = q.text(5);
    b.startMs = q.int64(6);
    b.endMs = q.int64(7);
    b.snapshotMs = q.int64(8);
    b.pageSize = uint32_t(q.int64(9));
    b.pageCount = uint32_t(q.int64(10));
    b.logicalHash = q.text(11);
    b.logicalBytes = q.int64(12);
    b.storedBytes = q.int64(13);
    b.status = q.text(14);
    b.note = q.text(15);
    b.firstCommit = q.int64(16);
    b.lastCommit = q.int64(17);
    b.gapFromMs = q.int64(18);
    b.gapReason = q.text(19);
    return b;
}

DatabaseInfo readDatabase(const Statement& q) {
    DatabaseInfo d;
    d.uuid = q.text(0);
    d.name = q.text(1);
    d.file = q.text(2);
    d.maxSize = q.int64(3);
    d.addedMs = q.int64(4);
    d.droppedMs = q.isNull(5) ? -1 : q.int64(5);
    d.journalMode = q.text(6);
    d.pageSize = int(q.int64(7));
    return d;
}

const char* kDatabaseColumns =
    "uuid, name, file, max_size, added_ms, dropped_ms, journal_mode, page_size";

} // namespace

BackupInfo BackupInfo::fromManifest(const Manifest& m) {
    BackupInfo b;
    b.id = m.backupId;
    b.databaseUuid = m.databaseUuid;
    b.type = m.type;
    b.requestedType = m.requestedType;
    b.baseId = m.baseId;
    b.fullId = m.fullId;
    b.startMs = m.startMs;
    b.endMs = m.endMs;
    b.snapshotMs = m.snapshotMs;
    b.pageSize = m.pageSize;
    b.pageCount = m.pageCount;
    b.logicalHash = m.logicalHash;
    b.logicalBytes = m.logicalBytes;
    b.storedBytes = m.newBytes;
    b.status = QStringLiteral("succeeded");
    b.note = m.note;
    b.firstCommit = m.firstCommit;
    b.lastCommit = m.lastCommit;
    b.gapFromMs = m.gapFromMs;
    b.gapReason = m.gapReason;
    return b;
}

Result<std::unique_ptr<Catalog>> Catalog::open(const QString& path) {
    std::unique_ptr<Catalog> c(new Catalog);
    TM_TRY(c->db_.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX));
    sqlite3_busy_timeout(c->db_.handle(), 30000);
    TM_TRY(c->db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                       "PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;"));
    TM_TRY(c->migrate());
    return c;
}

Status Catalog::begin() {
    return db_.exec("BEGIN IMMEDIATE");
}
Status Catalog::commit() {
    return db_.exec("COMMIT");
}
void Catalog::rollback() {
    // Called after a failure the caller returns; a rollback that fails leaves SQLite to undo
    // the transaction when the connection closes.
    ignoreStatus(db_.exec("ROLLBACK"), "cleanup after a failure that is already returned");
}

Status Catalog::addDatabase(const DatabaseInfo& d) {
    Statement q(db_, "INSERT INTO databases(uuid, name, file, max_size, added_ms, dropped_ms, "
                     "journal_mode, page_size) VALUES(?,?,?,?,?,?,?,?)");
    q.bind(1, d.uuid).bind(2, d.name).bind(3, d.file).bind(4, d.maxSize).bind(5, d.addedMs);
    if (d.droppedMs >= 0)
        q.bind(6, d.droppedMs);
    else
        q.bindNull(6);
    q.bind(7, d.journalMode).bind(8, qint64(d.pageSize));
    int rc = q.step();
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Status::alreadyExists(
            QStringLiteral("a database named '%1' is already registered").arg(d.name));
    if (rc != SQLITE_DONE)
        return db_.error(QStringLiteral("registering %1").arg(d.name));
    return Status::ok();
}

Status Catalog::updateDatabase(const DatabaseInfo& d) {
    Statement q(db_, "UPDATE databases SET name=?, file=?, max_size=?, dropped_ms=?, "
                     "journal_mode=?, page_size=? WHERE uuid=?");
    q.bind(1, d.name).bind(2, d.file).bind(3, d.maxSize);
    if (d.droppedMs >= 0)
        q.bind(4, d.droppedMs);
    else
        q.bindNull(4);
    q.bind(5, d.journalMode).bind(6, qint64(d.pageSize)).bind(7, d.uuid);
    return q.run();
}

Result<DatabaseInfo> Catalog::findDatabase(const QString& name) {
    Statement q(db_, (QByteArray("SELECT ") + kDatabaseColumns +
                      " FROM databases WHERE name=? AND dropped_ms IS NULL")
                         .constData());
    q.bind(1, name);
    if (q.step() != SQLITE_ROW)
        return Status::notFound(QStringLiteral("no database named '%1' is registered").arg(name));
    return readDatabase(q);
}

Result<DatabaseInfo> Catalog::findDroppedDatabase(const QString& name) {
    Statement q(db_, (QByteArray("SELECT ") + kDatabaseColumns +
                      " FROM databases WHERE name=? AND dropped_ms IS NOT NULL "
                      "ORDER BY dropped_ms DESC LIMIT 1")
                         .constData());
    q.bind(1, name);
    if (q.step() != SQLITE_ROW)
        return Status::notFound(QStringLiteral("no dropped database named '%1'").arg(name));
    return readDatabase(q);
}

Result<DatabaseInfo> Catalog::databaseByUuid(const QString& uuid) {
    Statement q(
        db_,
        (QByteArray("SELECT ") + kDatabaseColumns + " FROM databases WHERE uuid=?").constData());
    q.bind(1, uuid);
    if (q.step() != SQLITE_ROW)
        return Status::notFound(QStringLiteral("unknown database %1").arg(uuid));
    return readDatabase(q);
}

QList<DatabaseInfo> Catalog::databases(bool includeDropped) {
    QByteArray sql = QByteArray("SELECT ") + kDatabaseColumns + " FROM databases" +
                     (includeDropped ? "" : " WHERE dropped_ms IS NULL") + " ORDER BY name";
    Statement q(db_, sql.constData());
    QList<DatabaseInfo> out;
    while (q.step() == SQLITE_ROW)
        out.append(readDatabase(q));
    return out;
}

Status Catalog::recordPacks(const std::vector<NewPack>& packs) {
    Statement insertPack(db_, "INSERT OR IGNORE INTO packs(name, size) VALUES(?, ?)");
    Statement packId(db_, "SELECT id FROM packs WHERE name=?");
    // Keyed by the address's first 64 bits: integer keys insert and look up faster than blob
    // keys. Two addresses sharing a prefix are rare; the second is then simply not indexed and
    // is stored again rather than deduplicated.
    Statement insertBlob(db_, "INSERT OR IGNORE INTO blobs(prefix, address, pack_id, blob) "
                              "VALUES(?,?,?,?)");
    for (const auto& p : packs) {
        insertPack.bind(1, p.name).bind(2, p.size);
        TM_TRY(insertPack.run());
        packId.bind(1, p.name);
        if (packId.step() != SQLITE_ROW)
            return db_.error(QStringLiteral("recording pack %1").arg(p.name));
        qint64 id = packId.int64(0);
        packId.reset();
        // Inserting in address order keeps the index's pages hot instead of touching a random
        // page per row.
        std::vector<uint32_t> order(p.addresses.size());
        for (uint32_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](uint32_t a, uint32_t b) { return p.addresses[a] < p.addresses[b]; });
        for (uint32_t i : order) {
            const Digest& a = p.addresses[i];
            insertBlob.bind(1, addressPrefix(a));
            sqlite3_bind_blob(insertBlob.handle(), 2, a.data(), 32, SQLITE_STATIC);
            insertBlob.bind(3, id).bind(4, qint64(i));
            TM_TRY(insertBlob.run());
        }
    }
    return Status::ok();
}

Status Catalog::recordBackup(const BackupInfo& b, const std::vector<NewPack>& packs,
                             const QStringList& referencedPacks) {
    TM_TRY(begin());
    Status s = recordPacks(packs);
    if (s)
        s = insertBackup(b);
    if (s)
        s = setBackupPacks(b.id, referencedPacks);
    if (s)
        s = commit();
    if (!s)
        rollback();
    return s;
}

Status Catalog::insertBackup(const BackupInfo& b) {
    {
        Statement q(db_, (QByteArray("INSERT OR REPLACE INTO backups(") + kBackupColumns +
                          ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                             .constData());
        q.bind(1, b.id).bind(2, b.databaseUuid).bind(3, backupTypeName(b.type));
        q.bind(4, backupTypeName(b.requestedType)).bind(5, b.baseId).bind(6, b.fullId);
        q.bind(7, b.startMs).bind(8, b.endMs).bind(9, b.snapshotMs);
        q.bind(10, qint64(b.pageSize)).bind(11, qint64(b.pageCount)).bind(12, b.logicalHash);
        q.bind(13, b.logicalBytes).bind(14, b.storedBytes).bind(15, b.status).bind(16, b.note);
        q.bind(17, b.firstCommit).bind(18, b.lastCommit).bind(19, b.gapFromMs);
        q.bind(20, b.gapReason);
        return q.run();
    }
}

QList<BackupInfo> Catalog::backups(const QString& databaseUuid) {
    Statement q(db_, (QByteArray("SELECT ") + kBackupColumns +
                      " FROM backups WHERE database_uuid=? ORDER BY snapshot_ms, id")
                         .constData());
    q.bind(1, databaseUuid);
    QList<BackupInfo> out;
    while (q.step() == SQLITE_ROW)
        out.append(readBackup(q));
    return out;
}

Result<BackupInfo> Catalog::backup(const QString& id) {
    Statement q(db_,
                (QByteArray("SELECT ") + kBackupColumns + " FROM backups WHERE id=?").constData());
    q.bind(1, id);
    if (q.step() != SQLITE_ROW)
        return Status::notFound(QStringLiteral("no backup %1").arg(id));
    return readBackup(q);
}

bool Catalog::hasBackup(const QString& id) {
    Statement q(db_, "SELECT 1 FROM backups WHERE id=?");
    q.bind(1, id);
    return q.step() == SQLITE_ROW;
}

bool Catalog::hasPack(const QString& name) {
    Statement q(db_, "SELECT 1 FROM packs WHERE name=?");
    q.bind(1, name);
    return q.step() == SQLITE_ROW;
}

int Catalog::backupCount() {
    Statement q(db_, "SELECT count(*) FROM backups");
    return q.step() == SQLITE_ROW ? int(q.int64(0)) : 0;
}

std::vector<uint64_t> Catalog::addressPrefixes() {
    std::vector<uint64_t> out;
    Statement q(db_, "SELECT prefix FROM blobs");
    while (q.step() == SQLITE_ROW)
        out.push_back(uint64_t(q.int64(0)));
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<BlobLocation> Catalog::findBlob(const Digest& address) {
    Statement q(db_, "SELECT p.name, b.blob FROM blobs b JOIN packs p ON p.id = b.pack_id "
                     "WHERE b.prefix = ? AND b.address = ?");
    q.bind(1, addressPrefix(address));
    q.bind(2, QByteArray(reinterpret_cast<const char*>(address.data()), 32));
    if (q.step() != SQLITE_ROW)
        return std::nullopt;
    return BlobLocation{q.text(0), uint32_t(q.int64(1))};
}

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

BackupPolicy Catalog::policy(const QString& databaseUuid) {
    Statement q(db_, "SELECT policy FROM policies WHERE database_uuid=?");
    q.bind(1, databaseUuid);
    if (q.step() != SQLITE_ROW)
        return BackupPolicy{};
    return BackupPolicy::fromJson(QJsonDocument::fromJson(q.text(0).toUtf8()).object());
}

Status Catalog::setPolicy(const QString& databaseUuid, const BackupPolicy& policy) {
    Statement q(db_, "INSERT OR REPLACE INTO policies(database_uuid, policy) VALUES(?, ?)");
    q.bind(1, databaseUuid)
        .bind(2, QString::fromUtf8(QJsonDocument(policy.toJson()).toJson(QJsonDocument::Compact)));
    return q.run();
}

Status Catalog::removeBackups(const QStringList& ids) {
    Statement q(db_, "DELETE FROM backups WHERE id=?");
    Statement refs(db_, "DELETE FROM backup_packs WHERE backup_id=?");
    for (const QString& id : ids) {
        q.bind(1, id);
        TM_TRY(q.run());
        refs.bind(1, id);
        TM_TRY(refs.run());
    }
    return Status::ok();
}

Status Catalog::setBackupPacks(const QString& backupId, const QStringList& packs) {
    Statement q(db_, "INSERT OR IGNORE INTO backup_packs(backup_id, pack) VALUES(?, ?)");
    for (const QString& p : packs) {
        q.bind(1, backupId).bind(2, p);
        TM_TRY(q.run());
    }
    return Status::ok();
}

QStringList Catalog::packsOf(const QString& backupId) {
    Statement q(db_, "SELECT pack FROM backup_packs WHERE backup_id=?");
    q.bind(1, backupId);
    QStringList out;
    while (q.step() == SQLITE_ROW)
        out << q.text(0);
    return out;
}

bool Catalog::packReferenced(const QString& pack) {
    Statement q(db_, "SELECT 1 FROM backup_packs WHERE pack=? LIMIT 1");
    q.bind(1, pack);
    return q.step() == SQLITE_ROW;
}

Status Catalog::doomPack(const QString& name, qint64 nowMs) {
    Statement blobs(db_, "DELETE FROM blobs WHERE pack_id=(SELECT id FROM packs WHERE name=?)");
    blobs.bind(1, name);
    TM_TRY(blobs.run());
    Statement pack(db_, "DELETE FROM packs WHERE name=?");
    pack.bind(1, name);
    TM_TRY(pack.run());
    Statement doom(db_, "INSERT OR IGNORE INTO doomed_packs(name, since_ms) VALUES(?, ?)");
    doom.bind(1, name).bind(2, nowMs);
    return doom.run();
}

qint64 Catalog::doomedSince(const QString& name) {
    Statement q(db_, "SELECT since_ms FROM doomed_packs WHERE name=?");
    q.bind(1, name);
    return q.step() == SQLITE_ROW ? q.int64(0) : -1;
}

Status Catalog::forgetDoomed(const QString& name) {
    Statement q(db_, "DELETE FROM doomed_packs WHERE name=?");
    q.bind(1, name);
    return q.run();
}

Status Catalog::addLtr(const LtrInfo& l) {
    Statement q(db_, "INSERT OR REPLACE INTO ltr_backups(id, database_uuid, database_name, "
                     "snapshot_ms, kinds, expires_ms, immutable_until_ms, stored_bytes, page_size, "
                     "page_count, logical_hash) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    q.bind(1, l.id).bind(2, l.databaseUuid).bind(3, l.databaseName).bind(4, l.snapshotMs);
    q.bind(5, l.kinds.join(u',')).bind(6, l.expiresMs).bind(7, l.immutableUntilMs);
    q.bind(8, l.storedBytes).bind(9, qint64(l.pageSize)).bind(10, qint64(l.pageCount));
    q.bind(11, l.logicalHash);
    return q.run();
}

QList<LtrInfo> Catalog::ltrBackups(const QString& databaseUuid) {
    Statement q(db_, "SELECT id, database_uuid, database_name, snapshot_ms, kinds, expires_ms, "
                     "immutable_until_ms, stored_bytes, page_size, page_count, logical_hash "
                     "FROM ltr_backups WHERE ?1 = '' OR database_uuid = ?1 ORDER BY snapshot_ms");
    q.bind(1, databaseUuid);
    QList<LtrInfo> out;
    while (q.step() == SQLITE_ROW) {
        LtrInfo l;
        l.id = q.text(0);
        l.databaseUuid = q.text(1);
        l.databaseName = q.text(2);
        l.snapshotMs = q.int64(3);
        l.kinds = q.text(4).split(u',', Qt::SkipEmptyParts);
        l.expiresMs = q.int64(5);
        l.immutableUntilMs = q.int64(6);
        l.storedBytes = q.int64(7);
        l.pageSize = uint32_t(q.int64(8));
        l.pageCount = uint32_t(q.int64(9));
        l.logicalHash = q.text(10);
        out.append(l);
    }
    return out;
}

Status Catalog::removeLtr(const QString& id) {
    Statement q(db_, "DELETE FROM ltr_backups WHERE id=?");
    q.bind(1, id);
    TM_TRY(q.run());
    return removeBackupPacks(ltrReference(id));
}

Status Catalog::removeBackupPacks(const QString& backupId) {
    Statement q(db_, "DELETE FROM backup_packs WHERE backup_id=?");
    q.bind(1, backupId);
    return q.run();
}

qint64 Catalog::holdSince(const QString& databaseUuid) {
    Statement q(db_, "SELECT since_ms FROM holds WHERE database_uuid=?");
    q.bind(1, databaseUuid);
    return q.step() == SQLITE_ROW ? q.int64(0) : -1;
}

Status Catalog::setHold(const QString& databaseUuid, qint64 sinceMs) {
    if (sinceMs < 0) {
        Statement q(db_, "DELETE FROM holds WHERE database_uuid=?");
        q.bind(1, databaseUuid);
        return q.run();
    }
    Statement q(db_, "INSERT OR REPLACE INTO holds(database_uuid, since_ms) VALUES(?, ?)");
    q.bind(1, databaseUuid).bind(2, sinceMs);
    return q.run();
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

Status Catalog::markPackDamaged(const QString& name, qint64 nowMs, const QString& reason) {
    Statement q(db_, "INSERT OR IGNORE INTO damaged_packs(name, since_ms, reason) VALUES(?,?,?)");
    q.bind(1, name).bind(2, nowMs).bind(3, reason);
    TM_TRY(q.run());
    // Out of the dedup index: no new backup may lean on it.
    Statement blobs(db_, "DELETE FROM blobs WHERE pack_id=(SELECT id FROM packs WHERE name=?)");
    blobs.bind(1, name);
    return blobs.run();
}

bool Catalog::isPackDamaged(const QString& name) {
    Statement q(db_, "SELECT 1 FROM damaged_packs WHERE name=?");
    q.bind(1, name);
    return q.step() == SQLITE_ROW;
}

Status Catalog::recordDrill(const QString& databaseUuid, qint64 pointMs, qint64 atMs,
                            qint64 durationMs, bool passed, const QString& message) {
    Statement q(db_, "INSERT INTO drills(database_uuid, point_ms, at_ms, duration_ms, passed, "
                     "message) VALUES(?,?,?,?,?,?)");
    q.bind(1, databaseUuid).bind(2, pointMs).bind(3, atMs).bind(4, durationMs);
    q.bind(5, qint64(passed ? 1 : 0)).bind(6, message);
    return q.run();
}

QList<DrillInfo> Catalog::drills(const QString& databaseUuid, int limit) {
    Statement q(db_, "SELECT point_ms, at_ms, duration_ms, passed, message FROM drills WHERE "
                     "database_uuid=? ORDER BY at_ms DESC, id DESC LIMIT ?");
    q.bind(1, databaseUuid).bind(2, qint64(limit));
    QList<DrillInfo> out;
    while (q.step() == SQLITE_ROW)
        out.append(DrillInfo{q.int64(0), q.int64(1), q.int64(2), q.int64(3) != 0, q.text(4)});
    return out;
}

QString Catalog::setting(const QString& key, const QString& fallback) {
    Statement q(db_, "SELECT value FROM settings WHERE key=?");
    q.bind(1, key);
    return q.step() == SQLITE_ROW ? q.text(0) : fallback;
}

Status Catalog::setSetting(const QString& key, const QString& value) {
    Statement q(db_, "INSERT OR REPLACE INTO settings(key, value) VALUES(?, ?)");
    q.bind(1, key).bind(2, value);
    return q.run();
}

} // namespace tidemark
