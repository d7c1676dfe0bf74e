#include "restore/Restorer.h"

#include "backup/BackupEngine.h"
#include "backup/LogicalHash.h"
#include "core/SqliteDb.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QUrl>

#include <deque>
#include <future>
#include <map>

namespace tidemark {
namespace {

struct SegmentWork {
    uint32_t pack = 0;
    uint32_t segment = 0;
    // (blob index, page number) pairs to take from this segment
    std::vector<std::pair<uint32_t, uint32_t>> pages;
};

// Consecutive pages decoded from one segment, each run written with one call.
struct DecodedSegment {
    Status status;
    QString pack;
    std::vector<std::pair<uint32_t, QByteArray>> runs; // first page number, bytes
};

} // namespace

namespace {

Status openImmutable(SqliteDb& db, const QString& path) {
    QUrl url = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath());
    QString uri = url.toString(QUrl::FullyEncoded) + QStringLiteral("?immutable=1");
    TM_TRY(db.open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX));
    return db.exec("BEGIN");
}

Status integrityCheck(const QString& path) {
    SqliteDb db;
    TM_TRY(openImmutable(db, path));
    // Index checks revisit b-tree pages constantly; a larger cache saves rereading them.
    TM_TRY(db.exec("PRAGMA cache_size=-65536"));
    Statement check(db, "PRAGMA integrity_check");
    QStringList problems;
    int rc;
    while ((rc = check.step()) == SQLITE_ROW) {
        QString line = check.text(0);
        if (line != QStringLiteral("ok"))
            problems << line;
    }
    if (rc != SQLITE_DONE)
        return db.error(QStringLiteral("integrity check"));
    if (!problems.isEmpty())
        return Status::corruption(QStringLiteral("integrity check failed: %1")
                                      .arg(problems.mid(0, 5).join(QStringLiteral("; "))));
    return Status::ok();
}

Status logicalHashCheck(const QString& path, const QString& expected) {
    SqliteDb db;
    TM_TRY(openImmutable(db, path));
    auto hash = computeLogicalHash(db.handle());
    if (!hash)
        return hash.status();
    if (!expected.isEmpty() && *hash != expected)
        return Status::corruption(QStringLiteral(
            "the restored content does not match the logical hash recorded at backup time"));
    return Status::ok();
}

} // namespace

Status checkRestoredFile(const QString& path, const QString& expectedLogicalHash) {
    // The two checks read the same finished file; run them side by side.
    auto integrity = std::async(std::launch::async, [path] { return integrityCheck(path); });
    Status logical = logicalHashCheck(path, expectedLogicalHash);
    Status structural = integrity.get();
    TM_TRY(structural);
    return logical;
}

Result<RestoreOutcome> Restorer::restore(const QList<BackupInfo>& chain, const QString& targetFile,
                                         JobContext& job) {
    if (chain.isEmpty())
        return Status::invalidArgument(QStringLiteral("nothing to restore"));
    auto state = loadChainState(vault_, chain);
    if (!state)
        return state.status();
    RestoreInput input;
    input.state = std::move(*state);
    input.expectedLogicalHash = chain.last().logicalHash;
    input.restoredToMs = chain.last().snapshotMs;
    input.restoredToCommit = chain.last().lastCommit;
    input.applied = chain;
    return restore(input, targetFile, job);
}

