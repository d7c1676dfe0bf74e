#include "KeyRing.h"

#include <xxhash.h>

namespace tidemark {
namespace {

QByteArray b64(const QByteArray& b) {
    return b.toBase64();
}
QByteArray unb64(const QJsonValue& v) {
    // Strict: a damaged character must not be skipped silently.
    QByteArray text = v.toString().toLatin1();
    auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    // Only the canonical encoding is accepted, so no altered character decodes the same.
    if (!decoded || decoded.decoded.toBase64() != text)
        return QByteArray();
    return decoded.decoded;
}
const QByteArray kWrapContext("tidemark master key");

// The key section: the master key sealed under a key derived from the passphrase (fresh salt).
Result<QJsonObject> wrapMaster(const QByteArray& master, const QByteArray& passphrase) {
    ScryptParams params;
    QByteArray salt = randomBytes(16);
    auto kek = scryptDerive(passphrase, salt, params);
    if (!kek)
        return kek.status();
    auto wrapped = gcmSeal(*kek, master.constData(), size_t(master.size()), kWrapContext);
    if (!wrapped)
        return wrapped.status();
    QJsonObject section;
    section[QStringLiteral("encryption")] = QStringLiteral("aes-256-gcm");
    QJsonObject kdf;
    kdf[QStringLiteral("name")] = QStringLiteral("scrypt");
    kdf[QStringLiteral("n")] = double(params.n);
    kdf[QStringLiteral("r")] = double(params.r);
    kdf[QStringLiteral("p")] = double(params.p);
    kdf[QStringLiteral("salt")] = QString::fromLatin1(b64(salt));
    section[QStringLiteral("kdf")] = kdf;
    section[QStringLiteral("wrapped_master_key")] = QString::fromLatin1(b64(*wrapped));
    return section;
}

} // namespace

KeyRing::KeyRing(QByteArray master, bool encrypted)
    : encrypted_(encrypted), master_(master), dataKey_(deriveSubkey(master, "tidemark data v1")),
      idHasher_(std::make_unique<KeyedHasher>(deriveSubkey(master, "tidemark address v1"))),
      fingerprintSecret_(deriveSubkey(master, "tidemark fingerprint v1", 192)) {}

QString KeyRing::configTag(const QByteArray& fields) const {
    KeyedHasher tagger(deriveSubkey(master_, "tidemark config v1"));
    return digestHex(tagger.hash(fields.constData(), size_t(fields.size())));
}

uint64_t KeyRing::fingerprint(const char* data, size_t size) const {
    return XXH3_64bits_withSecret(data, size, fingerprintSecret_.constData(),
                                  size_t(fingerprintSecret_.size()));
}

Result<std::shared_ptr<KeyRing>> KeyRing::create(const QByteArray* passphrase,
                                                 QJsonObject* keySection) {
    QByteArray master = randomBytes(32);
    QJsonObject section;
    if (!passphrase) {
        section[QStringLiteral("encryption")] = QStringLiteral("none");
        section[QStringLiteral("master_key")] = QString::fromLatin1(b64(master));
    } else {
        if (passphrase->isEmpty())
            return Status::invalidArgument(QStringLiteral("the passphrase is empty"));
        auto wrapped = wrapMaster(master, *passphrase);
        if (!wrapped)
            return wrapped.status();
        section = *wrapped;
    }
    *keySection = section;
    return std::shared_ptr<KeyRing>(new KeyRing(master, passphrase != nullptr));
}

Result<QJsonObject> KeyRing::wrapFor(const QByteArray& passphrase) const {
    if (!encrypted_)
        return Status::invalidArgument(
            QStringLiteral("this vault is not encrypted: it has no passphrase to change"));
    return wrapMaster(master_, passphrase);
}

Result<std::shared_ptr<KeyRing>> KeyRing::unlock(const QJsonObject& section,
                                                 const QByteArray* passphrase) {
    QString kind = section.value(QStringLiteral("encryption")).toString();
    if (kind == QStringLiteral("none")) {
        QByteArray master = unb64(section.value(QStringLiteral("master_key")));
        if (master.size() != 32)
            return Status::corruption(QStringLiteral("the vault configuration is damaged"));
        return std::shared_ptr<KeyRing>(new KeyRing(master, false));
    }
    if (kind != QStringLiteral("aes-256-gcm"))
        return Status::unsupported(QStringLiteral("unknown vault encryption '%1'").arg(kind));
    if (!passphrase)
        return Status::wrongKey(QStringLiteral(
            "this vault is encrypted and no passphrase was given (use --passphrase-file, "
            "TIDEMARK_PASSPHRASE or run from a terminal to be asked)"));
    QJsonObject kdf = section.value(QStringLiteral("kdf")).toObject();
    if (kdf.value(QStringLiteral("name")).toString() != QStringLiteral("scrypt"))
        return Status::corruption(
            QStringLiteral("the vault's key derivation settings are damaged"));
    ScryptParams params;
    params.n = uint64_t(kdf.value(QStringLiteral("n")).toDouble());
    params.r = uint32_t(kdf.value(QStringLiteral("r")).toInt());
    params.p = uint32_t(kdf.value(QStringLiteral("p")).toInt());
    QByteArray salt = unb64(kdf.value(QStringLiteral("salt")));
    auto kek = scryptDerive(*passphrase, salt, params);
    if (!kek)
        return kek.status();
    QByteArray wrapped = unb64(section.value(QStringLiteral("wrapped_master_key")));
    auto master = gcmOpen(*kek, wrapped.constData(), size_t(wrapped.size()), kWrapContext);
    if (!master)
        return Status::wrongKey(QStringLiteral("wrong passphrase for this vault"));
    return std::shared_ptr<KeyRing>(new KeyRing(*master, true));
}

Result<QByteArray> KeyRing::seal(const QByteArray& plain, const QByteArray& context) const {
    if (encrypted_)
        return gcmSeal(dataKey_, plain.constData(), size_t(plain.size()), context);
    Sha256Stream h;
    h.update(context.constData(), size_t(context.size()));
    h.update(plain.constData(), size_t(plain.size()));
    return plain + digestBytes(h.finish());
}

Result<QByteArray> KeyRing::open(const char* sealed, size_t size, const QByteArray& context) const {
    if (encrypted_)
        return gcmOpen(dataKey_, sealed, size, context);
    if (size < 32)
        return Status::corruption(QStringLiteral("object is too short"));
    Sha256Stream h;
    h.update(context.constData(), size_t(context.size()));
    h.update(sealed, size - 32);
    Digest d = h.finish();
    if (memcmp(d.data(), sealed + size - 32, 32) != 0)
        return Status::corruption(QStringLiteral("checksum mismatch: the object was altered"));
    return QByteArray(sealed, int(size - 32));
}

} // namespace tidemark
