#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace tidemark::azure {

// The storage service version every request asks for: its rules (string-to-sign, headers,
// listing format) are the ones this client follows.
inline constexpr char kApiVersion[] = "2021-08-06";

using HeaderList = QList<QPair<QByteArray, QByteArray>>;
using QueryList = QList<QPair<QString, QString>>;

// What of a request the Shared Key signature covers.
struct SignedParts {
    QByteArray method;
    QString account;
    // The request's path exactly as it is sent, percent-encoded: "/container/blob" on Azure,
    // "/account/container/blob" on an emulator's path-style endpoint.
    QByteArray encodedPath;
    QueryList query; // decoded names and values
    HeaderList headers;
    qint64 contentLength = 0;
};

// The Shared Key string-to-sign: the standard headers in their fixed order, then the x-ms-
// headers and the resource in canonical form.
QByteArray sharedKeyStringToSign(const SignedParts& parts);
// Base64 of HMAC-SHA256 over `stringToSign` with the account key (given base64-decoded).
QByteArray sharedKeySignature(const QByteArray& accountKey, const QByteArray& stringToSign);
// The Authorization header's value for `parts`.
QByteArray sharedKeyAuthorization(const SignedParts& parts, const QByteArray& accountKey);

// `url` with a SAS token's parameters appended (the token with or without its leading '?').
QByteArray appendSas(const QByteArray& url, const QString& sasToken);

// The x-ms-date / Last-Modified spelling: "Thu, 03 Dec 2026 17:30:00 GMT".
QByteArray httpDate(const QDateTime& when);
// Milliseconds since the epoch of an HTTP date; -1 when it does not parse.
qint64 parseHttpDate(const QByteArray& text);

// Percent-encodes a blob name for a URL path, keeping its '/' separators.
QByteArray encodeBlobPath(const QString& name);

} // namespace tidemark::azure
