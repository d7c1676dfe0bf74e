#include "backup/PageSnapshot.h"

#include "backup/LogicalHash.h"
#include "core/SqliteDb.h"

#include <QFileInfo>
#include <QHash>

#include <cstring>
#include <future>
#include <mutex>

namespace tidemark {
namespace {

// --- A write-only SQLite VFS whose main file forwards every page to a PageSink. -------------
// Only the backup destination is ever opened on it. Page 1 is kept because SQLite rereads and
// rewrites the header at commit; any other read-back would mean data the sink no longer has,
// so it fails loudly rather than returning zeros.

constexpr const char* kSinkVfsName = "tidemark-page-sink";

struct SinkRegistration {
    PageSink* sink = nullptr;
    uint32_t pageCount = 0;
    Status failure;
};

void put32(char* p, uint32_t v) {
    p[0] = char(v >> 24);
    p[1] = char(v >> 16);
    p[2] = char(v >> 8);
    p[3] = char(v);
}

// The header fields a copy rewrites, set the way SQLite's online backup sets them in a fresh
// file: change counter, schema cookie and version-valid-for 1, the page count, this library's
// version. Every snapshot, whichever way its pages were read, then has the same page 1 for the
// same content, so an unchanged database is recognised as unchanged.
void canonicalizeHeader(char* page, uint32_t pageCount) {
    put32(page + 24, 1);
    put32(page + 28, pageCount);
    put32(page + 40, 1);
    put32(page + 92, 1);
    put32(page + 96, uint32_t(sqlite3_libversion_number()));
}

Status deliver(SinkRegistration& reg, uint32_t pageNumber, const char* data, uint32_t size) {
    if (pageNumber != 1 || size < 100)
        return reg.sink->page(pageNumber, data, size);
    QByteArray first(data, qsizetype(size));
    canonicalizeHeader(first.data(), reg.pageCount);
    return reg.sink->page(1, first.constData(), size);
}

std::mutex gRegistryMutex;
QHash<QByteArray, SinkRegistration*> gRegistry;

struct SinkFile {
    sqlite3_file base;
    SinkRegistration* reg;
    QByteArray* firstPage;
    sqlite3_int64 size;
};

int sinkClose(sqlite3_file* f) {
    auto* sf = reinterpret_cast<SinkFile*>(f);
    delete sf->firstPage;
    sf->firstPage = nullptr;
    return SQLITE_OK;
}

int sinkRead(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
    auto* sf = reinterpret_cast<SinkFile*>(f);
    if (offset >= sf->size) {
        std::memset(out, 0, size_t(amount));
        return SQLITE_IOERR_SHORT_READ;
    }
    if (sf->firstPage && offset + amount <= sf->firstPage->size()) {
        std::memcpy(out, sf->firstPage->constData() + offset, size_t(amount));
        return SQLITE_OK;
    }
    return SQLITE_IOERR_READ;
}

int sinkWrite(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
    auto* sf = reinterpret_cast<SinkFile*>(f);
    if (!sf->reg || amount <= 0 || offset % amount != 0)
        return SQLITE_IOERR_WRITE;
    if (offset == 0) {
        if (!sf->firstPage)
            sf->firstPage = new QByteArray;
        *sf->firstPage = QByteArray(static_cast<const char*>(data), amount);
    }
    uint32_t page = uint32_t(offset / amount) + 1;
    Status s = deliver(*sf->reg, page, static_cast<const char*>(data), uint32_t(amount));
    if (!s) {
        sf->reg->failure = s;
        return SQLITE_IOERR_WRITE;
    }
    sf->size = std::max(sf->size, offset + amount);
    return SQLITE_OK;
}

int sinkTruncate(sqlite3_file* f, sqlite3_int64 size) {
    reinterpret_cast<SinkFile*>(f)->size = size;
    return SQLITE_OK;
}
int sinkSync(sqlite3_file*, int) {
    return SQLITE_OK;
}
int sinkFileSize(sqlite3_file* f, sqlite3_int64* size) {
    *size = reinterpret_cast<SinkFile*>(f)->size;
    return SQLITE_OK;
}
int sinkLock(sqlite3_file*, int) {
    return SQLITE_OK;
}
int sinkCheckReserved(sqlite3_file*, int* out) {
    *out = 0;
    return SQLITE_OK;
}
int sinkFileControl(sqlite3_file*, int, void*) {
    return SQLITE_NOTFOUND;
}
int sinkSectorSize(sqlite3_file*) {
    return 4096;
}
int sinkDeviceCharacteristics(sqlite3_file*) {
    return 0;
}

const sqlite3_io_methods kSinkMethods = {
    1,
    sinkClose,
    sinkRead,
    sinkWrite,
    sinkTruncate,
    sinkSync,
    sinkFileSize,
    sinkLock,
    sinkLock,
    sinkCheckReserved,
    sinkFileControl,
    sinkSectorSize,
    sinkDeviceCharacteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

int vfsOpen(sqlite3_vfs*, const char* name, sqlite3_file* f, int, int* outFlags) {
    auto* sf = reinterpret_cast<SinkFile*>(f);
    std::memset(sf, 0, sizeof *sf);
    {
        std::lock_guard<std::mutex> lock(gRegistryMutex);
        sf->reg = name ? gRegistry.value(QByteArray(name)) : nullptr;
    }
    // Journals and temporary files are never needed (journal_mode=OFF); a sink without a
    // registration discards writes and reads as empty.
    sf->base.pMethods = &kSinkMethods;
    if (outFlags)
        *outFlags = 0;
    return SQLITE_OK;
}
int vfsDelete(sqlite3_vfs*, const char*, int) {
    return SQLITE_OK;
}
int vfsAccess(sqlite3_vfs*, const char*, int, int* out) {
    *out = 0;
    return SQLITE_OK;
}
int vfsFullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
    sqlite3_snprintf(n, out, "%s", name);
    return SQLITE_OK;
}
int vfsRandomness(sqlite3_vfs*, int n, char* out) {
    std::memset(out, 0, size_t(n));
    return n;
}
int vfsSleep(sqlite3_vfs*, int micro) {
    return micro;
}
int vfsCurrentTime(sqlite3_vfs* vfs, double* out) {
    sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
    return base->xCurrentTime(base == vfs ? nullptr : base, out);
}
int vfsLastError(sqlite3_vfs*, int, char*) {
    return 0;
}

void registerSinkVfs() {
    static std::once_flag once;
    std::call_once(once, [] {
        static sqlite3_vfs vfs{};
        vfs.iVersion = 1;
        vfs.szOsFile = sizeof(SinkFile);
        vfs.mxPathname = 512;
        vfs.zName = kSinkVfsName;
        vfs.xOpen = vfsOpen;
        vfs.xDelete = vfsDelete;
        vfs.xAccess = vfsAccess;
        vfs.xFullPathname = vfsFullPathname;
        vfs.xRandomness = vfsRandomness;
        vfs.xSleep = vfsSleep;
        vfs.xCurrentTime = vfsCurrentTime;
        vfs.xGetLastError = vfsLastError;
        sqlite3_vfs_register(&vfs, 0);
    });
}

class ScopedRegistration {
public:
    ScopedRegistration(QByteArray name, SinkRegistration* reg) : name_(std::move(name)) {
        std::lock_guard<std::mutex> lock(gRegistryMutex);
        gRegistry.insert(name_, reg);
    }
    ~ScopedRegistration() {
        std::lock_guard<std::mutex> lock(gRegistryMutex);
        gRegistry.remove(name_);
    }

private:
    QByteArray name_;
};

Result<QString> queryText(SqliteDb& db, const char* sql) {
    Statement q(db, sql);
    if (q.step() != SQLITE_ROW)
        return db.error(QString::fromLatin1(sql));
    return q.text(0);
}

} // namespace

namespace {

// Starts a read transaction: the first read pins the snapshot.
Status beginRead(SqliteDb& db, const QString& path) {
    TM_TRY(db.exec("BEGIN"));
    Statement probe(db, "SELECT count(*) FROM sqlite_schema");
    if (probe.step() != SQLITE_ROW) {
        if (sqlite3_errcode(db.handle()) == SQLITE_NOTADB)
            return Status::invalidArgument(QStringLiteral("%1 is not a SQLite database").arg(path));
        return db.error(QStringLiteral("reading %1").arg(path));
    }
    return Status::ok();
}

// Opens a second reader on exactly the snapshot of the first: a connection takes the write
// lock (BEGIN IMMEDIATE, which writes nothing) so no commit can land while both readers start,
// then lets go. Writers wait for a moment at most. Fails softly (returns false) where the file
// cannot be opened for writing; the caller then hashes on the first connection.
bool openTwinReader(const QString& path, SqliteDb& first, SqliteDb& twin,
                    const std::function<Status()>& atBarrier, Status* error) {
    SqliteDb barrier;
    if (!barrier.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)) {
        if (atBarrier)
            *error = Status::failed(QStringLiteral("%1 cannot be opened for a write-lock "
                                                   "barrier, which continuous capture needs")
                                        .arg(path));
        return false;
    }
    // Closing this connection must never checkpoint the user's database.
    sqlite3_db_config(barrier.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_busy_timeout(barrier.handle(), 10000);
    if (Status locked = barrier.exec("BEGIN IMMEDIATE"); !locked) {
        if (atBarrier)
            *error = locked;
        return false;
    }
    Status s = beginRead(first, path);
    if (s && twin.open(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX))
        s = beginRead(twin, path);
    else if (s)
        s = Status::ioError(QStringLiteral("cannot open %1 a second time").arg(path));
    if (s && atBarrier)
        s = atBarrier();
    ignoreStatus(barrier.exec("ROLLBACK"), "releases the barrier's lock; closing does too");
    if (!s) {
        *error = s;
        return false;
    }
    return true;
}

// True when the main file alone holds the snapshot the caller's read transaction pins.
// Rollback journal: the shared lock keeps writers out. WAL: with an empty or absent log the
// reader reads only the main file, and no checkpoint can write it while that reader lasts.
// stat() only: opening and closing a descriptor here would drop the process's locks.
bool fileHoldsSnapshot(const QString& path, const QString& journalMode) {
    if (journalMode != QStringLiteral("wal"))
        return journalMode != QStringLiteral("memory") && journalMode != QStringLiteral("off");
    QFileInfo wal(path + QStringLiteral("-wal"));
    return !wal.exists() || wal.size() == 0;
}

using StartHash = std::function<void()>;

Status readMainFile(SqliteDb& source, const SnapshotResult& shape, SinkRegistration& reg,
                    const SnapshotOptions& options, const StartHash& startHash) {
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(source.handle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) !=
            SQLITE_OK ||
        !file || !file->pMethods)
        return Status::failed(QStringLiteral("cannot reach the database file"));
    const uint32_t pagesPerRead = std::max<uint32_t>(1, (1u << 20) / shape.pageSize);
    QByteArray buffer(qsizetype(pagesPerRead) * shape.pageSize, Qt::Uninitialized);
    for (uint32_t first = 1; first <= shape.pageCount; first += pagesPerRead) {
        uint32_t count = std::min(pagesPerRead, shape.pageCount - first + 1);
        int rc = file->pMethods->xRead(file, buffer.data(), int(count * shape.pageSize),
                                       sqlite3_int64(first - 1) * shape.pageSize);
        if (rc != SQLITE_OK)
            return Status::ioError(QStringLiteral("reading the database file failed (%1)")
                                       .arg(QString::fromUtf8(sqlite3_errstr(rc))));
        for (uint32_t i = 0; i < count; ++i)
            TM_TRY(deliver(reg, first + i, buffer.constData() + size_t(i) * shape.pageSize,
                           shape.pageSize));
        if (options.contentChanged && options.contentChanged())
            startHash();
        if (options.progress)
            options.progress(first + count - 1, shape.pageCount);
        if (options.cancel && options.cancel->load())
            return Status::cancelled();
    }
    return Status::ok();
}

// Everything else: SQLite's online backup copies the snapshot page by page into a destination
// whose file is the sink.
Status copyThroughBackupApi(SqliteDb& source, const QString& databasePath,
                            const SnapshotResult& shape, PageSink& sink,
                            const SnapshotOptions& options, const StartHash& startHash) {
    static std::atomic<quint64> counter{0};
    QByteArray sinkName = "tidemark-sink-" + QByteArray::number(++counter);
    SinkRegistration reg;
    reg.sink = &sink;
    reg.pageCount = shape.pageCount;
    ScopedRegistration registration(sinkName, &reg);

    SqliteDb destination;
    TM_TRY(destination.open(QString::fromLatin1(sinkName),
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            kSinkVfsName));
    TM_TRY(destination.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                            "PRAGMA cache_size=-4096; PRAGMA locking_mode=EXCLUSIVE;"));
    sqlite3_backup* backup =
        sqlite3_backup_init(destination.handle(), "main", source.handle(), "main");
    if (!backup)
        return destination.error(QStringLiteral("starting the snapshot"));
    // Steps share the caller's read transaction, so the image stays consistent while the loop
    // reports progress and checks for cancellation between steps.
    constexpr int kPagesPerStep = 512;
    int rc;
    do {
        rc = sqlite3_backup_step(backup, kPagesPerStep);
        if (options.contentChanged && options.contentChanged())
            startHash();
        if (options.progress)
            options.progress(
                uint32_t(sqlite3_backup_pagecount(backup) - sqlite3_backup_remaining(backup)),
                uint32_t(sqlite3_backup_pagecount(backup)));
        if (options.cancel && options.cancel->load() && rc == SQLITE_OK) {
            sqlite3_backup_finish(backup);
            return Status::cancelled();
        }
    } while (rc == SQLITE_OK);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        if (!reg.failure.isOk())
            return reg.failure;
        return Status::failed(QStringLiteral("copying pages of %1: %2")
                                  .arg(databasePath, QString::fromUtf8(sqlite3_errstr(rc))));
    }
    destination.close();
    return reg.failure;
}

} // namespace

