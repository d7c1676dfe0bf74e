#include "vault/azure/AzureBlobLocation.h"

#include "vault/azure/BlobLease.h"

#include <QMutex>
#include <QRegularExpression>
#include <QSet>

#include <cstdlib>

namespace tidemark::azure {

namespace {

constexpr char kScheme[] = "azure://";

QString environment(const char* name) {
    return QString::fromLocal8Bit(qgetenv(name));
}

// "Key=Value;Key=Value" with keys compared case-insensitively; values may hold '='.
QMap<QString, QString> parseConnectionString(const QString& text) {
    QMap<QString, QString> fields;
    for (const QString& part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype equals = part.indexOf(QLatin1Char('='));
        if (equals > 0)
            fields.insert(part.left(equals).trimmed().toLower(), part.mid(equals + 1).trimmed());
    }
    return fields;
}

Result<QByteArray> decodeKey(const QString& key, const QString& account) {
    auto decoded =
        QByteArray::fromBase64Encoding(key.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return Status::invalidArgument(
            QStringLiteral("the storage key for %1 is not valid base64").arg(account));
    return decoded.decoded;
}

class BlobReader final : public RandomAccessFile {
public:
    BlobReader(std::shared_ptr<AzureBlobClient> client, QString container, QString blob,
               qint64 size)
        : client_(std::move(client)), container_(std::move(container)), blob_(std::move(blob)),
          size_(size) {}
    qint64 size() const override { return size_; }
    Result<QByteArray> read(qint64 offset, qint64 length) const override {
        length = std::min(length, size_ - offset);
        if (offset < 0 || length <= 0)
            return QByteArray();
        return client_->getRange(container_, blob_, offset, length);
    }

private:
    std::shared_ptr<AzureBlobClient> client_;
    QString container_;
    QString blob_;
    qint64 size_;
};

class BlobLocation;

// Stages a block whenever more than a block's worth of bytes is waiting, so a large pack
// holds at most about two blocks in memory; publish commits the staged blocks under the name
// (refused if taken). An object that never outgrew one block goes in a single Put Blob. An
// abandoned writer leaves only uncommitted blocks, which cleanAbandoned() removes.
class StagedBlobWriter final : public ObjectWriter {
public:
    StagedBlobWriter(BlobLocation& location, QString name, qint64 blockSize)
        : location_(location), name_(std::move(name)), blockSize_(blockSize),
          nonce_(AzureBlobClient::newNonce()) {}
    Status append(const char* data, size_t size) override {
        if (spent_)
            return Status::failed(QStringLiteral("%1 is no longer being written").arg(name_));
        pending_.append(data, qsizetype(size));
        while (blockSize_ > 0 && pending_.size() > blockSize_)
            TM_TRY(stage(blockSize_));
        return Status::ok();
    }
    qint64 size() const override { return staged_ + pending_.size(); }
    Status publish() override;
    void abandon() override {
        spent_ = true;
        pending_.clear();
    }

private:
    // Uploads the first `length` pending bytes as the next block; the writer is spent when
    // that fails.
    Status stage(qint64 length);

    BlobLocation& location_;
    QString name_;
    qint64 blockSize_;
    QString nonce_;
    QStringList blockIds_;
    QByteArray pending_;
    qint64 staged_ = 0;
    bool spent_ = false;
};

class BlobLocation final : public Location {
public:
    BlobLocation(BlobAddress address, std::shared_ptr<AzureBlobClient> client)
        : address_(std::move(address)), client_(std::move(client)) {}

    QString url() const override {
        return QLatin1String(kScheme) + address_.account + QLatin1Char('/') + address_.container +
               (address_.prefix.isEmpty() ? QString() : QLatin1Char('/') + address_.prefix);
    }
    QString kind() const override { return QStringLiteral("azure-blob"); }
    bool billsPerRequest() const override { return true; }

    Status publish(const QString& name, const QByteArray& data) override {
        return write(name, data, WriteCondition::ifAbsent()).status();
    }
    Result<std::unique_ptr<ObjectWriter>> startObject(const QString& name) override {
        return std::unique_ptr<ObjectWriter>(
            new StagedBlobWriter(*this, name, client_->blockSize()));
    }
    Status put(const QString& name, const QByteArray& data) override {
        return write(name, data, WriteCondition::always()).status();
    }
    Result<QString> replaceIfUnchanged(const QString& name, const QByteArray& data,
                                       const QString& expectedVersion) override {
        auto written = write(name, data,
                             expectedVersion.isEmpty() ? WriteCondition::ifAbsent()
                                                       : WriteCondition::ifMatch(expectedVersion));
        if (written.status().code() == Status::Code::AlreadyExists)
            return Status::busy(
                QStringLiteral("%1 was changed by someone else meanwhile; read it again")
                    .arg(address(name)));
        return written;
    }

    Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& name) override {
        auto info = client_->properties(address_.container, blobName(name));
        if (!info)
            return info.status();
        return std::unique_ptr<RandomAccessFile>(
            new BlobReader(client_, address_.container, blobName(name), info->size));
    }
    Result<ObjectInfo> stat(const QString& name) override {
        auto info = client_->properties(address_.container, blobName(name));
        if (!info)
            return info.status();
        return objectInfo(name, *info);
    }
    Result<QList<ObjectInfo>> list(const QString& prefix) override {
        auto blobs = client_->list(address_.container, blobName(prefix));
        if (!blobs)
            return blobs.status();
        QList<ObjectInfo> found;
        const qsizetype skip = address_.prefix.isEmpty() ? 0 : address_.prefix.size() + 1;
        for (const BlobProperties& blob : *blobs)
            if (!blob.emptiedUpload)
                found.append(objectInfo(blob.name.mid(skip), blob));
        return found;
    }
    // No store-side protection, and none claimed (docs/cli.md): Azure's version-level
    // immutability and legal holds need versioning and a container set up through the
    // management plane, a legal hold would also forbid the removals retention makes, and
    // Azurite 3.34.0 implements neither. Write-once here is the engine's own discipline.
    Status makeWriteOnce(const QString&) override { return Status::ok(); }
    bool storeEnforcesWriteOnce() const override { return false; }
    Status remove(const QStringList& names) override {
        for (const QString& name : names)
            TM_TRY(client_->deleteBlob(address_.container, blobName(name)));
        return Status::ok();
    }
    // Partial uploads are names holding only uncommitted blocks: listed with them but not
    // without them. Their age is the service's time for the uncommitted name (its first block).
    // Discarding one briefly makes it an empty blob marked as emptied, which list() hides; one
    // left by an interrupted cleanup goes at the next, whatever its age.
    AbandonedCleanup cleanAbandoned(qint64 cutoffMs) override {
        AbandonedCleanup cleanup;
        const QString prefix = blobName(QString());
        // Listing the committed names second: a name committed between the two listings is in
        // both, so it is never taken for a partial upload.
        auto all =
            client_->list(address_.container, prefix, AzureBlobClient::Listing::WithUncommitted);
        if (!all) {
            if (all.status().code() != Status::Code::NotFound)
                cleanup.problems << all.status().message();
            return cleanup;
        }
        auto committed = client_->list(address_.container, prefix);
        if (!committed) {
            cleanup.problems << committed.status().message();
            return cleanup;
        }
        QSet<QString> objects;
        for (const BlobProperties& blob : *committed)
            objects.insert(blob.name);
        for (const BlobProperties& blob : *all) {
            // An earlier cleanup interrupted between its two steps left this; never data.
            const bool emptied = blob.emptiedUpload;
            if (!emptied && (objects.contains(blob.name) || blob.modifiedMs > cutoffMs))
                continue;
            auto removed =
                emptied ? client_->removeEmptiedUpload(address_.container, blob.name, blob.etag)
                        : client_->discardUncommitted(address_.container, blob.name);
            if (!removed)
                cleanup.problems << removed.status().message();
            else if (*removed)
                cleanup.removed.append(objectInfo(blob.name.mid(prefix.size()), blob));
        }
        return cleanup;
    }

    // Stages one block of an upload in pieces, creating the container on the first write.
    Status stageBlock(const QString& name, const QString& blockId, const QByteArray& data) {
        Status staged = client_->putBlock(address_.container, blobName(name), blockId, data);
        if (!isMissingContainer(staged))
            return staged;
        TM_TRY(client_->createContainer(address_.container));
        return client_->putBlock(address_.container, blobName(name), blockId, data);
    }
    Result<QString> commitBlocks(const QString& name, const QStringList& blockIds,
                                 const QString& nonce) {
        return client_->commitBlocks(address_.container, blobName(name), blockIds, nonce,
                                     WriteCondition::ifAbsent());
    }

    // A lease on `agent.lock` under the prefix: agents of other workspaces, on any host, that
    // name the same prefix are refused while it is held.
    Result<std::unique_ptr<LocationLock>>
    acquireLock(const QString& holder, std::function<void(const Status&)> lost) override {
        const QString lockName = QStringLiteral("agent.lock");
        return acquireBlobLease(client_,
                                {address_.container, blobName(lockName), address(lockName), 60},
                                holder, std::move(lost));
    }

    // Writes `data`; the first write into a container that does not exist yet creates it
    // (a new vault), every other failure is returned as it is.
    Result<QString> write(const QString& name, const QByteArray& data,
                          const WriteCondition& condition) {
        auto written = client_->putBlob(address_.container, blobName(name), data, condition);
        if (!isMissingContainer(written.status()))
            return written;
        TM_TRY(client_->createContainer(address_.container));
        return client_->putBlob(address_.container, blobName(name), data, condition);
    }

private:
    static bool isMissingContainer(const Status& s) {
        return s.code() == Status::Code::NotFound &&
               s.message().startsWith(QStringLiteral("container "));
    }
    QString blobName(const QString& name) const {
        return address_.prefix.isEmpty() ? name : address_.prefix + QLatin1Char('/') + name;
    }
    static ObjectInfo objectInfo(const QString& name, const BlobProperties& blob) {
        ObjectInfo info;
        info.name = name;
        info.size = blob.size;
        info.modifiedMs = blob.modifiedMs;
        info.version = blob.etag;
        return info;
    }

    BlobAddress address_;
    std::shared_ptr<AzureBlobClient> client_;
};

Status StagedBlobWriter::stage(qint64 length) {
    const QString id = AzureBlobClient::blockId(nonce_, int(blockIds_.size()));
    Status s = location_.stageBlock(name_, id, pending_.left(length));
    if (!s) {
        abandon();
        return s;
    }
    blockIds_ << id;
    staged_ += length;
    pending_.remove(0, length);
    return Status::ok();
}

Status StagedBlobWriter::publish() {
    if (spent_)
        return Status::failed(QStringLiteral("%1 is no longer being written").arg(name_));
    if (blockIds_.isEmpty()) {
        spent_ = true;
        Status s = location_.write(name_, pending_, WriteCondition::ifAbsent()).status();
        pending_.clear();
        return s;
    }
    if (!pending_.isEmpty())
        TM_TRY(stage(pending_.size()));
    spent_ = true;
    return location_.commitBlocks(name_, blockIds_, nonce_).status();
}

} // namespace

Result<BlobAddress> parseBlobAddress(const QString& spec) {
    const QString usage = QStringLiteral("a blob location is written azure://ACCOUNT/CONTAINER"
                                         "[/PREFIX], not %1")
                              .arg(spec);
    if (!spec.startsWith(QLatin1String(kScheme)))
        return Status::invalidArgument(usage);
    QStringList parts = spec.mid(int(strlen(kScheme))).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() < 2)
        return Status::invalidArgument(usage);
    BlobAddress address;
    address.account = parts.takeFirst();
    address.container = parts.takeFirst();
    address.prefix = parts.join(QLatin1Char('/'));
    return address;
}

