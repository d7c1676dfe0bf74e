#include "vault/azure/AzureBlobClient.h"

#include "vault/azure/AzureRefusals.h"

#include <QDateTime>
#include <QMap>
#include <QRandomGenerator>
#include <QUrl>
#include <QXmlStreamReader>

#include <curl/curl.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace tidemark::azure {

struct AzureBlobClient::Request {
    QByteArray method;
    QString container;
    QString name; // empty for requests on the container itself
    QueryList query;
    HeaderList headers;
    QByteArray body;
};

struct AzureBlobClient::Response {
    long status = 0;
    QMap<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    int attempts = 0;
    QByteArray method;
    qint64 receivedMs = 0; // this machine's clock, to compare with the service's Date
    QByteArray header(const char* name) const { return headers.value(QByteArray(name)); }
    QByteArray errorCode() const {
        QByteArray code = header("x-ms-error-code");
        if (code.isEmpty()) {
            const qsizetype start = body.indexOf("<Code>");
            const qsizetype end = body.indexOf("</Code>");
            if (start >= 0 && end > start)
                code = body.mid(start + 6, end - start - 6);
        }
        return code;
    }
};

namespace {

constexpr char kNonceHeader[] = "x-ms-meta-tidemarknonce";
constexpr char kEmptiedHeader[] = "x-ms-meta-tidemarkemptied";
constexpr char kEmptiedMetadata[] = "tidemarkemptied";

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool isRetriableStatus(long status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504;
}

bool isRetriableTransport(CURLcode code) {
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

QString randomNonce() {
    return QString::number(QRandomGenerator::system()->generate64(), 16).rightJustified(16, u'0');
}

size_t collectBody(char* data, size_t size, size_t count, void* target) {
    static_cast<QByteArray*>(target)->append(data, qsizetype(size * count));
    return size * count;
}

size_t collectHeader(char* data, size_t size, size_t count, void* target) {
    auto* headers = static_cast<QMap<QByteArray, QByteArray>*>(target);
    const QByteArray line(data, qsizetype(size * count));
    if (line.startsWith("HTTP/")) {
        headers->clear(); // a new response (after an interim 100 Continue)
    } else if (const qsizetype colon = line.indexOf(':'); colon > 0) {
        headers->insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    return size * count;
}

QByteArray encodedQuery(const QueryList& query) {
    QByteArray out;
    for (const auto& [name, value] : query) {
        out += out.isEmpty() ? '?' : '&';
        out += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

void conditionHeaders(const WriteCondition& condition, HeaderList& headers) {
    if (condition.kind == WriteCondition::Kind::IfAbsent)
        headers.emplaceBack("If-None-Match", "*");
    else if (condition.kind == WriteCondition::Kind::IfMatch)
        headers.emplaceBack("If-Match", condition.etag.toUtf8());
}

} // namespace

AzureBlobClient::AzureBlobClient(AzureAccount account, RetryPolicy retry)
    : account_(std::move(account)), retry_(retry) {
    while (account_.endpoint.endsWith(QLatin1Char('/')))
        account_.endpoint.chop(1);
    initCurlOnce();
}

QString AzureBlobClient::address(const QString& container, const QString& name) const {
    return QStringLiteral("azure://%1/%2%3")
        .arg(account_.name, container, name.isEmpty() ? QString() : QLatin1Char('/') + name);
}

Result<AzureBlobClient::Response> AzureBlobClient::sendOnce(const Request& request) {
    const QUrl endpoint(account_.endpoint);
    QByteArray path = endpoint.path(QUrl::FullyEncoded).toUtf8() + '/' +
                      QUrl::toPercentEncoding(request.container);
    if (!request.name.isEmpty())
        path += '/' + encodeBlobPath(request.name);
    QByteArray url =
        account_.endpoint.left(account_.endpoint.size() - endpoint.path().size()).toUtf8() + path +
        encodedQuery(request.query);
    if (!account_.sasToken.isEmpty())
        url = appendSas(url, account_.sasToken);

    const bool hasBody = request.method == "PUT";
    HeaderList headers = request.headers;
    headers.emplaceBack("x-ms-date", httpDate(QDateTime::currentDateTimeUtc()));
    headers.emplaceBack("x-ms-version", kApiVersion);
    if (hasBody && !request.body.isEmpty())
        headers.emplaceBack("Content-Type", "application/octet-stream");
    if (!account_.key.isEmpty()) {
        SignedParts parts{request.method, account_.name, path,
                          request.query,  headers,       hasBody ? qint64(request.body.size()) : 0};
        headers.emplaceBack("Authorization", sharedKeyAuthorization(parts, account_.key));
    }

    CURL* curl = curl_easy_init();
    if (!curl)
        return Status::failed(QStringLiteral("cannot start an HTTP transfer"));
    curl_slist* headerLines = nullptr;
    for (const auto& [name, value] : headers)
        headerLines = curl_slist_append(headerLines, (name + ": " + value).constData());
    // curl would otherwise add headers of its own that are not signed.
    headerLines = curl_slist_append(headerLines, "Expect:");
    if (!hasBody || request.body.isEmpty())
        headerLines = curl_slist_append(headerLines, "Content-Type:");

    Response response;
    counter_.count(request.method,
                   request.query.contains({QStringLiteral("comp"), QStringLiteral("list")}));
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
    // A transfer that moves no byte for the stall time has stalled: give up and let a retry
    // start (waiting for an answer counts too: a server that never answers has stalled).
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, long(stallSeconds_));
    if (request.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (hasBody) {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.constData());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    } else if (request.method != "GET") {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.constData());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headerLines);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collectBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collectHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    const CURLcode code = curl_easy_perform(curl);
    response.method = request.method;
    response.receivedMs = QDateTime::currentMSecsSinceEpoch();
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    curl_slist_free_all(headerLines);
    curl_easy_cleanup(curl);
    if (code != CURLE_OK) {
        const QString what = QStringLiteral("cannot reach %1 (%2)")
                                 .arg(address(request.container, request.name),
                                      QString::fromUtf8(curl_easy_strerror(code)));
        return isRetriableTransport(code) ? Status::ioError(what) : Status::failed(what);
    }
    return response;
}

Result<AzureBlobClient::Response> AzureBlobClient::send(const Request& request) {
    Result<Response> last = Status::failed(QStringLiteral("no attempt was made"));
    for (int attempt = 1; attempt <= retry_.maxAttempts; ++attempt) {
        last = sendOnce(request);
        bool again = false;
        int waitMs = std::min(retry_.maxDelayMs, retry_.firstDelayMs << std::min(attempt - 1, 20));
        if (!last) {
            again = last.status().code() == Status::Code::IOError;
        } else {
            last->attempts = attempt;
            again = isRetriableStatus(last->status);
            bool isNumber = false;
            const int retryAfter = last->header("retry-after").toInt(&isNumber);
            if (again && isNumber)
                waitMs = std::min(retry_.maxDelayMs, std::max(waitMs, retryAfter * 1000));
        }
        if (!again || attempt == retry_.maxAttempts)
            break;
        // Half the delay fixed, half random, so clients throttled together do not return together.
        const int jittered = waitMs / 2 + int(QRandomGenerator::global()->bounded(waitMs / 2 + 1));
        std::this_thread::sleep_for(std::chrono::milliseconds(jittered));
    }
    return last;
}

Status AzureBlobClient::failure(const Response& response, const QString& container,
                                const QString& name) const {
    ErrorAnswer answer{response.status,
                       response.header("x-ms-error-code"),
                       {},
                       response.header("date"),
                       response.receivedMs,
                       response.method == "PUT" || response.method == "DELETE"};
    readErrorBody(response.body, answer);
    return refusalStatus(answer,
                         {account_.name, container, address(container, name), account_.sasToken});
}

Status AzureBlobClient::createContainer(const QString& container) {
    Request request{
        "PUT", container, {}, {{QStringLiteral("restype"), QStringLiteral("container")}}, {}, {}};
    auto response = send(request);
    if (!response)
        return response.status();
    if (response->status == 201 ||
        (response->status == 409 && response->errorCode() == "ContainerAlreadyExists"))
        return Status::ok();
    return failure(*response, container, {});
}

Result<QString> AzureBlobClient::putBlob(const QString& container, const QString& name,
                                         const QByteArray& data, const WriteCondition& condition) {
    if (blockSize_ > 0 && data.size() > blockSize_)
        return putInBlocks(container, name, data, condition);
    return putWhole(container, name, data, condition);
}

Result<QString> AzureBlobClient::putWhole(const QString& container, const QString& name,
                                          const QByteArray& data, const WriteCondition& condition) {
    const QString nonce = randomNonce();
    Request request{"PUT",
                    container,
                    name,
                    {},
                    {{"x-ms-blob-type", "BlockBlob"}, {kNonceHeader, nonce.toUtf8()}},
                    data};
    conditionHeaders(condition, request.headers);
    return sendWrite(request, nonce);
}

Result<QString> AzureBlobClient::sendWrite(const Request& request, const QString& nonce) {
    auto response = send(request);
    if (!response)
        return response.status();
    if (response->status == 201)
        return QString::fromUtf8(response->header("etag"));
    // A conditional write retried after a lost answer meets its own first attempt: the nonce
    // it stored tells that apart from someone else's write.
    if ((response->status == 409 || response->status == 412) && response->attempts > 1) {
        Request head{"HEAD", request.container, request.name, {}, {}, {}};
        auto now = send(head);
        if (now && now->status == 200 && now->header(kNonceHeader) == nonce.toUtf8())
            return QString::fromUtf8(now->header("etag"));
    }
    return failure(*response, request.container, request.name);
}

Result<QString> AzureBlobClient::putInBlocks(const QString& container, const QString& name,
                                             const QByteArray& data,
                                             const WriteCondition& condition) {
    const QString nonce = newNonce();
    QStringList ids;
    for (qint64 offset = 0; offset < data.size(); offset += blockSize_) {
        ids << blockId(nonce, int(ids.size()));
        TM_TRY(putBlock(container, name, ids.last(), data.mid(offset, blockSize_)));
    }
    return commitBlocks(container, name, ids, nonce, condition);
}

QString AzureBlobClient::newNonce() {
    return randomNonce();
}

QString AzureBlobClient::blockId(const QString& nonce, int index) {
    // Block ids must all have the same length; the nonce keeps two writers' blocks apart.
    return QString::fromLatin1(
        (nonce + QStringLiteral("-%1").arg(index, 6, 10, QLatin1Char('0'))).toLatin1().toBase64());
}

Status AzureBlobClient::putBlock(const QString& container, const QString& name,
                                 const QString& blockId, const QByteArray& data) {
    Request block{
        "PUT",
        container,
        name,
        {{QStringLiteral("comp"), QStringLiteral("block")}, {QStringLiteral("blockid"), blockId}},
        {},
        data};
    auto response = send(block);
    if (!response)
        return response.status();
    if (response->status != 201)
        return failure(*response, container, name);
    return Status::ok();
}

AzureBlobClient::Request AzureBlobClient::blockListRequest(const QString& container,
                                                           const QString& name,
                                                           const QStringList& blockIds,
                                                           const QString& nonce,
                                                           const WriteCondition& condition) const {
    QByteArray blockList = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
    for (const QString& id : blockIds)
        blockList += "<Latest>" + id.toLatin1() + "</Latest>";
    blockList += "</BlockList>";
    Request commit{"PUT",
                   container,
                   name,
                   {{QStringLiteral("comp"), QStringLiteral("blocklist")}},
                   {{kNonceHeader, nonce.toUtf8()}},
                   blockList};
    conditionHeaders(condition, commit.headers);
    return commit;
}

Result<QString> AzureBlobClient::commitBlocks(const QString& container, const QString& name,
                                              const QStringList& blockIds, const QString& nonce,
                                              const WriteCondition& condition) {
    return sendWrite(blockListRequest(container, name, blockIds, nonce, condition), nonce);
}

Result<QString> AzureBlobClient::emptyUncommitted(const QString& container, const QString& name) {
    const QString nonce = newNonce();
    Request empty = blockListRequest(container, name, {}, nonce, WriteCondition::ifAbsent());
    empty.headers.emplaceBack(kEmptiedHeader, "1");
    return sendWrite(empty, nonce);
}

Result<bool> AzureBlobClient::removeEmptiedUpload(const QString& container, const QString& name,
                                                  const QString& etag) {
    // Only the emptied blob: a writer that published under the name since keeps its object.
    Request remove{"DELETE", container, name, {}, {{"If-Match", etag.toUtf8()}}, {}};
    auto response = send(remove);
    if (!response)
        return response.status();
    if (response->status == 202 || response->status == 200)
        return true;
    if (response->status == 412 || response->status == 404)
        return false;
    return failure(*response, container, name);
}

Result<bool> AzureBlobClient::discardUncommitted(const QString& container, const QString& name) {
    auto emptied = emptyUncommitted(container, name);
    if (!emptied)
        return emptied.status().code() == Status::Code::AlreadyExists ? Result<bool>(false)
                                                                      : emptied.status();
    return removeEmptiedUpload(container, name, *emptied);
}

Result<QByteArray> AzureBlobClient::getRange(const QString& container, const QString& name,
                                             qint64 offset, qint64 length) {
    if (length <= 0)
        return QByteArray();
    Request request{
        "GET",
        container,
        name,
        {},
        {{"x-ms-range",
          QStringLiteral("bytes=%1-%2").arg(offset).arg(offset + length - 1).toLatin1()}},
        {}};
    auto response = send(request);
    if (!response)
        return response.status();
    if (response->status != 200 && response->status != 206)
        return failure(*response, container, name);
    return response->body;
}

Result<BlobProperties> AzureBlobClient::properties(const QString& container, const QString& name) {
    Request request{"HEAD", container, name, {}, {}, {}};
    auto response = send(request);
    if (!response)
        return response.status();
    if (response->status != 200)
        return failure(*response, container, name);
    BlobProperties found;
    found.name = name;
    found.size = response->header("content-length").toLongLong();
    found.modifiedMs = parseHttpDate(response->header("last-modified"));
    found.etag = QString::fromUtf8(response->header("etag"));
    return found;
}

namespace {

// One page of a listing: its blobs and the marker of the next page (empty on the last).
Status parseListing(const QByteArray& xml, QList<BlobProperties>& blobs, QString& nextMarker) {
    QXmlStreamReader reader(xml);
    BlobProperties blob;
    QString element;
    nextMarker.clear();
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            element = reader.name().toString();
            if (element == QLatin1String("Blob"))
                blob = BlobProperties{};
        } else if (reader.isEndElement()) {
            if (reader.name() == QLatin1String("Blob"))
                blobs.append(blob);
            element.clear();
        } else if (reader.isCharacters() && !element.isEmpty()) {
            const QString text = reader.text().toString();
            if (element == QLatin1String("Name"))
                blob.name += text;
            else if (element == QLatin1String("Content-Length"))
                blob.size = text.toLongLong();
            else if (element == QLatin1String("Last-Modified"))
                blob.modifiedMs = parseHttpDate(text.toLatin1());
            else if (element == QLatin1String("Etag"))
                blob.etag += text;
            else if (element == QLatin1String("NextMarker"))
                nextMarker += text;
            else if (element == QLatin1String(kEmptiedMetadata))
                blob.emptiedUpload = true;
        }
    }
    if (reader.hasError())
        return Status::corruption(
            QStringLiteral("a blob listing does not parse: %1").arg(reader.errorString()));
    return Status::ok();
}

} // namespace

