#pragma once

#include "core/Crypto.h"
#include "core/Status.h"

#include <QJsonObject>

#include <map>
#include <memory>

namespace tidemark {

// The keys of one vault, derived from its master key. The master key is random; on disk it
// exists only wrapped by a key derived from the passphrase (scrypt), or, for a vault created
// with --no-encryption, in the clear (then objects are checksummed but not secret).
class KeyRing {
public:
    // A new master key, wrapped under the passphrase. Returns the vault config's key section.
    static Result<std::shared_ptr<KeyRing>> create(const QByteArray* passphrase,
                                                   QJsonObject* keySection);
    static Result<std::shared_ptr<KeyRing>> unlock(const QJsonObject& keySection,
                                                   const QByteArray* passphrase);
    // The key section for the same master key under a new passphrase (fresh salt): every
    // object stays readable, nothing is re-encrypted.
    Result<QJsonObject> wrapFor(const QByteArray& passphrase) const;

    bool encrypted() const { return encrypted_; }
    // Content address of a blob: keyed, so the names in the vault reveal nothing of the data.
    Digest address(const char* data, size_t size) const { return idHasher_->hash(data, size); }
    // A fast keyed 64-bit fingerprint (XXH3 with a vault secret). It only tells a page from
    // the page that held the same place in the previous backup, so an unchanged page costs
    // no cryptographic hash; anything stored is still named by its address.
    uint64_t fingerprint(const char* data, size_t size) const;

    // Seals an object: AES-256-GCM when encrypted, else the bytes plus a SHA-256 trailer.
    // `context` binds the object to its place (pack and segment), so objects cannot be swapped.
    Result<QByteArray> seal(const QByteArray& plain, const QByteArray& context) const;
    Result<QByteArray> open(const char* sealed, size_t size, const QByteArray& context) const;
    Result<QByteArray> open(const QByteArray& sealed, const QByteArray& context) const {
        return open(sealed.constData(), size_t(sealed.size()), context);
    }
    int sealOverhead() const {
        return encrypted_ ? kGcmOverhead + (current_ ? kKeyHeader : 0) : 32;
    }

    // Data keys. Key 0 is derived from the master key; `key rotate` adds random keys, each
    // wrapped under the master key in the vault configuration ("data_keys"). New objects are
    // sealed with the current key and carry its id in a small header; every object opens
    // with the key that sealed it, so old backups stay readable and nothing is re-encrypted.
    quint32 currentDataKey() const { return current_; }
    QList<quint32> dataKeyIds() const;
    // A fresh random data key, wrapped for the configuration: {"id", "wrapped"}.
    Result<QJsonObject> newDataKey(quint32 id) const;
    // This key ring with the wrapped keys of a configuration loaded and `current` in use.
    Result<std::shared_ptr<KeyRing>> withDataKeys(const QJsonArray& wrapped, quint32 current) const;
    // Authenticates the vault configuration's own fields (id, format), which the key wrap
    // does not cover.
    QString configTag(const QByteArray& fields) const;

private:
    KeyRing(QByteArray master, bool encrypted);
    static constexpr int kKeyHeader = 8; // "TMK1" + the key id, big-endian
    bool encrypted_;
    QByteArray master_;
    QByteArray dataKey_;
    std::unique_ptr<KeyedHasher> idHasher_;
    QByteArray fingerprintSecret_;
    std::map<quint32, QByteArray> dataKeys_; // rotated keys by id
    quint32 current_ = 0;
};

} // namespace tidemark
