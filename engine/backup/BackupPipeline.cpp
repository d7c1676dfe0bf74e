#include "backup/BackupPipeline.h"

#include <algorithm>
#include <chrono>

namespace tidemark {
namespace {
constexpr int kPagesPerBatch = 256;
// Work in flight (memory bound: about 8 MiB each).
constexpr size_t kBatchesInFlight = 8;
constexpr int kSegmentRawBytes = 1 << 20;      // one zstd frame: large enough for a good ratio
constexpr quint64 kPackRawBytes = 16ull << 20; // about 5 MiB stored per pack file
constexpr size_t kSegmentsInFlight = 8;

template <typename T> bool isReady(const std::future<T>& f) {
    return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}
// Level 1: about 2 % larger than level 3 on page data, at twice its speed (bench/).
constexpr int kCompressionLevel = 1;

// The catalog's integer key for an address: its first 64 bits, read as a signed integer.
uint64_t prefixOf(const Digest& d) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | d[size_t(i)];
    return uint64_t(qint64(v));
}
} // namespace

struct BackupPipeline::OpenPack {
    std::unique_ptr<PackWriter> writer;
    uint32_t stateIndex = 0;
    uint32_t nextBlob = 0;
    uint32_t nextSegment = 0;
    quint64 rawBytes = 0;
    std::vector<Digest> addresses;
    // Sealed segments waiting to be written by the pack's own writer thread.
    std::vector<std::pair<QByteArray, uint32_t>> sealedSegments;
};

namespace {
// Packs waiting for their writer threads; beyond this the pipeline waits (memory bound).
constexpr size_t kPacksFinishing = 4;
} // namespace

BackupPipeline::BackupPipeline(const Vault& vault, Catalog& catalog, WorkerPool& pool,
                               Previous previous, const std::atomic<bool>* cancel)
    : vault_(vault), catalog_(catalog), pool_(pool), previous_(previous), cancel_(cancel),
      knownPrefixes_() {}

BackupPipeline::~BackupPipeline() {
    // Futures hold references to batches and keys; let them finish before members go away.
    for (auto& f : hashing_)
        f.wait();
    for (auto& s : sealing_) {
        if (s.sealed.valid())
            s.sealed.wait();
    }
    for (auto& f : finishing_)
        f.second.wait();
}

Status BackupPipeline::page(uint32_t pageNumber, const char* data, uint32_t size) {
    if (pageSize_ == 0) {
        pageSize_ = size;
        state_.pageSize = size;
        if (previous_.map && previous_.map->pageSize != size) {
            pageSizeChanged_ = true;
            previous_ = Previous{};
        }
    } else if (size != pageSize_) {
        return Status::failed(QStringLiteral("the page size changed during the snapshot"));
    }
    if (cancel_ && cancel_->load())
        return Status::cancelled();
    if (filling_.pageNumbers.empty())
        filling_.data.reserve(qsizetype(kPagesPerBatch) * size);
    filling_.pageNumbers.push_back(pageNumber);
    filling_.data.append(data, size);
    if (filling_.pageNumbers.size() >= size_t(kPagesPerBatch))
        return submitBatch();
    return Status::ok();
}

Status BackupPipeline::submitBatch() {
    if (filling_.pageNumbers.empty())
        return Status::ok();
    const KeyRing* keys = &vault_.keys();
    uint32_t size = pageSize_;
    const std::vector<PageIdentity>* previous = previous_.identities;
    const uint32_t previousCount = previous_.map ? previous_.map->pageCount : 0;
    hashing_.push_back(pool_.submit([batch = std::move(filling_), keys, size, previous,
                                     previousCount]() mutable {
        batch.identities.resize(batch.pageNumbers.size());
        for (size_t i = 0; i < batch.pageNumbers.size(); ++i) {
            const char* page = batch.data.constData() + i * size;
            PageIdentity& id = batch.identities[i];
            id.fingerprint = keys->fingerprint(page, size);
            uint32_t n = batch.pageNumbers[i];
            // The same fingerprint in the same place: the page the previous backup holds.
            if (previous && n <= previousCount && (*previous)[n - 1].fingerprint == id.fingerprint)
                id.address = (*previous)[n - 1].address;
            else
                id.address = keys->address(page, size);
        }
        return std::move(batch);
    }));
    filling_ = Batch{};
    while (hashing_.size() > kBatchesInFlight)
        TM_TRY(placeFront());
    return Status::ok();
}