Result<QList<BlobProperties>> AzureBlobClient::list(const QString& container, const QString& prefix,
                                                    Listing listing) {
    QList<BlobProperties> blobs;
    QString marker;
    do {
        Request request{"GET",
                        container,
                        {},
                        {{QStringLiteral("restype"), QStringLiteral("container")},
                         {QStringLiteral("comp"), QStringLiteral("list")}},
                        {},
                        {}};
        if (!prefix.isEmpty())
            request.query.emplaceBack(QStringLiteral("prefix"), prefix);
        if (!marker.isEmpty())
            request.query.emplaceBack(QStringLiteral("marker"), marker);
        if (listPageSize_ > 0)
            request.query.emplaceBack(QStringLiteral("maxresults"), QString::number(listPageSize_));
        // Metadata tells emptied uploads from objects.
        request.query.emplaceBack(QStringLiteral("include"),
                                  listing == Listing::WithUncommitted
                                      ? QStringLiteral("metadata,uncommittedblobs")
                                      : QStringLiteral("metadata"));
        auto response = send(request);
        if (!response)
            return response.status();
        if (response->status != 200)
            return failure(*response, container, {});
        TM_TRY(parseListing(response->body, blobs, marker));
    } while (!marker.isEmpty());
    return blobs;
}

Status AzureBlobClient::deleteBlob(const QString& container, const QString& name) {
    Request request{"DELETE", container, name, {}, {}, {}};
    auto response = send(request);
    if (!response)
        return response.status();
    if (response->status == 202 || response->status == 200 ||
        (response->status == 404 && response->errorCode() == "BlobNotFound"))
        return Status::ok();
    return failure(*response, container, name);
}

