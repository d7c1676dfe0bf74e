#pragma once

#include "backup/PageMap.h"
#include "backup/PageSnapshot.h"
#include "catalog/Catalog.h"
#include "core/WorkerPool.h"
#include "vault/Vault.h"

#include <QHash>

#include <deque>
#include <future>
#include <memory>
#include <unordered_map>

namespace tidemark {

// Turns a stream of snapshot pages into vault packs. Pages are hashed in parallel; each page
// that matches the previous state (same page number, same address) or any blob already in the
// vault is referenced, not stored again; new pages are grouped into segments that are
// compressed and sealed in parallel and appended to packs. Every pack is durable (fsync,
// rename) when finish() returns; the caller records packs and backup in the catalog after the
// manifest.
class BackupPipeline final : public PageSink {
public:
    struct Previous {
        const PageMap* map = nullptr;
        const std::vector<PageIdentity>* identities = nullptr;
    };

    BackupPipeline(const Vault& vault, Catalog& catalog, WorkerPool& pool, Previous previous,
                   const std::atomic<bool>* cancel);
    ~BackupPipeline() override;

    Status page(uint32_t pageNumber, const char* data, uint32_t size) override;

    // Waits until every delivered page is hashed and placed. True when the state delivered
    // equals the previous state page for page.
    Result<bool> settle(uint32_t pageCount);
    // Flushes the last segment and pack; afterwards every pack written is durable and
    // newPacks() lists them.
    Status finish();
    // Removes packs written so far that no manifest will reference (a failed backup).
    void discard();

    uint32_t pageSize() const { return pageSize_; }
    const PageMap& state() const { return state_; }
    // Pages that differ from the previous state (or all, without one), ascending.
    std::vector<uint32_t> changedPages() const;
    const std::vector<Catalog::NewPack>& newPacks() const { return finishedPacks_; }
    qint64 newBytes() const;
    bool pageSizeChanged() const { return pageSizeChanged_; }
    // Some page placed so far differs from the previous state.
    bool sawChange() const { return sawChange_; }

private:
    struct Batch {
        std::vector<uint32_t> pageNumbers;
        QByteArray data;
        std::vector<PageIdentity> identities;
    };
    struct OpenPack;
    struct PendingSegment {
        std::shared_ptr<OpenPack> pack;
        std::future<Result<QByteArray>> sealed;
        uint32_t rawSize = 0;
        bool lastOfPack = false;
    };

    Status submitBatch();
    Status placeFront();
    Status placePage(uint32_t pageNumber, const char* data, const PageIdentity& identity);
    Status closeSegment(bool lastOfPack);
    Status writeFrontSegment();
    Status openPackIfNeeded();
    bool packUsable(const QString& name);

    const Vault& vault_;
    Catalog& catalog_;
    WorkerPool& pool_;
    Previous previous_;
    const std::atomic<bool>* cancel_;
    uint32_t pageSize_ = 0;
    bool pageSizeChanged_ = false;

    PageMap state_;
    std::vector<bool> changed_;
    std::vector<uint32_t> previousPackInState_;
    QHash<QString, bool> packUsable_;
    std::vector<uint64_t> knownPrefixes_;
    bool prefixesLoaded_ = false;
    std::unordered_map<Digest, PageRef, DigestHash> storedThisBackup_;

    Batch filling_;
    std::deque<std::future<Batch>> hashing_;

    std::shared_ptr<OpenPack> pack_;
    QByteArray segmentRaw_;
    std::deque<PendingSegment> sealing_;
    std::vector<Catalog::NewPack> finishedPacks_;
    // Packs being made durable (index, fsync, rename) on their own threads: fsync waits on the
    // disk, and the snapshot must not wait with it.
    std::vector<std::pair<std::shared_ptr<OpenPack>, std::future<Status>>> finishing_;
    Status collectPacks();
    bool sawChange_ = false;
    std::vector<std::shared_ptr<OpenPack>> openedPacks_;
};

} // namespace tidemark