Status BackupPipeline::placeFront() {
    Batch batch = hashing_.front().get();
    hashing_.pop_front();
    for (size_t i = 0; i < batch.pageNumbers.size(); ++i)
        TM_TRY(placePage(batch.pageNumbers[i], batch.data.constData() + i * pageSize_,
                         batch.identities[i]));
    return Status::ok();
}

Status BackupPipeline::placePage(uint32_t pageNumber, const char* data,
                                 const PageIdentity& identity) {
    const Digest& address = identity.address;
    size_t index = pageNumber - 1;
    if (state_.pages.size() <= index) {
        state_.pages.resize(index + 1);
        changed_.resize(index + 1, true);
    }
    if (previous_.map && pageNumber <= previous_.map->pageCount &&
        (*previous_.identities)[index].address == address &&
        packUsable(previous_.map->packs[int(previous_.map->pages[index].pack)])) {
        const PageRef& old = previous_.map->pages[index];
        state_.pages[index] =
            PageRef{state_.packIndex(previous_.map->packs[int(old.pack)]), old.blob};
        changed_[index] = false;
        return Status::ok();
    }
    changed_[index] = true;
    sawChange_ = true;
    auto local = storedThisBackup_.find(address);
    if (local != storedThisBackup_.end()) {
        state_.pages[index] = local->second;
        return Status::ok();
    }
    // Loaded on the first page that is new to this database: an unchanged database never
    // needs the vault-wide index.
    if (!prefixesLoaded_) {
        knownPrefixes_ = catalog_.addressPrefixes();
        prefixesLoaded_ = true;
    }
    if (std::binary_search(knownPrefixes_.begin(), knownPrefixes_.end(), prefixOf(address))) {
        auto found = catalog_.findBlob(address);
        if (found && packUsable(found->pack)) {
            PageRef ref{state_.packIndex(found->pack), found->blob};
            state_.pages[index] = ref;
            storedThisBackup_.emplace(address, ref);
            return Status::ok();
        }
    }
    TM_TRY(openPackIfNeeded());
    PackBlobInfo blob;
    blob.address = address;
    blob.fingerprint = identity.fingerprint;
    blob.segment = pack_->nextSegment;
    blob.offset = uint32_t(segmentRaw_.size());
    blob.size = pageSize_;
    pack_->writer->addBlob(blob);
    pack_->addresses.push_back(address);
    if (segmentRaw_.isEmpty())
        segmentRaw_.reserve(kSegmentRawBytes + qsizetype(pageSize_));
    segmentRaw_.append(data, pageSize_);
    pack_->rawBytes += pageSize_;
    PageRef ref{pack_->stateIndex, pack_->nextBlob++};
    state_.pages[index] = ref;
    storedThisBackup_.emplace(address, ref);
    if (segmentRaw_.size() >= kSegmentRawBytes)
        return closeSegment(pack_->rawBytes >= kPackRawBytes);
    return Status::ok();
}

bool BackupPipeline::packUsable(const QString& name) {
    auto known = packUsable_.constFind(name);
    if (known != packUsable_.constEnd())
        return known.value();
    // Damaged or missing packs are never leaned on: the page is stored again instead.
    bool usable =
        !catalog_.isPackDamaged(name) && vault_.location().exists(Vault::packObject(name));
    packUsable_.insert(name, usable);
    return usable;
}

Status BackupPipeline::openPackIfNeeded() {
    if (pack_)
        return Status::ok();
    pack_ = std::make_shared<OpenPack>();
    QString name = Vault::newPackName();
    pack_->writer = std::make_unique<PackWriter>(vault_.packWriter(name));
    pack_->stateIndex = state_.packIndex(name);
    openedPacks_.push_back(pack_);
    return Status::ok();
}

Status BackupPipeline::closeSegment(bool lastOfPack) {
    if (!pack_)
        return Status::ok();
    PendingSegment pending;
    pending.pack = pack_;
    pending.lastOfPack = lastOfPack;
    if (!segmentRaw_.isEmpty()) {
        SegmentJob job{pack_->writer->name(), pack_->nextSegment++, segmentRaw_};
        pending.rawSize = uint32_t(segmentRaw_.size());
        const KeyRing* keys = &vault_.keys();
        pending.sealed = pool_.submit(
            [job = std::move(job), keys] { return sealSegment(*keys, job, kCompressionLevel); });
        segmentRaw_.clear();
    }
    sealing_.push_back(std::move(pending));
    if (lastOfPack)
        pack_.reset();
    while (sealing_.size() > kSegmentsInFlight)
        TM_TRY(writeFrontSegment());
    return Status::ok();
}

