#include "vault/Locations.h"

#include <QDir>

namespace tidemark {

QString normalizeLocation(const QString& spec) {
    return spec.isEmpty() ? spec : QDir(spec).absolutePath();
}

Result<std::shared_ptr<Location>> openLocation(const QString& spec, FileSystem& fs) {
    if (spec.isEmpty())
        return Status::invalidArgument(QStringLiteral("no location given"));
    return openFolderLocation(fs, normalizeLocation(spec));
}

} // namespace tidemark