namespace {

// Fills `account` from a connection string; `source` names where it came from, for messages.
Status readConnectionString(const QString& text, const QString& source, AzureAccount& account) {
    const auto fields = parseConnectionString(text);
    const QString named = fields.value(QStringLiteral("accountname"));
    if (!named.isEmpty() && named != account.name)
        return Status::invalidArgument(
            QStringLiteral("%1 is for account %2, not %3").arg(source, named, account.name));
    if (fields.contains(QStringLiteral("blobendpoint")))
        account.endpoint = fields.value(QStringLiteral("blobendpoint"));
    if (fields.contains(QStringLiteral("accountkey"))) {
        auto key = decodeKey(fields.value(QStringLiteral("accountkey")), account.name);
        if (!key)
            return key.status();
        account.key = *key;
    }
    account.sasToken = fields.value(QStringLiteral("sharedaccesssignature"));
    return Status::ok();
}

AzureAccount defaultAccount(const QString& accountName) {
    AzureAccount account;
    account.name = accountName;
    account.endpoint = QStringLiteral("https://%1.blob.core.windows.net").arg(accountName);
    return account;
}

bool looksLikeConnectionString(const QString& text) {
    static const QRegularExpression field(
        QStringLiteral("(^|;)\\s*(AccountKey|SharedAccessSignature|BlobEndpoint|AccountName)\\s*="),
        QRegularExpression::CaseInsensitiveOption);
    return field.match(text).hasMatch();
}

} // namespace

