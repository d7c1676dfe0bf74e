#include "vault/KeyRing.h"

#include <QJsonArray>

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
const QByteArray kKeyMagic("TMK1");

QByteArray dataKeyContext(quint32 id) {
    return "tidemark data key " + QByteArray::number(id);
}
QByteArray keyHeader(quint32 id) {
    QByteArray h = kKeyMagic;
    for (int shift = 24; shift >= 0; shift -= 8)
        h.append(char((id >> shift) & 0xff));
    return h;
}

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
    const double n = kdf.value(QStringLiteral("n")).toDouble();
    params.n = n >= 1 && n <= double(uint64_t(1) << 20) ? uint64_t(n) : 0;
    params.r = uint32_t(kdf.value(QStringLiteral("r")).toInt());
    params.p = uint32_t(kdf.value(QStringLiteral("p")).toInt());
    // Settings this program never writes are damage, and would cost minutes or gigabytes.
    if (params.n < 1024 || params.n > (uint64_t(1) << 20) || (params.n & (params.n - 1)) != 0 ||
        params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16)
        return Status::corruption(
            QStringLiteral("the vault's key derivation settings are damaged"));
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

QList<quint32> KeyRing::dataKeyIds() const {
    QList<quint32> ids{0};
    for (const auto& [id, key] : dataKeys_)
        ids << id;
    return ids;
}

Result<QJsonObject> KeyRing::newDataKey(quint32 id) const {
    if (!encrypted_)
        return Status::invalidArgument(
            QStringLiteral("this vault is not encrypted: it has no data key to rotate"));
    if (id == 0 || dataKeys_.count(id))
        return Status::invalidArgument(QStringLiteral("data key %1 already exists").arg(id));
    QByteArray key = randomBytes(32);
    auto wrapped = gcmSeal(deriveSubkey(master_, "tidemark data key wrap v1"), key.constData(),
                           size_t(key.size()), dataKeyContext(id));
    if (!wrapped)
        return wrapped.status();
    QJsonObject entry;
    entry[QStringLiteral("id")] = double(id);
    entry[QStringLiteral("wrapped")] = QString::fromLatin1(b64(*wrapped));
    return entry;
}

Result<std::shared_ptr<KeyRing>> KeyRing::withDataKeys(const QJsonArray& wrapped,
                                                       quint32 current) const {
    std::shared_ptr<KeyRing> next(new KeyRing(master_, encrypted_));
    QByteArray kek = deriveSubkey(master_, "tidemark data key wrap v1");
    for (const QJsonValue& v : wrapped) {
        QJsonObject entry = v.toObject();
        double idValue = entry.value(QStringLiteral("id")).toDouble(-1);
        if (idValue < 1 || idValue > 4294967295.0 || idValue != double(quint32(idValue)))
            return Status::corruption(QStringLiteral("the vault's data key list is damaged"));
        quint32 id = quint32(idValue);
        QByteArray sealed = unb64(entry.value(QStringLiteral("wrapped")));
        auto key = gcmOpen(kek, sealed.constData(), size_t(sealed.size()), dataKeyContext(id));
        if (!key || key->size() != 32)
            return Status::corruption(
                QStringLiteral("data key %1 in the vault configuration is damaged").arg(id));
        next->dataKeys_[id] = *key;
    }
    if (current != 0 && !next->dataKeys_.count(current))
        return Status::corruption(
            QStringLiteral("the vault configuration names data key %1, which it does not hold")
                .arg(current));
    next->current_ = current;
    return next;
}

Result<QByteArray> KeyRing::seal(const QByteArray& plain, const QByteArray& context) const {
    if (encrypted_ && current_ != 0) {
        // The header names the key and is bound into the tag with the context.
        QByteArray header = keyHeader(current_);
        auto sealed = gcmSeal(dataKeys_.at(current_), plain.constData(), size_t(plain.size()),
                              context + header);
        if (!sealed)
            return sealed.status();
        return header + *sealed;
    }
    if (encrypted_)
        return gcmSeal(dataKey_, plain.constData(), size_t(plain.size()), context);
    Sha256Stream h;
    h.update(context.constData(), size_t(context.size()));
    h.update(plain.constData(), size_t(plain.size()));
    return plain + digestBytes(h.finish());
}

Result<QByteArray> KeyRing::open(const char* sealed, size_t size, const QByteArray& context) const {
    if (encrypted_ && size >= size_t(kKeyHeader) && memcmp(sealed, kKeyMagic.constData(), 4) == 0) {
        quint32 id = 0;
        for (int i = 4; i < kKeyHeader; ++i)
            id = (id << 8) | quint32(uchar(sealed[i]));
        auto key = dataKeys_.find(id);
        if (key != dataKeys_.end()) {
            QByteArray header(sealed, kKeyHeader);
            auto plain = gcmOpen(key->second, sealed + kKeyHeader, size - size_t(kKeyHeader),
                                 context + header);
            if (plain)
                return plain;
        }
        // An object of key 0 whose random nonce happens to begin like a header.
        auto legacy = gcmOpen(dataKey_, sealed, size, context);
        if (legacy || key != dataKeys_.end())
            return legacy;
        return Status::corruption(
            QStringLiteral("the object is damaged, or sealed with data key %1, which this "
                           "vault's configuration does not hold")
                .arg(id));
    }
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
