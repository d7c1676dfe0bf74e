#include "vault/azure/AzureBlobLocation.h"

#include <QMutex>

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

// Collects the object in memory and uploads it whole on publish: nothing exists under the
// name before, so an abandoned writer leaves nothing behind.
class BufferedBlobWriter final : public ObjectWriter {
public:
    BufferedBlobWriter(BlobLocation& location, QString name)
        : location_(location), name_(std::move(name)) {}
    Status append(const char* data, size_t size) override {
        if (spent_)
            return Status::failed(QStringLiteral("%1 is no longer being written").arg(name_));
        buffer_.append(data, qsizetype(size));
        return Status::ok();
    }
    qint64 size() const override { return buffer_.size(); }
    Status publish() override;
    void abandon() override {
        spent_ = true;
        buffer_.clear();
    }

private:
    BlobLocation& location_;
    QString name_;
    QByteArray buffer_;
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
        return std::unique_ptr<ObjectWriter>(new BufferedBlobWriter(*this, name));
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
            found.append(objectInfo(blob.name.mid(skip), blob));
        return found;
    }
    // Accepted without effect: a container's immutability policies are future work, and the
    // engine never overwrites a published object anyway (publish refuses a taken name).
    Status makeWriteOnce(const QString&) override { return Status::ok(); }
    Status remove(const QStringList& names) override {
        for (const QString& name : names)
            TM_TRY(client_->deleteBlob(address_.container, blobName(name)));
        return Status::ok();
    }
    // Whole-blob writes leave no partial objects; blocks of an interrupted large upload stay
    // uncommitted, are never listed, and the service discards them by itself.
    AbandonedCleanup cleanAbandoned(qint64) override { return {}; }

    // Writes `data`; the first write into a container that does not exist yet creates it
    // (a new vault), every other failure is returned as it is.
    Result<QString> write(const QString& name, const QByteArray& data,
                          const WriteCondition& condition) {
        auto written = client_->putBlob(address_.container, blobName(name), data, condition);
        if (written || written.status().code() != Status::Code::NotFound ||
            !written.status().message().startsWith(QStringLiteral("container ")))
            return written;
        TM_TRY(client_->createContainer(address_.container));
        return client_->putBlob(address_.container, blobName(name), data, condition);
    }

private:
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

Status BufferedBlobWriter::publish() {
    if (spent_)
        return Status::failed(QStringLiteral("%1 is no longer being written").arg(name_));
    spent_ = true;
    Status s = location_.write(name_, buffer_, WriteCondition::ifAbsent()).status();
    buffer_.clear();
    return s;
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

Result<AzureAccount> accountFromEnvironment(const QString& accountName) {
    AzureAccount account;
    account.name = accountName;
    account.endpoint = QStringLiteral("https://%1.blob.core.windows.net").arg(accountName);
    const QString connection = environment("AZURE_STORAGE_CONNECTION_STRING");
    if (!connection.isEmpty()) {
        const auto fields = parseConnectionString(connection);
        const QString named = fields.value(QStringLiteral("accountname"));
        if (!named.isEmpty() && named != accountName)
            return Status::invalidArgument(
                QStringLiteral("AZURE_STORAGE_CONNECTION_STRING is for account %1, not %2")
                    .arg(named, accountName));
        if (fields.contains(QStringLiteral("blobendpoint")))
            account.endpoint = fields.value(QStringLiteral("blobendpoint"));
        if (fields.contains(QStringLiteral("accountkey"))) {
            auto key = decodeKey(fields.value(QStringLiteral("accountkey")), accountName);
            if (!key)
                return key.status();
            account.key = *key;
        }
        account.sasToken = fields.value(QStringLiteral("sharedaccesssignature"));
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
                           "AZURE_STORAGE_SAS_TOKEN")
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