Status BackupPipeline::writeFrontSegment() {
    PendingSegment front = std::move(sealing_.front());
    sealing_.pop_front();
    if (front.sealed.valid()) {
        auto sealed = front.sealed.get();
        if (!sealed)
            return sealed.status();
        front.pack->sealedSegments.emplace_back(std::move(*sealed), front.rawSize);
    }
    if (front.lastOfPack) {
        // A thread per pack writes it while the snapshot goes on and asks the kernel to start
        // writing it out; finish() then syncs and renames all packs at once.
        OpenPack* pack = front.pack.get();
        const KeyRing* keys = &vault_.keys();
        finishing_.emplace_back(front.pack, std::async(std::launch::async, [pack, keys] {
                                    for (auto& [bytes, rawSize] : pack->sealedSegments) {
                                        TM_TRY(pack->writer->appendSegment(bytes, rawSize));
                                        bytes = QByteArray();
                                    }
                                    return pack->writer->seal(*keys);
                                }));
        while (std::count_if(finishing_.begin(), finishing_.end(),
                             [](auto& f) { return !isReady(f.second); }) > long(kPacksFinishing)) {
            for (auto& f : finishing_) {
                if (!isReady(f.second)) {
                    f.second.wait();
                    break;
                }
            }
        }
    }
    return Status::ok();
}

Status BackupPipeline::collectPacks() {
    Status failure;
    for (auto& [pack, sealed] : finishing_) {
        Status s = sealed.get();
        if (failure.isOk() && !s)
            failure = s;
    }
    if (failure.isOk()) {
        // Every pack syncs at once: their data is mostly on disk already (writeback started at
        // sealing), and the disk overlaps the rest better than one pack after another.
        std::vector<std::future<Status>> committed;
        for (auto& [pack, sealed] : finishing_) {
            PackWriter* writer = pack->writer.get();
            committed.push_back(
                std::async(std::launch::async, [writer] { return writer->commit(); }));
        }
        for (size_t i = 0; i < committed.size(); ++i) {
            Status s = committed[i].get();
            if (!s) {
                if (failure.isOk())
                    failure = s;
                continue;
            }
            OpenPack& pack = *finishing_[i].first;
            vault_.rememberPackIndex(pack.writer->name(), pack.writer->index());
            Catalog::NewPack finished;
            finished.name = pack.writer->name();
            finished.size = pack.writer->bytesWritten();
            finished.addresses = std::move(pack.addresses);
            finishedPacks_.push_back(std::move(finished));
        }
    }
    finishing_.clear();
    return failure;
}

Result<bool> BackupPipeline::settle(uint32_t pageCount) {
    TM_TRY(submitBatch());
    while (!hashing_.empty())
        TM_TRY(placeFront());
    if (state_.pages.size() < pageCount) {
        state_.pages.resize(pageCount);
        changed_.resize(pageCount, true);
    }
    state_.pages.resize(pageCount);
    changed_.resize(pageCount);
    state_.pageCount = pageCount;
    TM_TRY(state_.checkComplete());
    if (!previous_.map || previous_.map->pageCount != pageCount)
        return false;
    return std::none_of(changed_.begin(), changed_.end(), [](bool c) { return c; });
}

Status BackupPipeline::finish() {
    TM_TRY(closeSegment(true));
    Status s;
    while (!sealing_.empty() && s)
        s = writeFrontSegment();
    Status packs = collectPacks();
    return s ? packs : s;
}

void BackupPipeline::discard() {
    for (auto& f : hashing_)
        f.wait();
    hashing_.clear();
    for (auto& s : sealing_) {
        if (s.sealed.valid())
            s.sealed.wait();
    }
    sealing_.clear();
    for (auto& f : finishing_)
        f.second.wait();
    finishing_.clear();
    // No manifest and no catalog row will name these packs.
    for (auto& p : openedPacks_) {
        p->writer->abandon();
        ignoreStatus(vault_.location().remove(Vault::packObject(p->writer->name())),
                     "gc removes an unreferenced pack later");
    }
    finishedPacks_.clear();
}

std::vector<uint32_t> BackupPipeline::changedPages() const {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < changed_.size(); ++i) {
        if (changed_[i])
            out.push_back(uint32_t(i + 1));
    }
    return out;
}

qint64 BackupPipeline::newBytes() const {
    qint64 total = 0;
    for (const auto& p : finishedPacks_)
        total += p.size;
    return total;
}

} // namespace tidemark
