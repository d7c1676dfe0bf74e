// The `packs` table and the blob address index that deduplication reads, and the packs that
// left that index: doomed by retention (`doomed_packs`) or found damaged (`damaged_packs`).
#include "catalog/Catalog.h"

#include <algorithm>

namespace tidemark {
namespace {

qint64 addressPrefix(const Digest& d) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | d[size_t(i)];
    return qint64(v);
}

} // namespace

Status Catalog::recordPacks(const std::vector<NewPack>& packs) {
    Statement insertPack(db_, "INSERT OR IGNORE INTO packs(name, size) VALUES(?, ?)");
    Statement packId(db_, "SELECT id FROM packs WHERE name=?");
    // Keyed by the address's first 64 bits: integer keys insert and look up faster than blob
    // keys. Two addresses sharing a prefix are rare; the second is then simply not indexed and
    // is stored again rather than deduplicated.
    Statement insertBlob(db_, "INSERT OR IGNORE INTO blobs(prefix, address, pack_id, blob) "
                              "VALUES(?,?,?,?)");
    for (const auto& p : packs) {
        insertPack.bind(1, p.name).bind(2, p.size);
        TM_TRY(insertPack.run());
        packId.bind(1, p.name);
        if (packId.step() != SQLITE_ROW)
            return db_.error(QStringLiteral("recording pack %1").arg(p.name));
        qint64 id = packId.int64(0);
        packId.reset();
        // Inserting in address order keeps the index's pages hot instead of touching a random
        // page per row.
        std::vector<uint32_t> order(p.addresses.size());
        for (uint32_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](uint32_t a, uint32_t b) { return p.addresses[a] < p.addresses[b]; });
        for (uint32_t i : order) {
            const Digest& a = p.addresses[i];
            insertBlob.bind(1, addressPrefix(a));
            sqlite3_bind_blob(insertBlob.handle(), 2, a.data(), 32, SQLITE_STATIC);
            insertBlob.bind(3, id).bind(4, qint64(i));
            TM_TRY(insertBlob.run());
        }
    }
    return Status::ok();
}

bool Catalog::hasPack(const QString& name) {
    Statement q(db_, "SELECT 1 FROM packs WHERE name=?");
    q.bind(1, name);
    return q.step() == SQLITE_ROW;
}

std::vector<uint64_t> Catalog::addressPrefixes() {
    std::vector<uint64_t> out;
    Statement q(db_, "SELECT prefix FROM blobs");
    while (q.step() == SQLITE_ROW)
        out.push_back(uint64_t(q.int64(0)));
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<BlobLocation> Catalog::findBlob(const Digest& address) {
    Statement q(db_, "SELECT p.name, b.blob FROM blobs b JOIN packs p ON p.id = b.pack_id "
                     "WHERE b.prefix = ? AND b.address = ?");
    q.bind(1, addressPrefix(address));
    q.bind(2, QByteArray(reinterpret_cast<const char*>(address.data()), 32));
    if (q.step() != SQLITE_ROW)
        return std::nullopt;
    return BlobLocation{q.text(0), uint32_t(q.int64(1))};
}

Status Catalog::doomPack(const QString& name, qint64 nowMs) {
    Statement blobs(db_, "DELETE FROM blobs WHERE pack_id=(SELECT id FROM packs WHERE name=?)");
    blobs.bind(1, name);
    TM_TRY(blobs.run());
    Statement pack(db_, "DELETE FROM packs WHERE name=?");
    pack.bind(1, name);
    TM_TRY(pack.run());
    Statement doom(db_, "INSERT OR IGNORE INTO doomed_packs(name, since_ms) VALUES(?, ?)");
    doom.bind(1, name).bind(2, nowMs);
    return doom.run();
}

qint64 Catalog::doomedSince(const QString& name) {
    Statement q(db_, "SELECT since_ms FROM doomed_packs WHERE name=?");
    q.bind(1, name);
    return q.step() == SQLITE_ROW ? q.int64(0) : -1;
}

Status Catalog::forgetDoomed(const QString& name) {
    Statement q(db_, "DELETE FROM doomed_packs WHERE name=?");
    q.bind(1, name);
    return q.run();
}

Status Catalog::markPackDamaged(const QString& name, qint64 nowMs, const QString& reason) {
    Statement q(db_, "INSERT OR IGNORE INTO damaged_packs(name, since_ms, reason) VALUES(?,?,?)");
    q.bind(1, name).bind(2, nowMs).bind(3, reason);
    TM_TRY(q.run());
    // Out of the dedup index: no new backup may lean on it.
    Statement blobs(db_, "DELETE FROM blobs WHERE pack_id=(SELECT id FROM packs WHERE name=?)");
    blobs.bind(1, name);
    return blobs.run();
}

bool Catalog::isPackDamaged(const QString& name) {
    Statement q(db_, "SELECT 1 FROM damaged_packs WHERE name=?");
    q.bind(1, name);
    return q.step() == SQLITE_ROW;
}

} // namespace tidemark
