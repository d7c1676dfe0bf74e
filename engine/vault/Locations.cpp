#include "vault/Locations.h"

#include "vault/azure/AzureBlobLocation.h"

#include <QDir>

namespace tidemark {

namespace {
bool isBlobSpec(const QString& spec) {
    return spec.startsWith(QLatin1String("azure://"));
}
} // namespace

QString normalizeLocation(const QString& spec) {
    return spec.isEmpty() || isBlobSpec(spec) ? spec : QDir(spec).absolutePath();
}

Result<std::shared_ptr<Location>> openLocation(const QString& spec, FileSystem& fs,
                                               const StorageSecrets& secrets) {
    if (spec.isEmpty())
        return Status::invalidArgument(QStringLiteral("no location given"));
    if (isBlobSpec(spec)) {
        auto address = azure::parseBlobAddress(spec);
        if (!address)
            return address.status();
        const auto stored = secrets.constFind(address->account);
        auto account =
            stored == secrets.cend() || azure::environmentNamesCredentialFor(address->account)
                ? azure::accountFromEnvironment(address->account)
                : azure::accountFromSecret(address->account, *stored);
        if (!account)
            return account.status();
        return azure::openBlobLocation(*address,
                                       std::make_shared<azure::AzureBlobClient>(*account));
    }
    return openFolderLocation(fs, normalizeLocation(spec));
}

} // namespace tidemark
