#pragma once

#include "core/Crypto.h"
#include "vault/KeyRing.h"
#include "vault/Location.h"

#include <QString>

#include <memory>
#include <vector>

namespace tidemark {

// A pack is one vault file holding many blobs (database pages), grouped into segments.
// Each segment is one zstd frame over a few hundred KiB of blobs, sealed on its own, so a
// restore reads and checks only the segments it needs. Layout:
//   "TMPACK01" | sealed segment... | sealed index | index offset u64 | index size u32 | "TMPACKZZ"
// The index lists every segment (offset, stored and raw size) and every blob (address,
// segment, offset and size inside the segment's raw bytes).
struct PackSegmentInfo {
    uint64_t offset = 0;
    uint32_t storedSize = 0;
    uint32_t rawSize = 0;
};

struct PackBlobInfo {
    Digest address{};
    uint64_t fingerprint = 0;
    uint32_t segment = 0;
    uint32_t offset = 0;
    uint32_t size = 0;
};

struct PackIndex {
    std::vector<PackSegmentInfo> segments;
    std::vector<PackBlobInfo> blobs;
    QByteArray serialize() const;
    static Result<PackIndex> parse(const QByteArray& raw);
};

QByteArray segmentContext(const QString& packName, uint32_t segment);
QByteArray indexContext(const QString& packName);

// A raw segment ready to be compressed and sealed on a worker thread.
struct SegmentJob {
    QString packName;
    uint32_t segment = 0;
    QByteArray raw;
};
Result<QByteArray> sealSegment(const KeyRing& keys, const SegmentJob& job, int level);

// Writes one pack; segments must be appended in segment order. Not thread-safe.
class PackWriter {
public:
    // `object` is where the pack is published in `location` (Vault::packObject).
    PackWriter(Location& location, QString object, QString name);
    const QString& name() const { return name_; }
    Status appendSegment(const QByteArray& sealed, uint32_t rawSize);
    void addBlob(const PackBlobInfo& blob) { index_.blobs.push_back(blob); }
    // Writes the index and publishes the pack. It is durable and immutable afterwards.
    Status finish(const KeyRing& keys);
    // finish() in two steps, so many packs can be written first and made durable together:
    // seal() writes the index and trailer; commit() publishes the pack under its name.
    Status seal(const KeyRing& keys);
    Status commit();
    void abandon();
    qint64 bytesWritten() const { return file_ ? file_->size() : finishedSize_; }
    const PackIndex& index() const { return index_; }

private:
    Status open();
    Location& location_;
    QString object_;
    QString name_;
    std::unique_ptr<ObjectWriter> file_;
    PackIndex index_;
    qint64 finishedSize_ = 0;
};

// Reads a finished pack. Every segment and the index are authenticated before use and every
// blob's address is recomputed, so damaged bytes are reported and never returned as data.
class PackReader {
public:
    static Result<std::unique_ptr<PackReader>> open(Location& location, const KeyRing& keys,
                                                    const QString& object, const QString& name);
    const PackIndex& index() const { return index_; }
    Result<QByteArray> readSegment(uint32_t segment) const;
    // Checks a blob inside an already read segment against its address.
    Result<QByteArray> blobFrom(const QByteArray& segmentRaw, uint32_t blob) const;
    // The same check without a copy: the blob's bytes inside `segmentRaw`.
    Result<const char*> checkedBlob(const QByteArray& segmentRaw, uint32_t blob) const;
    qint64 fileSize() const { return file_->size(); }

private:
    PackReader(const KeyRing& keys, QString name) : keys_(keys), name_(std::move(name)) {}
    const KeyRing& keys_;
    QString name_;
    std::unique_ptr<RandomAccessFile> file_;
    PackIndex index_;
};

} // namespace tidemark
