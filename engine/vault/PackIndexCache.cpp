#include "vault/PackIndexCache.h"

namespace tidemark {

std::shared_ptr<const PackIndex> PackIndexCache::find(const QString& pack) const {
    QMutexLocker lock(&mutex_);
    return indexes_.value(pack);
}

void PackIndexCache::keep(const QString& pack, std::shared_ptr<const PackIndex> index) {
    QMutexLocker lock(&mutex_);
    const qint64 size = qint64(index->blobs.size());
    if (blobs_ + size > kMaxBlobs) {
        indexes_.clear();
        blobs_ = 0;
    }
    if (!indexes_.contains(pack))
        blobs_ += size;
    indexes_.insert(pack, std::move(index));
}

} // namespace tidemark