Result<QString> AzureBlobClient::acquireLease(const QString& container, const QString& name,
                                              int seconds, const QString& proposedId) {
    Request request{"PUT",
                    container,
                    name,
                    {{QStringLiteral("comp"), QStringLiteral("lease")}},
                    {{"x-ms-lease-action", "acquire"},
                     {"x-ms-lease-duration", QByteArray::number(seconds)},
                     {"x-ms-proposed-lease-id", proposedId.toLatin1()}},
                    {}};
    auto response = send(request);
    if (!response)
        return response.status();
    if (response->status == 201 || response->status == 200)
        return QString::fromLatin1(response->header("x-ms-lease-id"));
    return failure(*response, container, name);
}

Status AzureBlobClient::leaseAction(const QString& container, const QString& name,
                                    const QByteArray& action, const QString& leaseId) {
    Request request{"PUT",
                    container,
                    name,
                    {{QStringLiteral("comp"), QStringLiteral("lease")}},
                    {{"x-ms-lease-action", action}, {"x-ms-lease-id", leaseId.toLatin1()}},
                    {}};
    return sendExpectingOk(request);
}

Status AzureBlobClient::sendExpectingOk(const Request& request) {
    auto response = send(request);
    if (!response)
        return response.status();
    if (response->status == 200)
        return Status::ok();
    return failure(*response, request.container, request.name);
}

