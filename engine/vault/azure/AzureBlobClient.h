#pragma once

#include "core/Status.h"
#include "vault/azure/AzureSigning.h"
#include "vault/azure/RequestCounts.h"

#include <QList>
#include <QMap>
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
    // An upload discardUncommitted() emptied but was interrupted before deleting: not an
    // object, only waiting to be removed.
    bool emptiedUpload = false;
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
    qint64 blockSize() const { return blockSize_; }
    // Caps how many names one listing request returns (the service's default is 5000).
    void setListPageSize(int names) { listPageSize_ = names; }
    // A transfer that moves no byte for this long has stalled: it is dropped and tried again.
    void setStallTimeout(int seconds) { stallSeconds_ = seconds; }

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
    // With `Listing::WithUncommitted`, also names holding only staged blocks (an upload never
    // committed); the service reports no size for those. Emptied uploads are marked.
    enum class Listing { Committed, WithUncommitted };
    Result<QList<BlobProperties>> list(const QString& container, const QString& prefix,
                                       Listing listing = Listing::Committed);

    // A block upload in pieces: stage blocks as the bytes come, then commit them as one blob.
    // Staged blocks are invisible until committed. `nonce` (newNonce()) names the upload: its
    // blocks' ids, and the metadata by which a retried commit recognises its own write.
    static QString newNonce();
    static QString blockId(const QString& nonce, int index);
    Status putBlock(const QString& container, const QString& name, const QString& blockId,
                    const QByteArray& data);
    // Commits `blockIds`, in order, as the blob's content; returns its new ETag. Conditions and
    // errors as putBlob.
    Result<QString> commitBlocks(const QString& container, const QString& name,
                                 const QStringList& blockIds, const QString& nonce,
                                 const WriteCondition& condition);
    // Drops the blocks staged under `name` that were never committed. The service has no verb
    // for that: an empty commit marked as an emptied upload in its metadata (refused when the
    // name holds a committed blob) discards them, then that empty blob is deleted. False when
    // the name was committed meanwhile.
    Result<bool> discardUncommitted(const QString& container, const QString& name);
    // Its first step alone: returns the emptied blob's ETag; AlreadyExists when committed.
    Result<QString> emptyUncommitted(const QString& container, const QString& name);
    // Deletes an emptied upload if it is still `etag`; false when it changed or is gone.
    Result<bool> removeEmptiedUpload(const QString& container, const QString& name,
                                     const QString& etag);
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
    Request blockListRequest(const QString& container, const QString& name,
                             const QStringList& blockIds, const QString& nonce,
                             const WriteCondition& condition) const;
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
    int stallSeconds_ = 60;

public:
    // Leases (the agent lock). A lease is an exclusive hold on a blob for `seconds` (15 to 60)
    // that its holder renews; asking again with the same proposed id is the same lease, so a
    // retried acquire recognises its own. Busy when another lease holds the blob.
    Result<QString> acquireLease(const QString& container, const QString& name, int seconds,
                                 const QString& proposedId);
    Status renewLease(const QString& container, const QString& name, const QString& leaseId);
    Status releaseLease(const QString& container, const QString& name, const QString& leaseId);
    // Replaces the blob's metadata (names without the x-ms-meta- prefix, values ASCII).
    Status setMetadata(const QString& container, const QString& name, const QString& leaseId,
                       const QMap<QByteArray, QByteArray>& metadata);
    // The blob's metadata; NotFound when there is no such blob.
    Result<QMap<QByteArray, QByteArray>> metadata(const QString& container, const QString& name);

private:
    Status leaseAction(const QString& container, const QString& name, const QByteArray& action,
                       const QString& leaseId);
    // Sends `request`; ok on 200 OK, the service's refusal otherwise.
    Status sendExpectingOk(const Request& request);
};

} // namespace tidemark::azure
