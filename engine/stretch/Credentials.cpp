#include "stretch/Credentials.h"

#include "core/Names.h"
#include "stretch/StretchStore.h"

namespace tidemark {
namespace {
QByteArray contextFor(const QString& name) {
    return QByteArrayLiteral("tidemark-credential:") + name.toUtf8();
}
} // namespace

Status createCredential(Catalog& catalog, const KeyRing& keys, const QString& name,
                        const QByteArray& secret, qint64 nowMs) {
    TM_TRY(validateDatabaseName(name).context(QStringLiteral("credential name")));
    if (secret.isEmpty())
        return Status::invalidArgument(QStringLiteral("the secret is empty"));
    auto sealed = keys.seal(secret, contextFor(name));
    if (!sealed)
        return sealed.status();
    return StretchStore(catalog).putCredential(name, *sealed, nowMs);
}

Result<QByteArray> openCredential(Catalog& catalog, const KeyRing& keys, const QString& name) {
    auto sealed = StretchStore(catalog).credential(name);
    if (!sealed)
        return sealed.status();
    auto plain = keys.open(*sealed, contextFor(name));
    if (!plain)
        return plain.status().context(QStringLiteral("credential '%1'").arg(name));
    return plain;
}

} // namespace tidemark
