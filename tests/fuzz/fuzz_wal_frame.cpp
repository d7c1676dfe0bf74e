// The write-ahead log reader: arbitrary bytes as a -wal file, read from its start and from a
// cursor part-way, as continuous capture does. Whatever the bytes, every commit returned must
// be self-consistent (pages sorted, one page image each, none past the commit's size).
#include "FuzzSupport.h"
#include "capture/WalFormat.h"

#include <cstdlib>

using namespace tidemark;

namespace {
void check(const std::vector<WalCommit>& commits, uint32_t pageSize) {
    for (const WalCommit& c : commits) {
        if (c.pages.size() != qsizetype(c.pageNumbers.size()) * qsizetype(pageSize))
            abort();
        for (size_t i = 0; i < c.pageNumbers.size(); ++i) {
            if (c.pageNumbers[i] == 0 || c.pageNumbers[i] > c.databasePages ||
                (i > 0 && c.pageNumbers[i] <= c.pageNumbers[i - 1]))
                abort();
        }
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const char* bytes = reinterpret_cast<const char*>(data);
    auto header = parseWalHeader(bytes, size);
    if (!header)
        return 0;
    WalCursor cursor = WalCursor::atStart(*header);
    auto commits = readWalCommits(bytes + kWalHeaderSize, size - kWalHeaderSize, cursor);
    check(commits, header->pageSize);
    if (walFrameOffset(cursor.frames, header->pageSize) > size)
        abort();
    // Again from where the first read stopped: nothing more, as nothing was appended.
    const uint64_t at = walFrameOffset(cursor.frames, header->pageSize);
    WalCursor resumed = cursor;
    if (!readWalCommits(bytes + at, size - at, resumed).empty())
        abort();
    return 0;
}