Result<SnapshotResult> takeSnapshot(const QString& databasePath, PageSink& sink,
                                    const SnapshotOptions& options) {
    registerSinkVfs();
    if (!QFileInfo(databasePath).isFile())
        return Status::notFound(
            QStringLiteral("database file %1 does not exist").arg(databasePath));

    SqliteDb source;
    TM_TRY(source.open(databasePath, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX));
    sqlite3_busy_timeout(source.handle(), 10000);
    SqliteDb twin;
    Status twinError;
    bool haveTwin = openTwinReader(databasePath, source, twin, options.atBarrier, &twinError);
    if (!twinError.isOk())
        return twinError;
    if (!haveTwin) {
        source.close();
        TM_TRY(source.open(databasePath, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX));
        sqlite3_busy_timeout(source.handle(), 10000);
        TM_TRY(beginRead(source, databasePath));
    }
    auto cleanup = qScopeGuard([&] {
        ignoreStatus(source.exec("ROLLBACK"), "ends a read transaction; closing does too");
        if (haveTwin)
            ignoreStatus(twin.exec("ROLLBACK"), "ends a read transaction; closing does too");
    });

    // Everything below sees the one committed state pinned above.
    SnapshotResult result;
    result.snapshotMs =
        options.clock ? options.clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
    Statement tables(source, "SELECT count(*) FROM sqlite_schema WHERE type='table' "
                             "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    if (tables.step() != SQLITE_ROW)
        return source.error(QStringLiteral("reading %1").arg(databasePath));
    if (tables.int64(0) == 0)
        return Status::invalidArgument(
            QStringLiteral("%1 has no tables: there is nothing to back up").arg(databasePath));
    auto mode = queryText(source, "PRAGMA journal_mode");
    if (!mode)
        return mode.status();
    result.journalMode = mode->toLower();
    Statement pages(source, "PRAGMA page_count");
    Statement size(source, "PRAGMA page_size");
    if (pages.step() != SQLITE_ROW || size.step() != SQLITE_ROW)
        return source.error(QStringLiteral("reading %1").arg(databasePath));
    result.pageCount = uint32_t(pages.int64(0));
    result.pageSize = uint32_t(size.int64(0));

    // The content hash runs on the twin reader's own thread while pages are copied; it starts
    // once the consumer says the content changed (an unchanged database keeps its hash).
    std::atomic<bool> stopHash{false};
    std::future<Result<QString>> hashing;
    auto startHash = [&] {
        if (haveTwin && !hashing.valid())
            hashing = std::async(std::launch::async, [&twin, &stopHash] {
                return computeLogicalHash(twin.handle(), &stopHash);
            });
    };
    auto stopHashing = qScopeGuard([&] {
        stopHash.store(true);
        if (hashing.valid())
            hashing.wait();
    });
    if (!options.contentChanged)
        startHash();

    // Where the snapshot is exactly the main file (a rollback-journal database under our shared
    // lock, or a WAL database whose log is empty, read while our reader pins it), pages are read
    // straight from it in large blocks through SQLite's own file handle: no second descriptor
    // (closing one would drop this process's locks on the file) and no copy through two pagers.
    if (fileHoldsSnapshot(databasePath, result.journalMode)) {
        SinkRegistration direct;
        direct.sink = &sink;
        direct.pageCount = result.pageCount;
        TM_TRY(readMainFile(source, result, direct, options, startHash));
        result.directRead = true;
    } else {
        TM_TRY(copyThroughBackupApi(source, databasePath, result, sink, options, startHash));
    }

    QString logical;
    if (options.afterPages) {
        auto given = options.afterPages(result.pageCount);
        if (!given)
            return given.status();
        logical = *given;
    }
    if (logical.isEmpty()) {
        startHash();
        auto computed =
            hashing.valid() ? hashing.get() : computeLogicalHash(source.handle(), options.cancel);
        if (!computed)
            return computed.status();
        logical = *computed;
    }
    result.logicalHash = logical;
    return result;
}

} // namespace tidemark