Status AzureBlobClient::renewLease(const QString& container, const QString& name,
                                   const QString& leaseId) {
    return leaseAction(container, name, "renew", leaseId);
}

Status AzureBlobClient::releaseLease(const QString& container, const QString& name,
                                     const QString& leaseId) {
    return leaseAction(container, name, "release", leaseId);
}

Status AzureBlobClient::setMetadata(const QString& container, const QString& name,
                                    const QString& leaseId,
                                    const QMap<QByteArray, QByteArray>& metadata) {
    Request request{"PUT", container, name, {{QStringLiteral("comp"), QStringLiteral("metadata")}},
                    {},    {}};
    if (!leaseId.isEmpty())
        request.headers.emplaceBack("x-ms-lease-id", leaseId.toLatin1());
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it)
        request.headers.emplaceBack("x-ms-meta-" + it.key(), it.value());
    return sendExpectingOk(request);
}

Result<QMap<QByteArray, QByteArray>> AzureBlobClient::metadata(const QString& container,
                                                               const QString& name) {
    Request request{"HEAD", container, name, {}, {}, {}};
    auto response = send(request);
    if (!response)
        return response.status();
    if (response->status != 200)
        return failure(*response, container, name);
    QMap<QByteArray, QByteArray> found;
    for (auto it = response->headers.cbegin(); it != response->headers.cend(); ++it) {
        if (it.key().startsWith("x-ms-meta-"))
            found.insert(it.key().mid(10), it.value());
    }
    return found;
}

} // namespace tidemark::azure
