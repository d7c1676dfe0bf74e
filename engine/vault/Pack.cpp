#include "vault/Pack.h"

#include "core/Bytes.h"
#include "core/Compression.h"

namespace tidemark {
namespace {
const char kHead[8] = {'T', 'M', 'P', 'A', 'C', 'K', '0', '1'};
const char kTail[8] = {'T', 'M', 'P', 'A', 'C', 'K', 'Z', 'Z'};
constexpr int kTrailerSize = 8 + 4 + 8;
// Bounds that keep a damaged index from asking for absurd allocations.
constexpr uint32_t kMaxSegmentRaw = 64u << 20;
} // namespace

QByteArray segmentContext(const QString& packName, uint32_t segment) {
    return packName.toLatin1() + "/segment/" + QByteArray::number(segment);
}
QByteArray indexContext(const QString& packName) {
    return packName.toLatin1() + "/index";
}

QByteArray PackIndex::serialize() const {
    ByteWriter w;
    w.u32(uint32_t(segments.size()));
    for (const auto& s : segments) {
        w.u64(s.offset);
        w.u32(s.storedSize);
        w.u32(s.rawSize);
    }
    w.u32(uint32_t(blobs.size()));
    for (const auto& b : blobs) {
        w.bytes(b.address.data(), b.address.size());
        w.u64(b.fingerprint);
        w.u32(b.segment);
        w.u32(b.offset);
        w.u32(b.size);
    }
    return w.data();
}

Result<PackIndex> PackIndex::parse(const QByteArray& raw) {
    ByteReader r(raw);
    PackIndex idx;
    uint32_t segs = r.u32();
    if (segs > r.remaining() / 16)
        return Status::corruption(QStringLiteral("pack index is damaged"));
    idx.segments.resize(segs);
    for (auto& s : idx.segments) {
        s.offset = r.u64();
        s.storedSize = r.u32();
        s.rawSize = r.u32();
    }
    uint32_t blobs = r.u32();
    if (blobs > r.remaining() / 52)
        return Status::corruption(QStringLiteral("pack index is damaged"));
    idx.blobs.resize(blobs);
    for (auto& b : idx.blobs) {
        r.take(b.address.data(), b.address.size());
        b.fingerprint = r.u64();
        b.segment = r.u32();
        b.offset = r.u32();
        b.size = r.u32();
    }
    if (r.failed() || r.remaining() != 0)
        return Status::corruption(QStringLiteral("pack index is damaged"));
    for (const auto& b : idx.blobs) {
        if (b.segment >= segs || uint64_t(b.offset) + b.size > idx.segments[b.segment].rawSize)
            return Status::corruption(QStringLiteral("pack index is damaged"));
    }
    return idx;
}

Result<QByteArray> sealSegment(const KeyRing& keys, const SegmentJob& job, int level) {
    QByteArray compressed = zstdCompress(job.raw.constData(), size_t(job.raw.size()), level);
    return keys.seal(compressed, segmentContext(job.packName, job.segment));
}

PackWriter::PackWriter(Location& location, QString object, QString name)
    : location_(location), object_(std::move(object)), name_(std::move(name)) {}

Status PackWriter::open() {
    auto file = location_.startObject(object_);
    if (!file)
        return file.status();
    file_ = std::move(*file);
    return file_->append(kHead, sizeof kHead);
}

Status PackWriter::appendSegment(const QByteArray& sealed, uint32_t rawSize) {
    if (!file_)
        TM_TRY(open());
    PackSegmentInfo info;
    info.offset = uint64_t(file_->size());
    info.storedSize = uint32_t(sealed.size());
    info.rawSize = rawSize;
    TM_TRY(file_->append(sealed));
    index_.segments.push_back(info);
    return Status::ok();
}

Status PackWriter::seal(const KeyRing& keys) {
    if (!file_)
        TM_TRY(open());
    QByteArray rawIndex = index_.serialize();
    auto sealedIndex =
        keys.seal(zstdCompress(rawIndex.constData(), size_t(rawIndex.size())), indexContext(name_));
    if (!sealedIndex)
        return sealedIndex.status();
    ByteWriter trailer;
    trailer.u64(uint64_t(file_->size()));
    trailer.u32(uint32_t(sealedIndex->size()));
    trailer.bytes(kTail, sizeof kTail);
    Status s = file_->append(*sealedIndex);
    if (s)
        s = file_->append(trailer.data());
    finishedSize_ = file_->size();
    if (!s) {
        abandon();
        return s;
    }
    file_->startWriteback();
    return s;
}

Status PackWriter::commit() {
    if (!file_)
        return Status::failed(QStringLiteral("pack was not sealed"));
    Status s = file_->publish();
    if (!s) {
        abandon();
        return s;
    }
    file_.reset();
    return Status::ok();
}

Status PackWriter::finish(const KeyRing& keys) {
    TM_TRY(seal(keys));
    return commit();
}

void PackWriter::abandon() {
    if (file_) {
        file_->abandon();
        file_.reset();
    }
}

Result<std::unique_ptr<PackReader>> PackReader::open(Location& location, const KeyRing& keys,
                                                     const QString& object, const QString& name) {
    auto file = location.openRead(object);
    if (!file)
        return file.status();
    std::unique_ptr<PackReader> reader(new PackReader(keys, name));
    reader->file_ = std::move(*file);
    qint64 size = reader->file_->size();
    if (size < qint64(sizeof kHead) + kTrailerSize)
        return Status::corruption(QStringLiteral("pack %1 is truncated").arg(name));
    auto trailer = reader->file_->read(size - kTrailerSize, kTrailerSize);
    if (!trailer)
        return trailer.status();
    ByteReader tr(*trailer);
    uint64_t indexOffset = tr.u64();
    uint32_t indexSize = tr.u32();
    QByteArray tail = tr.bytes(8);
    if (tail != QByteArray(kTail, 8) || indexOffset + indexSize != uint64_t(size - kTrailerSize) ||
        indexOffset < 8)
        return Status::corruption(QStringLiteral("pack %1 is truncated or damaged").arg(name));
    auto sealed = reader->file_->read(qint64(indexOffset), indexSize);
    if (!sealed)
        return sealed.status();
    auto compressed = keys.open(*sealed, indexContext(name));
    if (!compressed)
        return compressed.status().context(QStringLiteral("pack %1 index").arg(name));
    auto raw = zstdDecompressFrame(*compressed, size_t(256) << 20);
    if (!raw)
        return raw.status().context(QStringLiteral("pack %1 index").arg(name));
    auto index = PackIndex::parse(*raw);
    if (!index)
        return index.status().context(QStringLiteral("pack %1").arg(name));
    for (const auto& s : index->segments) {
        if (s.offset + s.storedSize > indexOffset || s.rawSize > kMaxSegmentRaw)
            return Status::corruption(QStringLiteral("pack %1 index is damaged").arg(name));
    }
    reader->index_ = std::move(*index);
    return reader;
}

Result<QByteArray> PackReader::readSegment(uint32_t segment) const {
    if (segment >= index_.segments.size())
        return Status::corruption(
            QStringLiteral("pack %1 has no segment %2").arg(name_).arg(segment));
    const auto& info = index_.segments[segment];
    auto sealed = file_->read(qint64(info.offset), info.storedSize);
    if (!sealed)
        return sealed.status();
    auto compressed = keys_.open(*sealed, segmentContext(name_, segment));
    if (!compressed)
        return compressed.status().context(
            QStringLiteral("pack %1 segment %2").arg(name_).arg(segment));
    auto raw = zstdDecompress(compressed->constData(), size_t(compressed->size()), info.rawSize);
    if (!raw)
        return raw.status().context(QStringLiteral("pack %1 segment %2").arg(name_).arg(segment));
    return raw;
}

Result<const char*> PackReader::checkedBlob(const QByteArray& segmentRaw, uint32_t blob) const {
    if (blob >= index_.blobs.size())
        return Status::corruption(QStringLiteral("pack %1 has no blob %2").arg(name_).arg(blob));
    const auto& b = index_.blobs[blob];
    if (qint64(b.offset) + b.size > segmentRaw.size())
        return Status::corruption(
            QStringLiteral("pack %1 blob %2 is out of its segment").arg(name_).arg(blob));
    const char* data = segmentRaw.constData() + b.offset;
    if (keys_.address(data, b.size) != b.address)
        return Status::corruption(
            QStringLiteral("pack %1 blob %2 does not match its checksum").arg(name_).arg(blob));
    return data;
}

Result<QByteArray> PackReader::blobFrom(const QByteArray& segmentRaw, uint32_t blob) const {
    auto data = checkedBlob(segmentRaw, blob);
    if (!data)
        return data.status();
    return QByteArray(*data, qsizetype(index_.blobs[blob].size));
}

} // namespace tidemark