Result<AzureAccount> accountFromEnvironment(const QString& accountName) {
    AzureAccount account = defaultAccount(accountName);
    const QString connection = environment("AZURE_STORAGE_CONNECTION_STRING");
    if (!connection.isEmpty()) {
        TM_TRY(readConnectionString(connection, QStringLiteral("AZURE_STORAGE_CONNECTION_STRING"),
                                    account));
    } else if (const QString key = environment("AZURE_STORAGE_KEY"); !key.isEmpty()) {
        auto decoded = decodeKey(key, accountName);
        if (!decoded)
            return decoded.status();
        account.key = *decoded;
    } else {
        account.sasToken = environment("AZURE_STORAGE_SAS_TOKEN");
    }
    if (account.key.isEmpty() && account.sasToken.isEmpty())
        return Status::failed(
            QStringLiteral("no credential for storage account %1: set "
                           "AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_KEY or "
                           "AZURE_STORAGE_SAS_TOKEN, or store one with 'credential create NAME "
                           "--storage-account %1'")
                .arg(accountName));
    return account;
}

bool environmentNamesCredentialFor(const QString& accountName) {
    const QString connection = environment("AZURE_STORAGE_CONNECTION_STRING");
    if (!connection.isEmpty()) {
        const QString named =
            parseConnectionString(connection).value(QStringLiteral("accountname"));
        return named.isEmpty() || named == accountName;
    }
    return !environment("AZURE_STORAGE_KEY").isEmpty() ||
           !environment("AZURE_STORAGE_SAS_TOKEN").isEmpty();
}

