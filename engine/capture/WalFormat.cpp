#include "capture/WalFormat.h"

#include <algorithm>
#include <map>

namespace tidemark {
namespace {

uint32_t be32(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return (uint32_t(u[0]) << 24) | (uint32_t(u[1]) << 16) | (uint32_t(u[2]) << 8) | u[3];
}
uint32_t le32(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return (uint32_t(u[3]) << 24) | (uint32_t(u[2]) << 16) | (uint32_t(u[1]) << 8) | u[0];
}

constexpr uint32_t kMagicLittle = 0x377f0682u;
constexpr uint32_t kMagicBig = 0x377f0683u;
constexpr uint32_t kFormatVersion = 3007000u;

bool validPageSize(uint32_t n) {
    return n >= 512 && n <= 65536 && (n & (n - 1)) == 0;
}

} // namespace

void walChecksum(bool bigEndian, const char* data, size_t size, uint32_t& s1, uint32_t& s2) {
    uint32_t a = s1;
    uint32_t b = s2;
    if (bigEndian) {
        for (size_t i = 0; i + 8 <= size; i += 8) {
            a += be32(data + i) + b;
            b += be32(data + i + 4) + a;
        }
    } else {
        for (size_t i = 0; i + 8 <= size; i += 8) {
            a += le32(data + i) + b;
            b += le32(data + i + 4) + a;
        }
    }
    s1 = a;
    s2 = b;
}

Result<WalHeader> parseWalHeader(const char* data, size_t size) {
    if (size < kWalHeaderSize)
        return Status::corruption(QStringLiteral("the write-ahead log has no complete header"));
    WalHeader h;
    h.magic = be32(data);
    if (h.magic != kMagicLittle && h.magic != kMagicBig)
        return Status::corruption(QStringLiteral("the write-ahead log header has a wrong magic"));
    if (be32(data + 4) != kFormatVersion)
        return Status::unsupported(
            QStringLiteral("write-ahead log format %1 is not supported").arg(be32(data + 4)));
    h.pageSize = be32(data + 8);
    if (h.pageSize == 1)
        h.pageSize = 65536;
    if (!validPageSize(h.pageSize))
        return Status::corruption(QStringLiteral("the write-ahead log header has a bad page size"));
    h.checkpointSeq = be32(data + 12);
    h.salt1 = be32(data + 16);
    h.salt2 = be32(data + 20);
    h.checksum1 = be32(data + 24);
    h.checksum2 = be32(data + 28);
    uint32_t s1 = 0, s2 = 0;
    walChecksum(h.bigEndianChecksum(), data, 24, s1, s2);
    if (s1 != h.checksum1 || s2 != h.checksum2)
        return Status::corruption(QStringLiteral("the write-ahead log header checksum is wrong"));
    return h;
}

std::vector<WalCommit> readWalCommits(const char* frames, size_t size, WalCursor& cursor) {
    std::vector<WalCommit> commits;
    if (!validPageSize(cursor.pageSize))
        return commits;
    const size_t frameSize = kWalFrameHeaderSize + size_t(cursor.pageSize);
    uint32_t s1 = cursor.checksum1, s2 = cursor.checksum2;
    std::map<uint32_t, size_t> open; // page -> offset of its last image in this transaction
    uint64_t framesRead = 0;
    for (size_t at = 0; at + frameSize <= size; at += frameSize) {
        const char* f = frames + at;
        if (be32(f + 8) != cursor.salt1 || be32(f + 12) != cursor.salt2)
            break;
        const uint32_t page = be32(f);
        if (page == 0)
            break;
        uint32_t a = s1, b = s2;
        walChecksum(cursor.bigEndian, f, 8, a, b);
        walChecksum(cursor.bigEndian, f + kWalFrameHeaderSize, cursor.pageSize, a, b);
        if (a != be32(f + 16) || b != be32(f + 20))
            break;
        s1 = a;
        s2 = b;
        ++framesRead;
        open[page] = at + kWalFrameHeaderSize;
        const uint32_t commitSize = be32(f + 4);
        if (commitSize == 0)
            continue;
        WalCommit c;
        c.databasePages = commitSize;
        c.pageNumbers.reserve(open.size());
        c.pages.reserve(qsizetype(open.size() * cursor.pageSize));
        for (const auto& [number, offset] : open) {
            if (number > commitSize)
                continue; // the commit cut the database short: the page is gone
            c.pageNumbers.push_back(number);
            c.pages.append(frames + offset, qsizetype(cursor.pageSize));
        }
        commits.push_back(std::move(c));
        open.clear();
        cursor.frames += framesRead;
        framesRead = 0;
        cursor.checksum1 = s1;
        cursor.checksum2 = s2;
    }
    return commits;
}

} // namespace tidemark
