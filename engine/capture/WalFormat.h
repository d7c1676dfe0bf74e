#pragma once

#include "core/Status.h"

#include <QByteArray>

#include <cstdint>
#include <vector>

namespace tidemark {

// SQLite's write-ahead log, read from its bytes alone: a 32-byte header, then frames of a
// 24-byte header and one page each. Checksums are cumulative from the header on; a frame
// belongs to the log only while its salts equal the header's and its checksum continues the
// chain, and only frames up to the last commit frame hold committed data.
struct WalHeader {
    uint32_t magic = 0;
    uint32_t pageSize = 0;
    uint32_t checkpointSeq = 0;
    uint32_t salt1 = 0;
    uint32_t salt2 = 0;
    uint32_t checksum1 = 0;
    uint32_t checksum2 = 0;
    bool bigEndianChecksum() const { return (magic & 1u) != 0; }
};

constexpr uint32_t kWalHeaderSize = 32;
constexpr uint32_t kWalFrameHeaderSize = 24;

// Checks magic, version, page size and the header checksum.
Result<WalHeader> parseWalHeader(const char* data, size_t size);

// Where reading stopped: just after the last commit frame read so far in one log incarnation.
struct WalCursor {
    uint32_t salt1 = 0;
    uint32_t salt2 = 0;
    uint32_t checkpointSeq = 0;
    uint32_t pageSize = 0;
    uint64_t frames = 0; // committed frames consumed from the start of this incarnation
    uint32_t checksum1 = 0;
    uint32_t checksum2 = 0;
    bool bigEndian = false; // checksum word order, from the incarnation's header
    bool sameIncarnation(const WalHeader& h) const {
        return h.salt1 == salt1 && h.salt2 == salt2 && h.checkpointSeq == checkpointSeq &&
               h.pageSize == pageSize;
    }
    static WalCursor atStart(const WalHeader& h) {
        return WalCursor{h.salt1, h.salt2,     h.checkpointSeq, h.pageSize,
                         0,       h.checksum1, h.checksum2,     h.bigEndianChecksum()};
    }
};

// One committed transaction: its pages (the last image of each page), in page order.
struct WalCommit {
    uint32_t databasePages = 0; // size of the database after the commit
    std::vector<uint32_t> pageNumbers;
    QByteArray pages; // pageNumbers.size() * pageSize bytes
};

// Reads frames that follow `cursor` from `frames` (the bytes of the log starting at that
// cursor's frame) and returns the commits found; `cursor` advances past the last commit frame.
// Frames after the last commit (a transaction still being written, a torn frame, frames of an
// older incarnation) are left for later. Never fails: damaged bytes simply end the log.
std::vector<WalCommit> readWalCommits(const char* frames, size_t size, WalCursor& cursor);

// The cumulative checksum SQLite uses in the log, over `size` bytes (a multiple of 8).
void walChecksum(bool bigEndian, const char* data, size_t size, uint32_t& s1, uint32_t& s2);

inline uint64_t walFrameOffset(uint64_t frameIndex, uint32_t pageSize) {
    return kWalHeaderSize + frameIndex * (uint64_t(kWalFrameHeaderSize) + pageSize);
}

} // namespace tidemark
