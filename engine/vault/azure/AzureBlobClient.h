#pragma once

#include "core/Status.h"
#include "vault/azure/AzureSigning.h"
#include "vault/azure/RequestCounts.h"

#include <QList>
#include <QString>

namespace tidemark::azure {

// Who the client talks to and how it proves it may.
struct AzureAccount {
    QString name;
    // The blob service's base URL without a trailing '/': https://ACCOUNT.blob.core.windows.net,
    // or an emulator's http://127.0.0.1:PORT/ACCOUNT.
    QString endpoint;
    QByteArray key; // base64-decoded Shared Key; empty when a SAS is used instead
    QString sasToken;
};

struct BlobProperties {
    QString name;
    qint64 size = 0;
    qint64 modifiedMs = 0;
    QString etag;
};

// Whether a write may replace what is there.
struct WriteCondition {
    enum class Kind { Always, IfAbsent, IfMatch };
    Kind kind = Kind::Always;
    QString etag; // for IfMatch
    static WriteCondition always() { return {}; }
    static WriteCondition ifAbsent() { return {Kind::IfAbsent, {}}; }
    static WriteCondition ifMatch(QString etag) { return {Kind::IfMatch, std::move(etag)}; }
};

struct RetryPolicy {
    int maxAttempts = 6;
    int firstDelayMs = 200;
    int maxDelayMs = 10000;
};

// A small Blob service client on libcurl: the requests a vault location needs, signed with
// Shared Key or a SAS, retried with backoff on throttling, server and transport errors.
// Thread-safe: each request uses its own transfer.
class AzureBlobClient {
public:
    explicit AzureBlobClient(AzureAccount account, RetryPolicy retry = {});

    const QString& accountName() const { return account_.name; }

    // Objects above this size are uploaded as blocks of this size, then committed as one.
    void setBlockSize(qint64 bytes) { blockSize_ = bytes; }
    // Caps how many names one listing request returns (the service's default is 5000).
    void setListPageSize(int names) { listPageSize_ = names; }

    // An existing container is fine.
    Status createContainer(const QString& container);
    // Writes a whole blob; returns its new ETag. AlreadyExists when `condition` is IfAbsent and
    // the name is taken, Busy when it is IfMatch and the blob changed.
    Result<QString> putBlob(const QString& container, const QString& name, const QByteArray& data,
                            const WriteCondition& condition);
    Result<QByteArray> getRange(const QString& container, const QString& name, qint64 offset,
                                qint64 length);
    // NotFound when there is no such blob.
    Result<BlobProperties> properties(const QString& container, const QString& name);
    // Every blob whose name starts with `prefix`, in name order, following continuation markers.
    Result<QList<BlobProperties>> list(const QString& container, const QString& prefix);
    // A blob already gone is fine.
    Status deleteBlob(const QString& container, const QString& name);
    // Every request this client has sent so far (object stores bill per request).
    RequestCounts requestCounts() const { return counter_.read(); }

    struct Response;
    struct Request;

private:
    Result<QString> putWhole(const QString& container, const QString& name, const QByteArray& data,
                             const WriteCondition& condition);
    Result<QString> putInBlocks(const QString& container, const QString& name,
                                const QByteArray& data, const WriteCondition& condition);
    // Sends a write that stored `nonce` in the blob's metadata; returns the new ETag.
    Result<QString> sendWrite(const Request& request, const QString& nonce);
    // Sends `request`, retrying what may succeed on another try; a response with any final
    // status (2xx or not) is returned, transport failures after the last try are errors.
    Result<Response> send(const Request& request);
    Result<Response> sendOnce(const Request& request);
    Status failure(const Response& response, const QString& container, const QString& name) const;
    QString address(const QString& container, const QString& name) const;

    AzureAccount account_;
    RetryPolicy retry_;
    qint64 blockSize_ = 4 * 1024 * 1024;
    int listPageSize_ = 0;
    RequestCounter counter_;
};

} // namespace tidemark::azure