Result<RestoreOutcome> Restorer::restore(const RestoreInput& input, const QString& targetFile,
                                         JobContext& job) {
    QFileInfo target(targetFile);
    if (target.exists())
        return Status::alreadyExists(
            QStringLiteral("%1 already exists; restore never overwrites a file").arg(targetFile));
    if (!QFileInfo(target.absolutePath()).isDir())
        return Status::notFound(
            QStringLiteral("the folder %1 does not exist").arg(target.absolutePath()));
    for (const char* side : {"-wal", "-shm", "-journal"}) {
        if (QFileInfo::exists(targetFile + QLatin1String(side)))
            return Status::alreadyExists(QStringLiteral("%1%2 exists beside the target; remove "
                                                        "it or choose another name")
                                             .arg(targetFile, QLatin1String(side)));
    }

    QElapsedTimer timer;
    timer.start();
    job.setProgress(0.0, QStringLiteral("planning"));
    const PageMap* state = &input.state;

    // Which segment of which pack holds each page.
    std::vector<std::unique_ptr<PackReader>> readers(size_t(state->packs.size()));
    std::map<std::pair<uint32_t, uint32_t>, SegmentWork> work;
    for (uint32_t n = 1; n <= state->pageCount; ++n) {
        if (input.overlay.count(n))
            continue;
        const PageRef& ref = state->pages[n - 1];
        if (!ref.valid())
            return Status::corruption(
                QStringLiteral("the backup chain has no copy of page %1").arg(n));
        auto& reader = readers[ref.pack];
        if (!reader) {
            auto opened = vault_.openPack(state->packs[int(ref.pack)]);
            if (!opened) {
                if (onDamagedPack)
                    onDamagedPack(state->packs[int(ref.pack)], opened.status().message());
                return opened.status();
            }
            reader = std::move(*opened);
        }
        if (ref.blob >= reader->index().blobs.size())
            return Status::corruption(QStringLiteral("pack %1 has no blob %2")
                                          .arg(state->packs[int(ref.pack)])
                                          .arg(ref.blob));
        uint32_t segment = reader->index().blobs[ref.blob].segment;
        SegmentWork& w = work[{ref.pack, segment}];
        w.pack = ref.pack;
        w.segment = segment;
        w.pages.emplace_back(ref.blob, n);
    }

    QString temp = target.absolutePath() + QStringLiteral("/.") + target.fileName() +
                   QStringLiteral(".tidemark-restore");
    FileSystem& fs = files_;
    ignoreStatus(fs.remove(temp), "a hidden temporary file is only wasted space");
    auto out = fs.createFile(temp);
    if (!out)
        return out.status();
    auto removeTemp = qScopeGuard([&] {
        ignoreStatus((*out)->close(), "cleanup after a failure that is already returned");
        ignoreStatus(fs.remove(temp), "a hidden temporary file is only wasted space");
    });

    const uint32_t pageSize = state->pageSize;
    std::deque<std::future<DecodedSegment>> inFlight;
    // Workers read through `readers`; on any early return they must finish first.
    auto drain = qScopeGuard([&] {
        for (auto& f : inFlight)
            f.wait();
    });
    size_t done = 0;
    const size_t total = work.size();
    auto writeFront = [&]() -> Status {
        DecodedSegment d = inFlight.front().get();
        inFlight.pop_front();
        if (!d.status && d.status.isCorruption() && onDamagedPack)
            onDamagedPack(d.pack, d.status.message());
        TM_TRY(d.status);
        ++done;
        job.setProgress(0.85 * double(done) / double(total), QStringLiteral("writing pages"));
        return Status::ok();
    };
    for (auto& [key, w] : work) {
        if (job.cancelled())
            return Status::cancelled();
        const PackReader* reader = readers[w.pack].get();
        // Workers also write their pages (positional writes): copying into the page cache is
        // a large share of a restore and must not queue behind one thread.
        WritableFile* output = out->get();
        QString packName = state->packs[int(w.pack)];
        inFlight.push_back(
            pool_.submit([reader, w = std::move(w), pageSize, output, packName]() mutable {
                DecodedSegment d;
                d.pack = packName;
                auto raw = reader->readSegment(w.segment);
                if (!raw) {
                    d.status = raw.status();
                    return d;
                }
                std::sort(w.pages.begin(), w.pages.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; });
                uint32_t next = 0;
                for (const auto& [blob, pageNumber] : w.pages) {
                    if (reader->index().blobs[blob].size != pageSize) {
                        d.status = Status::corruption(QStringLiteral("a page has the wrong size"));
                        return d;
                    }
                    auto bytes = reader->checkedBlob(*raw, blob);
                    if (!bytes) {
                        d.status = bytes.status();
                        return d;
                    }
                    if (d.runs.empty() || pageNumber != next)
                        d.runs.emplace_back(pageNumber, QByteArray());
                    d.runs.back().second.append(*bytes, pageSize);
                    next = pageNumber + 1;
                }
                for (const auto& [pageNumber, run] : d.runs) {
                    d.status = output->writeAt(qint64(pageNumber - 1) * pageSize, run.constData(),
                                               size_t(run.size()));
                    if (!d.status)
                        break;
                }
                d.runs.clear();
                return d;
            }));
        if (inFlight.size() > 4)
            TM_TRY(writeFront());
    }
    while (!inFlight.empty())
        TM_TRY(writeFront());
    for (const auto& [pageNumber, bytes] : input.overlay) {
        if (pageNumber > state->pageCount)
            continue;
        if (uint32_t(bytes.size()) != pageSize)
            return Status::corruption(QStringLiteral("a captured page has the wrong size"));
        TM_TRY((*out)->writeAt(qint64(pageNumber - 1) * pageSize, bytes.constData(),
                               size_t(bytes.size())));
    }
    // The checks read from the page cache while the file is being made durable.
    const qint64 rebuildMs = timer.restart();
    job.setProgress(0.9, QStringLiteral("checking integrity"));
    WritableFile* file = out->get();
    auto synced = std::async(std::launch::async, [file] { return file->sync(); });
    Status checked = checkRestoredFile(temp, input.expectedLogicalHash);
    TM_TRY(synced.get());
    TM_TRY((*out)->close());
    if (!checked)
        return checked.context(QStringLiteral("restored file rejected"));
    Status renamed = fs.renameNoReplace(temp, targetFile);
    if (renamed.code() == Status::Code::AlreadyExists)
        return Status::alreadyExists(
            QStringLiteral("%1 appeared while restoring; not overwritten").arg(targetFile));
    TM_TRY(renamed);
    removeTemp.dismiss();
    TM_TRY(fs.syncDir(target.absolutePath()));
    job.setProgress(1.0, QStringLiteral("done"));

    RestoreOutcome outcome;
    outcome.file = target.absoluteFilePath();
    outcome.applied = input.applied;
    outcome.restoredToMs = input.restoredToMs;
    outcome.restoredToCommit = input.restoredToCommit;
    outcome.logicalHashChecked = !input.expectedLogicalHash.isEmpty();
    outcome.integrity = QStringLiteral("ok");
    outcome.rebuildMs = rebuildMs;
    outcome.verifyMs = timer.elapsed();
    job.log(QStringLiteral("rebuilt %1 pages in %2 ms; integrity check and logical hash in %3 ms")
                .arg(state->pageCount)
                .arg(outcome.rebuildMs)
                .arg(outcome.verifyMs));
    return outcome;
}

} // namespace tidemark
