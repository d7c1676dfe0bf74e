// Log segments of captured commits: arbitrary bytes to the parser. What parses must survive
// its own round trip unchanged, with one page image per page number.
#include "FuzzSupport.h"
#include "capture/LogSegment.h"

#include <cstdlib>

using namespace tidemark;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray input = fuzz::bytes(data, size);
    auto parsed = LogSegment::parse(input);
    if (parsed) {
        QByteArray again = parsed->serialize();
        auto reparsed = LogSegment::parse(again);
        if (!reparsed || reparsed->serialize() != again)
            abort();
        for (const CapturedCommit& c : parsed->commits) {
            if (c.pages.size() != qsizetype(c.pageNumbers.size()) * parsed->pageSize)
                abort();
        }
    }
    return 0;
}
