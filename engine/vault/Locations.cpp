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

Result<std::shared_ptr<Location>> openLocation(const QString& spec, FileSystem& fs) {
    if (spec.isEmpty())
        return Status::invalidArgument(QStringLiteral("no location given"));
    if (isBlobSpec(spec))
        return azure::openBlobLocation(spec);
    return openFolderLocation(fs, normalizeLocation(spec));
}

} // namespace tidemark
