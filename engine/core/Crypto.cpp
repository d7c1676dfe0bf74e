#include "core/Crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace tidemark {

QByteArray randomBytes(int count) {
    QByteArray out(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), count) != 1)
        qFatal("the system random generator failed");
    return out;
}

Digest sha256(const char* data, size_t size) {
    Digest d{};
    unsigned int len = 0;
    EVP_Digest(data, size, d.data(), &len, EVP_sha256(), nullptr);
    return d;
}

QByteArray digestBytes(const Digest& d) {
    return QByteArray(reinterpret_cast<const char*>(d.data()), int(d.size()));
}

QString digestHex(const Digest& d) {
    return QString::fromLatin1(digestBytes(d).toHex());
}

Sha256Stream::Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr);
}
Sha256Stream::~Sha256Stream() {
    EVP_MD_CTX_free(ctx_);
}
void Sha256Stream::update(const void* data, size_t size) {
    EVP_DigestUpdate(ctx_, data, size);
}
Digest Sha256Stream::finish() {
    Digest d{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_, d.data(), &len);
    return d;
}

KeyedHasher::KeyedHasher(const QByteArray& key)
    : inner_(EVP_MD_CTX_new()), outer_(EVP_MD_CTX_new()) {
    unsigned char block[64] = {};
    if (key.size() > 64) {
        Digest d = sha256(key);
        std::copy(d.begin(), d.end(), block);
    } else {
        std::copy(key.begin(), key.end(), block);
    }
    unsigned char ipad[64], opad[64];
    for (int i = 0; i < 64; ++i) {
        ipad[i] = block[i] ^ 0x36;
        opad[i] = block[i] ^ 0x5c;
    }
    EVP_DigestInit_ex(inner_, EVP_sha256(), nullptr);
    EVP_DigestUpdate(inner_, ipad, 64);
    EVP_DigestInit_ex(outer_, EVP_sha256(), nullptr);
    EVP_DigestUpdate(outer_, opad, 64);
}

KeyedHasher::~KeyedHasher() {
    EVP_MD_CTX_free(inner_);
    EVP_MD_CTX_free(outer_);
}

Digest KeyedHasher::hash(const char* data, size_t size) const {
    // One scratch context per thread: allocating one per page costs as much as hashing it.
    thread_local struct Scratch {
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        ~Scratch() { EVP_MD_CTX_free(ctx); }
    } scratch;
    EVP_MD_CTX* ctx = scratch.ctx;
    Digest innerDigest{};
    Digest out{};
    unsigned int len = 0;
    EVP_MD_CTX_copy_ex(ctx, inner_);
    EVP_DigestUpdate(ctx, data, size);
    EVP_DigestFinal_ex(ctx, innerDigest.data(), &len);
    EVP_MD_CTX_copy_ex(ctx, outer_);
    EVP_DigestUpdate(ctx, innerDigest.data(), innerDigest.size());
    EVP_DigestFinal_ex(ctx, out.data(), &len);
    return out;
}

namespace {
struct CipherCtx {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); }
};
} // namespace

Result<QByteArray> gcmSeal(const QByteArray& key, const char* plain, size_t size,
                           const QByteArray& associated) {
    if (key.size() != 32)
        return Status::invalidArgument(QStringLiteral("encryption key has the wrong size"));
    QByteArray out(int(size) + kGcmOverhead, Qt::Uninitialized);
    QByteArray nonce = randomBytes(12);
    std::copy(nonce.begin(), nonce.end(), out.begin());
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    CipherCtx c;
    int len = 0;
    bool ok = EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr,
                                 reinterpret_cast<const unsigned char*>(key.constData()), o) == 1;
    if (ok && !associated.isEmpty())
        ok = EVP_EncryptUpdate(c.ctx, nullptr, &len,
                               reinterpret_cast<const unsigned char*>(associated.constData()),
                               int(associated.size())) == 1;
    ok = ok && EVP_EncryptUpdate(c.ctx, o + 12, &len, reinterpret_cast<const unsigned char*>(plain),
                                 int(size)) == 1;
    ok = ok && EVP_EncryptFinal_ex(c.ctx, o + 12 + len, &len) == 1;
    ok = ok && EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, 16, o + 12 + size) == 1;
    if (!ok)
        return Status::failed(QStringLiteral("encryption failed"));
    return out;
}

Result<QByteArray> gcmOpen(const QByteArray& key, const char* sealed, size_t size,
                           const QByteArray& associated) {
    if (key.size() != 32)
        return Status::invalidArgument(QStringLiteral("encryption key has the wrong size"));
    if (size < size_t(kGcmOverhead))
        return Status::corruption(QStringLiteral("encrypted object is too short"));
    auto* s = reinterpret_cast<const unsigned char*>(sealed);
    size_t plainSize = size - kGcmOverhead;
    QByteArray out(int(plainSize), Qt::Uninitialized);
    CipherCtx c;
    int len = 0;
    bool ok = EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr,
                                 reinterpret_cast<const unsigned char*>(key.constData()), s) == 1;
    if (ok && !associated.isEmpty())
        ok = EVP_DecryptUpdate(c.ctx, nullptr, &len,
                               reinterpret_cast<const unsigned char*>(associated.constData()),
                               int(associated.size())) == 1;
    ok = ok && EVP_DecryptUpdate(c.ctx, reinterpret_cast<unsigned char*>(out.data()), &len, s + 12,
                                 int(plainSize)) == 1;
    ok = ok && EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, 16,
                                   const_cast<unsigned char*>(s + 12 + plainSize)) == 1;
    ok = ok &&
         EVP_DecryptFinal_ex(c.ctx, reinterpret_cast<unsigned char*>(out.data()) + len, &len) == 1;
    if (!ok)
        return Status::corruption(
            QStringLiteral("authentication failed: the object was altered or the key is wrong"));
    return out;
}

Result<QByteArray> scryptDerive(const QByteArray& passphrase, const QByteArray& salt,
                                const ScryptParams& params) {
    QByteArray out(32, Qt::Uninitialized);
    if (EVP_PBE_scrypt(passphrase.constData(), size_t(passphrase.size()),
                       reinterpret_cast<const unsigned char*>(salt.constData()),
                       size_t(salt.size()), params.n, params.r, params.p,
                       uint64_t(256) * 1024 * 1024, reinterpret_cast<unsigned char*>(out.data()),
                       32) != 1)
        return Status::failed(QStringLiteral("key derivation failed"));
    return out;
}

QByteArray deriveSubkey(const QByteArray& master, const char* purpose, int length) {
    QByteArray out(length, Qt::Uninitialized);
    EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr);
    bool ok =
        pctx && EVP_PKEY_derive_init(pctx) == 1 &&
        EVP_PKEY_CTX_set_hkdf_md(pctx, EVP_sha256()) == 1 &&
        EVP_PKEY_CTX_set1_hkdf_key(pctx, reinterpret_cast<const unsigned char*>(master.constData()),
                                   int(master.size())) == 1 &&
        EVP_PKEY_CTX_add1_hkdf_info(pctx, reinterpret_cast<const unsigned char*>(purpose),
                                    int(strlen(purpose))) == 1;
    size_t len = size_t(length);
    ok = ok && EVP_PKEY_derive(pctx, reinterpret_cast<unsigned char*>(out.data()), &len) == 1;
    EVP_PKEY_CTX_free(pctx);
    if (!ok)
        qFatal("key derivation failed");
    return out;
}

} // namespace tidemark
