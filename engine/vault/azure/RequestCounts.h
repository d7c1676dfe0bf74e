#pragma once

#include <QByteArray>

#include <atomic>

namespace tidemark::azure {

// Requests sent to the Blob service, grouped as the service bills them: writes (Put Blob, Put
// Block, Put Block List, Create Container), reads (Get Blob, Get Blob Properties), listings
// (List Blobs) and deletions. Every attempt counts: a retried request is billed again.
struct RequestCounts {
    qint64 puts = 0;
    qint64 gets = 0;
    qint64 lists = 0;
    qint64 deletes = 0;
    qint64 total() const { return puts + gets + lists + deletes; }
    // What was sent between an earlier reading and this one.
    RequestCounts since(const RequestCounts& earlier) const {
        return {puts - earlier.puts, gets - earlier.gets, lists - earlier.lists,
                deletes - earlier.deletes};
    }
};

// Counts requests as they are sent; read from any thread.
class RequestCounter {
public:
    void count(const QByteArray& method, bool listing) {
        if (listing)
            ++lists_;
        else if (method == "PUT")
            ++puts_;
        else if (method == "DELETE")
            ++deletes_;
        else
            ++gets_;
    }
    RequestCounts read() const {
        return {puts_.load(), gets_.load(), lists_.load(), deletes_.load()};
    }

private:
    std::atomic<qint64> puts_{0};
    std::atomic<qint64> gets_{0};
    std::atomic<qint64> lists_{0};
    std::atomic<qint64> deletes_{0};
};

} // namespace tidemark::azure
