// The pack reader: the file's framing as stored bytes, and the index parser and blob bounds
// checks behind authentication (the harness seals an index and a segment it takes from the
// input, as a buggy writer or a holder of the keys could produce them).
#include "FuzzSupport.h"
#include "core/Compression.h"
#include "vault/Pack.h"

using namespace tidemark;

namespace {

void readAll(fuzz::MemoryFileSystem& fs, const QString& name) {
    auto location = openFolderLocation(fs, QStringLiteral("/v"));
    auto reader = PackReader::open(*location, fuzz::keys(), QStringLiteral("p"), name);
    if (!reader)
        return;
    const PackIndex& index = (*reader)->index();
    for (uint32_t s = 0; s < index.segments.size() && s < 8; ++s) {
        auto raw = (*reader)->readSegment(s);
        if (!raw)
            continue;
        for (uint32_t b = 0; b < index.blobs.size() && b < 64; ++b)
            (void)(*reader)->blobFrom(*raw, b);
    }
}

void appendU64(QByteArray* out, uint64_t v) {
    out->append(reinterpret_cast<const char*>(&v), 8);
}
void appendU32(QByteArray* out, uint32_t v) {
    out->append(reinterpret_cast<const char*>(&v), 4);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray input = fuzz::bytes(data, size);
    const QString name = QStringLiteral("fuzzpack");
    fuzz::MemoryFileSystem fs;
    // 1. The input as a whole pack file.
    fs.files.insert(QStringLiteral("/v/p"), input);
    readAll(fs, name);
    (void)PackIndex::parse(input);

    // 2. A pack assembled from the input: [u16 index length][index bytes][segment bytes].
    if (size < 2)
        return 0;
    const int indexLength = std::min<int>(int(data[0]) | (int(data[1]) << 8), int(size) - 2);
    const QByteArray indexRaw = input.mid(2, indexLength);
    const QByteArray segmentRaw = input.mid(2 + indexLength);
    SegmentJob job{name, 0, segmentRaw};
    auto segment = sealSegment(fuzz::keys(), job, 1);
    if (!segment)
        return 0;
    const QByteArray compressedIndex =
        zstdCompress(indexRaw.constData(), size_t(indexRaw.size()), 1);
    auto index = fuzz::keys().seal(compressedIndex, indexContext(name));
    if (!index)
        return 0;
    QByteArray file("TMPACK01");
    file += *segment;
    const uint64_t indexOffset = uint64_t(file.size());
    file += *index;
    appendU64(&file, indexOffset);
    appendU32(&file, uint32_t(index->size()));
    file += QByteArray("TMPACKZZ");
    fs.files.insert(QStringLiteral("/v/p"), file);
    readAll(fs, name);
    return 0;
}
