#include "backup/PageMap.h"

namespace tidemark {

uint32_t PageMap::packIndex(const QString& name) {
    auto it = packIndexes_.constFind(name);
    if (it != packIndexes_.constEnd())
        return it.value();
    packs << name;
    packIndexes_.insert(name, uint32_t(packs.size() - 1));
    return uint32_t(packs.size() - 1);
}

Status PageMap::apply(const Manifest& m) {
    if (m.type == BackupType::Full) {
        pages.assign(m.pageCount, PageRef{});
    } else if (m.pageSize != pageSize) {
        return Status::corruption(
            QStringLiteral("backup %1 has another page size than its base").arg(m.backupId));
    }
    pageSize = m.pageSize;
    pageCount = m.pageCount;
    pages.resize(m.pageCount);
    logicalHash = m.logicalHash;
    std::vector<uint32_t> local;
    local.reserve(size_t(m.packs.size()));
    for (const QString& p : m.packs)
        local.push_back(packIndex(p));
    for (const PageRun& run : m.runs) {
        for (uint32_t i = 0; i < run.count; ++i)
            pages[run.firstPage - 1 + i] = PageRef{local[run.pack], run.firstBlob + i};
    }
    return Status::ok();
}

Status PageMap::checkComplete() const {
    for (size_t i = 0; i < pages.size(); ++i) {
        if (!pages[i].valid())
            return Status::corruption(
                QStringLiteral("the backup chain has no copy of page %1").arg(i + 1));
    }
    return Status::ok();
}

Result<std::vector<PageIdentity>>
identitiesOf(const PageMap& map, const Vault& vault,
             const std::function<bool(const QString&)>& unusable) {
    std::vector<std::vector<PageIdentity>> perPack(size_t(map.packs.size()));
    std::vector<bool> needed(size_t(map.packs.size()), false);
    for (const PageRef& r : map.pages) {
        if (r.valid())
            needed[r.pack] = true;
    }
    for (int i = 0; i < map.packs.size(); ++i) {
        if (!needed[size_t(i)])
            continue;
        if (unusable && unusable(map.packs[i]))
            continue;
        auto index = vault.packIndex(map.packs[i]);
        // An unreadable pack leaves its pages without identity: they count as changed and the
        // next backup stores them again.
        if (!index)
            continue;
        for (const PackBlobInfo& b : (*index)->blobs)
            perPack[size_t(i)].push_back(PageIdentity{b.address, b.fingerprint});
    }
    std::vector<PageIdentity> out(map.pages.size());
    for (size_t i = 0; i < map.pages.size(); ++i) {
        const PageRef& r = map.pages[i];
        if (!r.valid())
            return Status::corruption(
                QStringLiteral("the backup chain has no copy of page %1").arg(i + 1));
        if (r.blob < perPack[r.pack].size())
            out[i] = perPack[r.pack][r.blob];
        else
            out[i].fingerprint = ~0ull ^ i; // unknown: matches no page's address
    }
    return out;
}

} // namespace tidemark
