#pragma once

#include "core/Status.h"

#include <QByteArray>

#include <array>
#include <cstdint>
#include <cstring>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace tidemark {

using Digest = std::array<uint8_t, 32>;

QByteArray randomBytes(int count);
Digest sha256(const char* data, size_t size);
inline Digest sha256(const QByteArray& d) {
    return sha256(d.constData(), size_t(d.size()));
}
QByteArray digestBytes(const Digest& d);

// For hash tables keyed by digests: the digest is already uniformly distributed.
struct DigestHash {
    size_t operator()(const Digest& d) const {
        size_t v;
        std::memcpy(&v, d.data(), sizeof v);
        return v;
    }
};
QString digestHex(const Digest& d);

// Incremental SHA-256 for streams (logical hashes, file checksums).
class Sha256Stream {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;
    void update(const void* data, size_t size);
    Digest finish();

private:
    EVP_MD_CTX* ctx_;
};

// HMAC-SHA256 under a fixed key, with the keyed inner and outer states computed once, so
// hashing millions of pages costs the pages and not the key schedule. Thread-safe: each call
// works on its own copy of the prepared states.
class KeyedHasher {
public:
    explicit KeyedHasher(const QByteArray& key);
    ~KeyedHasher();
    KeyedHasher(const KeyedHasher&) = delete;
    KeyedHasher& operator=(const KeyedHasher&) = delete;
    Digest hash(const char* data, size_t size) const;

private:
    EVP_MD_CTX* inner_;
    EVP_MD_CTX* outer_;
};

// AES-256-GCM with a fresh random 96-bit nonce per message.
// Sealed layout: nonce(12) | ciphertext | tag(16).
constexpr int kGcmOverhead = 12 + 16;
Result<QByteArray> gcmSeal(const QByteArray& key, const char* plain, size_t size,
                           const QByteArray& associated);
Result<QByteArray> gcmOpen(const QByteArray& key, const char* sealed, size_t size,
                           const QByteArray& associated);

struct ScryptParams {
    uint64_t n = 1 << 15;
    uint32_t r = 8;
    uint32_t p = 1;
};
Result<QByteArray> scryptDerive(const QByteArray& passphrase, const QByteArray& salt,
                                const ScryptParams& params);
// HKDF-SHA256 expand of a 32-byte key for one purpose.
QByteArray deriveSubkey(const QByteArray& master, const char* purpose, int length = 32);

} // namespace tidemark
