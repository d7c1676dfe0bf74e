#include "PageSnapshot.h"

#include "LogicalHash.h"
#include "SqliteDb.h"

#include <QFileInfo>
#include <QHash>

#include <cstring>
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
    Status failure;
};

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
    Status s = sf->reg->sink->page(page, static_cast<const char*>(data), uint32_t(amount));
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

Result<SnapshotResult> takeSnapshot(const QString& databasePath, PageSink& sink,
                                    const SnapshotOptions& options) {
    registerSinkVfs();
    if (!QFileInfo(databasePath).isFile())
        return Status::notFound(
            QStringLiteral("database file %1 does not exist").arg(databasePath));

    SqliteDb source;
    TM_TRY(source.open(databasePath, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX));
    sqlite3_busy_timeout(source.handle(), 10000);
    Status s = source.exec("BEGIN");
    if (!s)
        return s;
    auto cleanup = qScopeGuard([&] { source.exec("ROLLBACK"); });

    // The first read starts the read transaction: everything below sees one committed state.
    Statement tables(source, "SELECT count(*) FROM sqlite_schema WHERE type='table' "
                             "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    int rc = tables.step();
    if (rc != SQLITE_ROW) {
        int code = sqlite3_errcode(source.handle());
        if (code == SQLITE_NOTADB)
            return Status::invalidArgument(
                QStringLiteral("%1 is not a SQLite database").arg(databasePath));
        return source.error(QStringLiteral("reading %1").arg(databasePath));
    }
    qint64 tableCount = tables.int64(0);
    SnapshotResult result;
    result.snapshotMs =
        options.clock ? options.clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
    if (tableCount == 0)
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

    static std::atomic<quint64> counter{0};
    QByteArray sinkName = "tidemark-sink-" + QByteArray::number(++counter);
    SinkRegistration reg;
    reg.sink = &sink;
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
    // Steps share the read transaction opened above, so the image stays consistent while the
    // loop reports progress and checks for cancellation between steps.
    constexpr int kPagesPerStep = 512;
    LogicalHasher hasher(source.handle());
    do {
        rc = sqlite3_backup_step(backup, kPagesPerStep);
        while (rc == SQLITE_OK && options.consumerBusy && options.consumerBusy() &&
               !hasher.done()) {
            auto stepped = hasher.step(512);
            if (!stepped) {
                sqlite3_backup_finish(backup);
                return stepped.status();
            }
        }
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
    if (!reg.failure.isOk())
        return reg.failure;

    QString logical;
    if (options.afterPages) {
        auto given = options.afterPages(result.pageCount);
        if (!given)
            return given.status();
        logical = *given;
    }
    if (logical.isEmpty()) {
        auto computed = hasher.finish(options.cancel);
        if (!computed)
            return computed.status();
        logical = *computed;
    }
    result.logicalHash = logical;
    return result;
}

} // namespace tidemark
