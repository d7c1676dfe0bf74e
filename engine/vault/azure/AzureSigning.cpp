#include "vault/azure/AzureSigning.h"

#include <QLocale>
#include <QMap>
#include <QTimeZone>
#include <QUrl>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

namespace tidemark::azure {

namespace {

QByteArray headerValue(const HeaderList& headers, const char* name) {
    for (const auto& [key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

// Header values are signed trimmed, with inner runs of whitespace folded to one space.
QByteArray folded(const QByteArray& value) {
    return value.simplified();
}

QByteArray canonicalizedHeaders(const HeaderList& headers) {
    QMap<QByteArray, QByteArray> msHeaders;
    for (const auto& [key, value] : headers) {
        const QByteArray name = key.toLower().trimmed();
        if (name.startsWith("x-ms-"))
            msHeaders.insert(name, folded(value));
    }
    QByteArray out;
    for (auto it = msHeaders.cbegin(); it != msHeaders.cend(); ++it)
        out += it.key() + ':' + it.value() + '\n';
    return out;
}

QByteArray canonicalizedResource(const SignedParts& parts) {
    QByteArray out = '/' + parts.account.toUtf8() + parts.encodedPath;
    QMap<QString, QStringList> params;
    for (const auto& [name, value] : parts.query)
        params[name.toLower()] << value;
    for (auto it = params.begin(); it != params.end(); ++it) {
        QStringList values = it.value();
        std::sort(values.begin(), values.end());
        out += '\n' + it.key().toUtf8() + ':' + values.join(QLatin1Char(',')).toUtf8();
    }
    return out;
}

} // namespace

QByteArray sharedKeyStringToSign(const SignedParts& parts) {
    // A zero length is signed as an empty line (service versions from 2015-02-21 on).
    const QByteArray length =
        parts.contentLength > 0 ? QByteArray::number(parts.contentLength) : QByteArray();
    QByteArray out = parts.method.toUpper() + '\n';
    for (const char* name : {"Content-Encoding", "Content-Language"})
        out += headerValue(parts.headers, name) + '\n';
    out += length + '\n';
    for (const char* name : {"Content-MD5", "Content-Type", "Date", "If-Modified-Since", "If-Match",
                             "If-None-Match", "If-Unmodified-Since", "Range"})
        out += headerValue(parts.headers, name) + '\n';
    out += canonicalizedHeaders(parts.headers);
    out += canonicalizedResource(parts);
    return out;
}

QByteArray sharedKeySignature(const QByteArray& accountKey, const QByteArray& stringToSign) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    HMAC(EVP_sha256(), accountKey.constData(), int(accountKey.size()),
         reinterpret_cast<const unsigned char*>(stringToSign.constData()),
         size_t(stringToSign.size()), digest, &digestLength);
    return QByteArray(reinterpret_cast<const char*>(digest), int(digestLength)).toBase64();
}

QByteArray sharedKeyAuthorization(const SignedParts& parts, const QByteArray& accountKey) {
    return "SharedKey " + parts.account.toUtf8() + ':' +
           sharedKeySignature(accountKey, sharedKeyStringToSign(parts));
}

QByteArray appendSas(const QByteArray& url, const QString& sasToken) {
    QByteArray token = sasToken.trimmed().toUtf8();
    if (token.startsWith('?'))
        token.remove(0, 1);
    if (token.isEmpty())
        return url;
    return url + (url.contains('?') ? '&' : '?') + token;
}

QByteArray httpDate(const QDateTime& when) {
    return QLocale::c()
        .toString(when.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

qint64 parseHttpDate(const QByteArray& text) {
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(text.trimmed()),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return -1;
    when.setTimeZone(QTimeZone::utc());
    return when.toMSecsSinceEpoch();
}

QByteArray encodeBlobPath(const QString& name) {
    return QUrl::toPercentEncoding(name, "/");
}

} // namespace tidemark::azure