Result<AzureAccount> accountFromSecret(const QString& accountName, const QByteArray& secret) {
    AzureAccount account = defaultAccount(accountName);
    const QString text = QString::fromUtf8(secret).trimmed();
    if (looksLikeConnectionString(text)) {
        TM_TRY(readConnectionString(text, QStringLiteral("the stored credential"), account));
    } else if (text.contains(QLatin1String("sig=")) && text.contains(QLatin1Char('&'))) {
        account.sasToken = text;
    } else {
        auto decoded = decodeKey(text, accountName);
        if (!decoded)
            return decoded.status();
        account.key = *decoded;
    }
    if (account.key.isEmpty() && account.sasToken.isEmpty())
        return Status::invalidArgument(
            QStringLiteral("the credential for storage account %1 holds neither an account key "
                           "nor a SAS token")
                .arg(accountName));
    return account;
}

std::shared_ptr<Location> openBlobLocation(const BlobAddress& address,
                                           std::shared_ptr<AzureBlobClient> client) {
    return std::make_shared<BlobLocation>(address, std::move(client));
}

Result<std::shared_ptr<Location>> openBlobLocation(const QString& spec,
                                                   std::shared_ptr<AzureBlobClient>* client) {
    auto address = parseBlobAddress(spec);
    if (!address)
        return address.status();
    auto account = accountFromEnvironment(address->account);
    if (!account)
        return account.status();
    auto made = std::make_shared<AzureBlobClient>(*account);
    if (client)
        *client = made;
    return openBlobLocation(*address, std::move(made));
}

} // namespace tidemark::azure
