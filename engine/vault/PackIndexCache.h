#pragma once

#include "vault/Pack.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>

namespace tidemark {

// Pack indexes already read, by pack name. A published pack never changes, so an index read
// once stays true; keeping it spares each backup reading its base's indexes again (two requests
// per pack from an object store). Bounded: past kMaxBlobs entries it starts over. Thread-safe.
class PackIndexCache {
public:
    static constexpr qint64 kMaxBlobs = 2'000'000; // about 100 MiB of addresses
    std::shared_ptr<const PackIndex> find(const QString& pack) const;
    void keep(const QString& pack, std::shared_ptr<const PackIndex> index);

private:
    mutable QMutex mutex_;
    QHash<QString, std::shared_ptr<const PackIndex>> indexes_;
    qint64 blobs_ = 0;
};

} // namespace tidemark
