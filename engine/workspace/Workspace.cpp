#include "workspace/Workspace.h"

#include "backup/BackupEngine.h"
#include "capture/CaptureStore.h"
#include "catalog/RestorePlanner.h"
#include "core/Names.h"
#include "core/SqliteDb.h"
#include "restore/DamageAlert.h"
#include "retention/LtrStore.h"
#include "retention/Replicator.h"
#include "stretch/Stretch.h"
#include "vault/Locations.h"
#include "vault/MirroredLocation.h"
#include "workspace/CatalogSync.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUuid>

namespace tidemark {
namespace {
const QString kWorkspaceFile = QStringLiteral("workspace.json");

Result<QJsonObject> readConfig(const QString& dir) {
    auto bytes = FileSystem::posix().readFile(dir + QLatin1Char('/') + kWorkspaceFile);
    if (!bytes) {
        if (bytes.status().isNotFound())
            return Status::notFound(
                QStringLiteral("%1 is not a Tidemark workspace (run 'tidemark-cli init' first)")
                    .arg(dir));
        return bytes.status();
    }
    QJsonDocument doc = QJsonDocument::fromJson(*bytes);
    if (!doc.isObject() || doc.object().value(QStringLiteral("format")).toString() !=
                               QStringLiteral("tidemark-workspace"))
        return Status::corruption(QStringLiteral("%1/%2 is damaged").arg(dir, kWorkspaceFile));
    return doc.object();
}

// Facts about a SQLite file, read without writing to it.
struct FileFacts {
    QString journalMode;
    int pageSize = 0;
    qint64 size = 0;
    qint64 tables = 0;
};

Result<FileFacts> inspectDatabase(const QString& path) {
    QFileInfo info(path);
    if (!info.exists())
        return Status::notFound(QStringLiteral("%1 does not exist").arg(path));
    if (!info.isFile())
        return Status::invalidArgument(QStringLiteral("%1 is not a file").arg(path));
    // Immutable: only the main file is read, so no -wal or -shm appears beside a database that
    // has none. A database with a log is read through it: a checkpoint may be half-way, and
    // the main file alone is then not a consistent image.
    SqliteDb db;
    const bool hasLog = QFileInfo::exists(path + QStringLiteral("-wal"));
    QString uri = QUrl::fromLocalFile(info.absoluteFilePath()).toString(QUrl::FullyEncoded) +
                  (hasLog ? QString() : QStringLiteral("?immutable=1"));
    TM_TRY(db.open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX));
    Statement check(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
    if (!check.prepared() || check.step() != SQLITE_ROW) {
        if (sqlite3_errcode(db.handle()) == SQLITE_NOTADB)
            return Status::invalidArgument(QStringLiteral("%1 is not a SQLite database").arg(path));
        return db.error(QStringLiteral("reading %1").arg(path));
    }
    FileFacts facts;
    facts.tables = check.int64(0);
    // Header bytes 18 and 19 are 2 for a database in WAL mode, 1 for a rollback journal.
    sqlite3_file* file = nullptr;
    unsigned char header[20] = {};
    if (sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK &&
        file && file->pMethods->xRead(file, header, sizeof header, 0) == SQLITE_OK)
        facts.journalMode = header[18] == 2 ? QStringLiteral("wal") : QStringLiteral("delete");
    Statement size(db, "PRAGMA page_size");
    if (size.step() == SQLITE_ROW)
        facts.pageSize = int(size.int64(0));
    facts.size = info.size();
    return facts;
}

} // namespace

bool Workspace::existsAt(const QString& dir) {
    return QFileInfo::exists(dir + QLatin1Char('/') + kWorkspaceFile);
}

Result<std::unique_ptr<Workspace>> Workspace::create(const QString& dirIn, const QString& location,
                                                     const QByteArray* passphrase,
                                                     std::shared_ptr<const Clock> clock) {
    RedundancyConfig redundancy;
    if (!location.isEmpty())
        redundancy.locations << location;
    return create(dirIn, redundancy, passphrase, std::move(clock));
}

Result<std::unique_ptr<Workspace>> Workspace::create(const QString& dirIn,
                                                     RedundancyConfig redundancy,
                                                     const QByteArray* passphrase,
                                                     std::shared_ptr<const Clock> clock) {
    QString dir = QDir(dirIn).absolutePath();
    if (existsAt(dir))
        return Status::alreadyExists(QStringLiteral("%1 is already a workspace").arg(dir));
    if (redundancy.locations.isEmpty())
        redundancy.locations << dir + QStringLiteral("/vault");
    for (QString& l : redundancy.locations)
        l = normalizeLocation(l);
    redundancy.secondary = normalizeLocation(redundancy.secondary);
    TM_TRY(redundancy.validate());
    FileSystem& fs = FileSystem::posix();
    TM_TRY(fs.makeDirs(dir));
    auto primary = openLocation(redundancy.primary(), fs);
    if (!primary)
        return primary.status();
    std::shared_ptr<Vault> vault;
    if (Vault::existsAt(**primary)) {
        // Joining an existing vault (a new machine, or a rebuilt workspace).
        auto opened = Vault::open(*primary, passphrase);
        if (!opened)
            return opened.status();
        vault = *opened;
    } else {
        auto created = Vault::create(*primary, passphrase);
        if (!created)
            return created.status();
        vault = *created;
    }
    TM_TRY(initializeCopies(*vault, redundancy, fs));
    TM_TRY(writeConfig(dir, redundancy, vault->vaultId()));
    return open(dir, passphrase, std::move(clock));
}

Status Workspace::initializeCopies(const Vault& vault, const RedundancyConfig& redundancy,
                                   FileSystem& fs) {
    QStringList copies = redundancy.synchronousReplicas();
    if (redundancy.geo())
        copies << redundancy.secondary;
    for (const QString& spec : copies) {
        auto location = openLocation(spec, fs);
        if (!location)
            return location.status();
        TM_TRY(vault.initializeCopy(**location));
    }
    return Status::ok();
}

Status Workspace::writeConfig(const QString& dir, const RedundancyConfig& redundancy,
                              const QString& vaultId) {
    QJsonObject config = redundancy.toJson();
    config[QStringLiteral("format")] = QStringLiteral("tidemark-workspace");
    config[QStringLiteral("version")] = 1;
    config[QStringLiteral("vault_id")] = vaultId;
    return writeFileDurably(FileSystem::posix(), dir + QLatin1Char('/') + kWorkspaceFile,
                            QJsonDocument(config).toJson(QJsonDocument::Indented));
}

Status Workspace::openLocations(const RedundancyConfig& redundancy) {
    auto primary = openLocation(redundancy.primary(), *files_);
    if (!primary)
        return primary.status();
    std::vector<std::shared_ptr<Location>> replicas;
    for (const QString& spec : redundancy.synchronousReplicas()) {
        auto replica = openLocation(spec, *files_);
        if (!replica)
            return replica.status();
        replicas.push_back(*replica);
    }
    std::shared_ptr<Location> secondary;
    if (redundancy.geo()) {
        auto opened = openLocation(redundancy.secondary, *files_);
        if (!opened)
            return opened.status();
        secondary = *opened;
    }
    primary_ = *primary;
    replicas_ = std::move(replicas);
    secondary_ = std::move(secondary);
    return Status::ok();
}

std::shared_ptr<Location> Workspace::vaultLocation() const {
    if (replicas_.empty())
        return primary_;
    return std::make_shared<MirroredLocation>(primary_, replicas_);
}

Result<std::unique_ptr<Workspace>> Workspace::open(const QString& dirIn,
                                                   const QByteArray* passphrase,
                                                   std::shared_ptr<const Clock> clock,
                                                   FileSystem& fs) {
    QString dir = QDir(dirIn).absolutePath();
    auto config = readConfig(dir);
    if (!config)
        return config.status();
    RedundancyConfig redundancy = RedundancyConfig::fromJson(*config);
    if (redundancy.locations.isEmpty())
        return Status::corruption(QStringLiteral("the workspace names no vault location"));
    std::unique_ptr<Workspace> ws(new Workspace);
    ws->redundancy_ = redundancy;
    ws->files_ = &fs;
    TM_TRY(ws->openLocations(redundancy));
    auto vault = Vault::open(ws->vaultLocation(), passphrase);
    if (!vault && vault.status().isNotFound()) {
        // The primary location is gone: open the first surviving copy, read-only, so restores
        // (and geo-restore) still work. Backups are refused until the primary is back.
        std::vector<std::shared_ptr<Location>> survivors = ws->replicas_;
        if (ws->secondary_)
            survivors.push_back(ws->secondary_);
        for (const auto& survivor : survivors) {
            auto copy = Vault::open(survivor, passphrase);
            if (copy) {
                vault = copy;
                ws->degraded_ = QStringLiteral("the primary location %1 is unavailable; reading "
                                               "from %2")
                                    .arg(redundancy.primary(), survivor->url());
                break;
            }
        }
    }
    if (!vault)
        return vault.status();
    auto catalog = Catalog::open(dir + QStringLiteral("/catalog.db"));
    if (!catalog)
        return catalog.status();
    ws->dir_ = dir;
    ws->vault_ = *vault;
    ws->catalog_ = std::move(*catalog);
    ws->clock_ = std::move(clock);
    ws->pool_ = std::make_unique<WorkerPool>(std::max(2u, std::thread::hardware_concurrency()));
    // A crash after a manifest became durable but before the catalog was written leaves a
    // backup only the vault knows; take it in now.
    auto synced = syncCatalogFromVault(*ws->vault_, *ws->catalog_);
    if (!synced)
        return synced.status();
    ws->catalog_->markInterruptedJobs(ws->clock_->nowMs());
    return ws;
}

Status Workspace::setRedundancy(RedundancyConfig next) {
    next.denyGeo = redundancy_.denyGeo;
    for (QString& l : next.locations)
        l = normalizeLocation(l);
    if (next.locations.isEmpty())
        next.locations = QStringList{redundancy_.primary()};
    if (next.locations.first() != redundancy_.primary())
        return Status::invalidArgument(
            QStringLiteral("the primary location stays %1; name it first")
                .arg(redundancy_.primary()));
    next.secondary = normalizeLocation(next.secondary);
    TM_TRY(next.validate());
    TM_TRY(initializeCopies(*vault_, next, *files_));
    TM_TRY(writeConfig(dir_, next, vault_->vaultId()));
    // Future writes go to the new set of locations.
    redundancy_ = next;
    TM_TRY(openLocations(next));
    auto reopened = Vault::attach(vaultLocation(), *vault_);
    if (!reopened)
        return reopened.status();
    vault_ = *reopened;
    return Status::ok();
}

Status Workspace::setDenyGeo(bool deny) {
    if (deny && redundancy_.geo())
        return Status::invalidArgument(
            QStringLiteral(
                "the workspace uses %1, which is geo-redundant: switch to LRS or ZRS before "
                "denying geo-redundant backups")
                .arg(redundancyName(redundancy_.kind)));
    redundancy_.denyGeo = deny;
    return writeConfig(dir_, redundancy_, vault_->vaultId());
}

Result<DatabaseInfo> Workspace::addDatabase(const QString& name, const QString& file,
                                            qint64 maxSize, QString* warning) {
    return addDatabase(*catalog_, name, file, maxSize, warning);
}

Result<DatabaseInfo> Workspace::addDatabase(Catalog& catalog, const QString& name,
                                            const QString& file, qint64 maxSize, QString* warning) {
    TM_TRY(validateDatabaseName(name));
    if (catalog.findDatabase(name))
        return Status::alreadyExists(
            QStringLiteral("a database named '%1' is already registered").arg(name));
    QString path = QFileInfo(file).absoluteFilePath();
    for (const DatabaseInfo& other : catalog.databases()) {
        if (QFileInfo(other.file).canonicalFilePath() == QFileInfo(path).canonicalFilePath() &&
            !other.file.isEmpty() && QFileInfo::exists(path))
            return Status::alreadyExists(
                QStringLiteral("%1 is already protected as '%2'").arg(path, other.name));
    }
    auto facts = inspectDatabase(path);
    if (!facts)
        return facts.status();
    DatabaseInfo d;
    d.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    d.name = name;
    d.file = path;
    const qint64 gib = qint64(1) << 30;
    d.maxSize = maxSize >= 0 ? maxSize : std::max<qint64>(gib, (facts->size + gib - 1) / gib * gib);
    d.addedMs = clock_->nowMs();
    d.journalMode = facts->journalMode;
    d.pageSize = facts->pageSize;
    // The vault's record first: the catalog is only ever an index of what the vault holds.
    TM_TRY(vault_->writeDatabaseRecord(d.uuid, recordFromDatabase(d)));
    TM_TRY(catalog.addDatabase(d));
    // Registering an empty file is allowed (an application may create its tables later), but
    // nobody should learn what that means from a row of failed backups.
    if (warning && facts->tables == 0)
        *warning = QStringLiteral(
                       "%1 has no tables yet: its backups fail with 'nothing to back up', and it "
                       "shows as unprotected with an open alert, until the application creates "
                       "a table; the first backup after that protects it")
                       .arg(name);
    return d;
}

Status Workspace::changePassphrase(const QByteArray& passphrase) {
    TM_TRY(vault_->changePassphrase(passphrase));
    return copyConfigToSecondary();
}

Status Workspace::copyConfigToSecondary() const {
    if (secondary_ && Vault::existsAt(*secondary_)) {
        auto bytes = vault_->location().read(Vault::configObject());
        if (bytes)
            TM_TRY(secondary_->put(Vault::configObject(), *bytes));
    }
    return Status::ok();
}

Result<quint32> Workspace::rotateDataKey() {
    if (!degraded_.isEmpty())
        return Status::failed(
            QStringLiteral("the data key cannot be rotated while %1").arg(degraded_));
    auto rotated = vault_->rotateDataKey();
    if (!rotated)
        return rotated.status();
    vault_ = *rotated;
    TM_TRY(copyConfigToSecondary());
    return vault_->keys().currentDataKey();
}

Status Workspace::setMaxSize(const QString& name, qint64 maxSize) {
    auto db = catalog_->findDatabase(name);
    if (!db)
        return db.status();
    if (maxSize < 0)
        return Status::invalidArgument(QStringLiteral("the max data size cannot be negative"));
    db->maxSize = maxSize;
    QJsonObject record = recordFromDatabase(*db);
    record[QStringLiteral("policy")] = catalog_->policy(db->uuid).toJson();
    TM_TRY(vault_->writeDatabaseRecord(db->uuid, record));
    return catalog_->updateDatabase(*db);
}

Status Workspace::setPolicy(const QString& name, const BackupPolicy& policy) {
    auto db = catalog_->findDatabase(name);
    if (!db)
        return db.status();
    TM_TRY(policy.validate());
    QJsonObject record = recordFromDatabase(*db);
    record[QStringLiteral("policy")] = policy.toJson();
    TM_TRY(vault_->writeDatabaseRecord(db->uuid, record));
    return catalog_->setPolicy(db->uuid, policy);
}

Status Workspace::checkNewName(Catalog& catalog, const QString& newName) const {
    TM_TRY(validateDatabaseName(newName));
    if (catalog.findDatabase(newName))
        return Status::alreadyExists(
            QStringLiteral("a database named '%1' is already registered; restore to a new name")
                .arg(newName));
    return Status::ok();
}

void Workspace::registerRestored(Catalog& catalog, const QString& newName, const QString& file,
                                 const DatabaseInfo& source, qint64 restoredToMs, JobContext& job) {
    auto registered = addDatabase(catalog, newName, file, source.maxSize);
    if (!registered) {
        job.log(
            QStringLiteral("restored, but not registered: %1").arg(registered.status().message()));
        return;
    }
    if (Status noted =
            Stretch::noteRestore(catalog, source.uuid, source.name, registered->uuid, restoredToMs);
        !noted)
        job.log(QStringLiteral("restored, but its stretch configuration was not copied: %1")
                    .arg(noted.message()));
}

Result<BackupInfo> Workspace::backup(Catalog& catalog, const DatabaseInfo& database,
                                     BackupType type, JobContext& job,
                                     const BarrierHook& atBarrier) {
    if (!degraded_.isEmpty())
        return Status::failed(QStringLiteral("no backups while %1").arg(degraded_));
    BackupEngine engine(*vault_, catalog, *clock_, *pool_);
    auto made = engine.run(database, type, job, atBarrier);
    if (made && made->type == BackupType::Full) {
        auto ltr = copyToLtrIfSelected(*vault_, catalog, database, *made, clock_->nowMs());
        if (!ltr)
            job.log(QStringLiteral("long-term copy not made: %1").arg(ltr.status().message()));
        else if (ltr->has_value())
            job.log(QStringLiteral("kept as a long-term backup (%1) until %2")
                        .arg((*ltr)->kinds.join(u','), formatTime((*ltr)->expiresMs)));
    }
    return made;
}

Result<DatabaseInfo> Workspace::dropDatabase(Catalog& catalog, const QString& name,
                                             JobContext& job) {
    auto db = catalog.findDatabase(name);
    if (!db)
        return db.status();
    if (QFileInfo::exists(db->file) && !catalog.backups(db->uuid).isEmpty()) {
        auto last = backup(catalog, *db, BackupType::Log, job);
        if (!last)
            return last.status().context(QStringLiteral("the final log backup failed; %1 is "
                                                        "still protected")
                                             .arg(name));
    } else {
        job.log(QStringLiteral("no final backup: the file is gone or was never backed up"));
    }
    db->droppedMs = clock_->nowMs();
    QJsonObject record = recordFromDatabase(*db);
    record[QStringLiteral("policy")] = catalog.policy(db->uuid).toJson();
    TM_TRY(vault_->writeDatabaseRecord(db->uuid, record));
    TM_TRY(catalog.updateDatabase(*db));
    return *db;
}

Result<RestoreOutcome>
Workspace::runRestore(Catalog& catalog, const DatabaseInfo& source, const QString& newName,
                      JobContext& job,
                      const std::function<Result<RestoreOutcome>(Restorer&)>& run) {
    Restorer restorer(*vault_, *pool_, *files_);
    QStringList damaged;
    restorer.onDamagedPack = [&damaged](const QString& pack, const QString&) { damaged << pack; };
    auto outcome = run(restorer);
    if (!outcome && !damaged.isEmpty()) {
        // Reads check every object: a bad copy is repaired from a good one, then read again.
        VaultCopies copies = copiesOfVault();
        QStringList healed;
        for (const QString& pack : damaged)
            healed << healPack(*vault_, pack, copies);
        if (!healed.isEmpty()) {
            job.log(QStringLiteral("repaired from a redundant copy: %1").arg(healed.join(u", ")));
            damaged.clear();
            outcome = run(restorer);
        }
    }
    for (const QString& pack : damaged)
        if (Status marked = catalog.markPackDamaged(pack, clock_->nowMs(),
                                                    QStringLiteral("found by a restore"));
            !marked)
            job.log(
                QStringLiteral("could not record damaged pack %1: %2").arg(pack, marked.message()));
    if (!outcome)
        return outcome.status();
    registerRestored(catalog, newName, outcome->file, source, outcome->restoredToMs, job);
    job.log(QStringLiteral("restored %1 as of %2%3 into %4")
                .arg(source.name, formatTime(outcome->restoredToMs),
                     outcome->restoredToCommit >= 0
                         ? QStringLiteral(" (commit %1)").arg(outcome->restoredToCommit)
                         : QString(),
                     outcome->file));
    return outcome;
}

Workspace::Restorable Workspace::restorable(Catalog& catalog, const DatabaseInfo& database) const {
    Restorable r;
    QList<BackupInfo> backups = catalog.backups(database.uuid);
    r.window = RestorePlanner(backups).window();
    CommitPlanner commits(*vault_, backups, capture_store::segments(catalog, database.uuid));
    r.gaps = commits.gaps();
    r.latestCommit = commits.latest();
    if (r.latestCommit && !r.window.empty()) {
        r.window.latestMs = std::max(r.window.latestMs, r.latestCommit->stampMs);
        // Capture that read the log later and found nothing new vouches for the time since.
        auto state = capture_store::load(catalog, database.uuid);
        if (state && state->brokenSinceMs < 0 && state->lastCommit == r.latestCommit->number)
            r.window.latestMs = std::max(r.window.latestMs, state->updatedMs);
    }
    return r;
}

namespace {

RestoreRequest requestFor(RestoreRequest::Source source, const QString& database,
                          const QString& newName, const QString& file) {
    RestoreRequest request;
    request.source = source;
    request.database = database;
    request.newName = newName;
    request.file = file;
    return request;
}

} // namespace

Result<RestoreOutcome> Workspace::restoreToPoint(Catalog& catalog, const QString& name,
                                                 qint64 pointMs, const QString& newName,
                                                 const QString& file, JobContext& job,
                                                 bool dropped) {
    RestoreRequest request =
        requestFor(dropped ? RestoreRequest::Source::Dropped : RestoreRequest::Source::PointInTime,
                   name, newName, file);
    request.pointMs = pointMs;
    return restore(catalog, planRestore(catalog, request), job);
}

Result<Workspace::PointPlan> Workspace::planPoint(Catalog& catalog, const DatabaseInfo& source,
                                                  qint64 pointMs, bool dropped) const {
    QList<BackupInfo> backups = catalog.backups(source.uuid);
    Restorable span = restorable(catalog, source);
    // A dropped database restores up to its drop time: the final log backup holds that state.
    if (dropped && !span.window.empty() && pointMs > span.window.latestMs &&
        pointMs <= source.droppedMs)
        pointMs = span.window.latestMs;
    // Where commits were captured, the point resolves to the last commit at or before it,
    // unless a backup not tied to a commit is newer at that instant.
    CommitPlanner commits(*vault_, backups, capture_store::segments(catalog, source.uuid));
    if (commits.hasCommits() && !span.window.empty() && pointMs >= span.window.earliestMs &&
        pointMs <= span.window.latestMs) {
        auto point = commits.commitAt(pointMs);
        if (!point && point.status().code() == Status::Code::OutOfRange)
            return point.status();
        if (point) {
            qint64 untiedMs = -1;
            for (const BackupInfo& b : backups) {
                if (b.lastCommit < 0 && b.snapshotMs <= pointMs)
                    untiedMs = std::max(untiedMs, b.snapshotMs);
            }
            if (untiedMs <= point->stampMs) {
                auto sources = commits.sources(point->number);
                if (!sources)
                    return sources.status();
                PointPlan plan;
                plan.commit = point->number;
                plan.stateMs = point->stampMs;
                plan.backups = sources->chain + sources->logs;
                plan.segments = sources->segments;
                return plan;
            }
        }
    }
    auto chain = RestorePlanner(backups).planAt(pointMs);
    if (!chain)
        return chain.status();
    PointPlan plan;
    plan.stateMs = chain->last().snapshotMs;
    plan.backups = *chain;
    return plan;
}

Result<RestoreOutcome> Workspace::restoreToCommit(Catalog& catalog, const QString& name,
                                                  qint64 commit, const QString& newName,
                                                  const QString& file, JobContext& job,
                                                  bool dropped) {
    RestoreRequest request = requestFor(RestoreRequest::Source::Commit, name, newName, file);
    request.commit = commit;
    request.dropped = dropped;
    return restore(catalog, planRestore(catalog, request), job);
}

Result<RestoreOutcome> Workspace::restoreLtr(Catalog& catalog, const QString& ltrId,
                                             const QString& newName, const QString& file,
                                             JobContext& job) {
    RestoreRequest request = requestFor(RestoreRequest::Source::Ltr, QString(), newName, file);
    request.ltrId = ltrId;
    return restore(catalog, planRestore(catalog, request), job);
}

Result<RestoreOutcome> Workspace::restore(Catalog& catalog, const RestorePlan& plan,
                                          JobContext& job) {
    // Without a source there is nothing to name the new database after: the refusal says why.
    if (plan.database.uuid.isEmpty())
        return plan.refusal.isOk() ? Status::notFound(QStringLiteral("no source to restore"))
                                   : plan.refusal;
    TM_TRY(checkNewName(catalog, plan.request.newName));
    if (!plan.restorable())
        return plan.refusal;
    const QString& file = plan.request.file;
    if (plan.location == RestoreLocation::GeoSecondary)
        return restoreFromSecondary(catalog, plan, job);
    if (plan.commit < 0)
        return runRestore(catalog, plan.database, plan.request.newName, job,
                          [&](Restorer& r) { return r.restore(plan.chain, file, job); });
    CommitPlanner commits(*vault_, catalog.backups(plan.database.uuid),
                          capture_store::segments(catalog, plan.database.uuid));
    auto input = commits.plan(plan.commit);
    if (!input)
        return input.status();
    // The pages come from the planned backups only; anything else means the catalog moved on
    // (a purge, a new rebase) between planning and running.
    QSet<QString> planned;
    for (const BackupInfo& b : plan.chain)
        planned.insert(b.id);
    const bool sameSources =
        std::all_of(input->applied.begin(), input->applied.end(),
                    [&](const BackupInfo& b) { return planned.contains(b.id); });
    if (input->restoredToCommit != plan.commit || !sameSources)
        return Status::failed(QStringLiteral("the backups of %1 changed after the restore was "
                                             "planned; plan it again")
                                  .arg(plan.database.name));
    return runRestore(catalog, plan.database, plan.request.newName, job,
                      [&](Restorer& r) { return r.restore(*input, file, job); });
}

Result<ReplicationStatus> Workspace::replicate(Catalog& catalog) {
    if (!redundancy_.geo())
        return Status::invalidArgument(
            QStringLiteral("%1 has no secondary location to replicate to")
                .arg(redundancyName(redundancy_.kind)));
    return replicateToSecondary(*vault_, *secondary_, catalog, clock_->nowMs());
}

Result<ReplicationStatus> Workspace::replicationLag(Catalog& catalog) const {
    if (!secondary_)
        return Status::notFound(QStringLiteral("no secondary location"));
    return replicationStatus(*vault_, *secondary_, catalog, clock_->nowMs());
}

Result<RestoreOutcome> Workspace::restoreGeo(Catalog& catalog, const QString& name,
                                             const QString& newName, const QString& file,
                                             JobContext& job) {
    return restore(
        catalog, planRestore(catalog, requestFor(RestoreRequest::Source::Geo, name, newName, file)),
        job);
}

Result<RestoreOutcome> Workspace::restoreFromSecondary(Catalog& catalog, const RestorePlan& plan,
                                                       JobContext& job) {
    if (!secondary_)
        return Status::notFound(QStringLiteral("no secondary location"));
    auto secondary = Vault::attach(secondary_, *vault_);
    if (!secondary)
        return secondary.status();
    Restorer restorer(**secondary, *pool_, *files_);
    auto outcome = restorer.restore(plan.chain, plan.request.file, job);
    if (!outcome)
        return outcome.status();
    registerRestored(catalog, plan.request.newName, outcome->file, plan.database,
                     outcome->restoredToMs, job);
    job.log(QStringLiteral("geo-restored %1 from the secondary as of %2")
                .arg(plan.database.name, formatTime(outcome->restoredToMs)));
    return outcome;
}

VerifyReport Workspace::verify(Catalog& catalog, const QString& databaseUuid, JobContext& job) {
    VerifyReport report =
        verifyVault(*vault_, catalog, *pool_, databaseUuid, job, clock_->nowMs(), copiesOfVault());
    // Healing is news too: what was damaged, where, and that an intact copy replaced it.
    for (const HealedObject& healed : report.healed)
        job.log(QStringLiteral("HEALED from an intact copy: %1 (%2)")
                    .arg(healed.describe(), healed.kind));
    if (job.cancelled())
        return report;
    // Backups found intact again are restore points again; what is still affected after
    // healing is lost: say so, once, where people look.
    clearResolvedDamage(catalog, report, databaseUuid, clock_->nowMs(), job);
    recordUnhealedDamage(catalog, report, clock_->nowMs(), job);
    return report;
}

VaultCopies Workspace::copiesOfVault() const {
    VaultCopies copies;
    if (auto own = Vault::attach(primary_, *vault_))
        copies.own = *own;
    for (const auto& replica : replicas_) {
        if (auto c = Vault::attach(replica, *vault_))
            copies.synchronous << *c;
    }
    if (secondary_) {
        if (auto c = Vault::attach(secondary_, *vault_))
            copies.sources << *c;
    }
    return copies;
}

} // namespace tidemark
