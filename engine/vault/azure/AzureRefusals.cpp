#include "vault/azure/AzureRefusals.h"

#include "core/ErrorMessages.h"
#include "vault/azure/AzureSigning.h"

#include <QDateTime>
#include <QTimeZone>
#include <QUrlQuery>

namespace tidemark::azure {

namespace {

// Shared Key and SAS signatures are refused beyond this difference between the clocks.
constexpr qint64 kAllowedSkewMs = 15 * 60 * 1000;

QByteArray element(const QByteArray& body, const char* name) {
    const QByteArray open = QByteArray("<") + name + '>';
    const qsizetype start = body.indexOf(open);
    const qsizetype end = body.indexOf(QByteArray("</") + name + '>', start);
    if (start < 0 || end < 0)
        return {};
    return body.mid(start + open.size(), end - start - open.size());
}

QString sasField(const QString& token, const char* name) {
    QString text = token.trimmed();
    if (text.startsWith(QLatin1Char('?')))
        text.remove(0, 1);
    return QUrlQuery(text).queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
}

qint64 sasTime(const QString& token, const char* name) {
    const QString text = sasField(token, name);
    if (text.isEmpty())
        return -1;
    QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid())
        return -1;
    if (when.timeSpec() == Qt::LocalTime)
        when.setTimeZone(QTimeZone::utc()); // the service reads SAS times as UTC
    return when.toMSecsSinceEpoch();
}

bool isSignatureRefusal(const QByteArray& code) {
    return code.isEmpty() || code == "AuthenticationFailed" || code == "AuthorizationFailure";
}

bool isPermissionMismatch(const QByteArray& code) {
    return code == "AuthorizationPermissionMismatch" ||
           code == "AuthorizationResourceTypeMismatch" || code == "AuthorizationServiceMismatch";
}

Status forbidden(const ErrorAnswer& answer, const RefusedRequest& request,
                 StorageRefusalFacts& facts) {
    const qint64 serviceNow = parseHttpDate(answer.date);
    const bool sas = !request.sasToken.isEmpty();
    if (sas) {
        const qint64 now = serviceNow > 0 ? serviceNow : answer.receivedMs;
        facts.sasPermissions = sasField(request.sasToken, "sp");
        const qint64 expiry = sasTime(request.sasToken, "se");
        const qint64 start = sasTime(request.sasToken, "st");
        if (expiry >= 0 && expiry <= now) {
            facts.when = sasField(request.sasToken, "se");
            return Status::failed(storageRefusalMessage(StorageRefusal::SasExpired, facts));
        }
        if (start > now) {
            facts.when = sasField(request.sasToken, "st");
            return Status::failed(storageRefusalMessage(StorageRefusal::SasNotYetValid, facts));
        }
        if (isPermissionMismatch(answer.code))
            return Status::failed(storageRefusalMessage(
                answer.write ? StorageRefusal::SasDisallowsWrite : StorageRefusal::SasDisallowsRead,
                facts));
    }
    if (answer.code == "AccountIsDisabled")
        return Status::failed(storageRefusalMessage(StorageRefusal::AccountDisabled, facts));
    if (answer.code == "InsufficientAccountPermissions" && answer.write)
        return Status::failed(storageRefusalMessage(StorageRefusal::AccountFull, facts));
    if (isSignatureRefusal(answer.code)) {
        // A signature carries the sender's time; a clock far off makes a good key look wrong.
        if (serviceNow > 0 && qAbs(serviceNow - answer.receivedMs) > kAllowedSkewMs) {
            facts.skewMs = serviceNow - answer.receivedMs;
            return Status::failed(storageRefusalMessage(StorageRefusal::ClockSkewed, facts));
        }
        return Status::failed(storageRefusalMessage(StorageRefusal::CredentialRefused, facts));
    }
    return Status::failed(
        QStringLiteral("%1 refused access to %2; the credential may not allow it (%3)")
            .arg(request.account, request.address, facts.detail));
}

} // namespace

void readErrorBody(const QByteArray& body, ErrorAnswer& answer) {
    if (answer.code.isEmpty())
        answer.code = element(body, "Code");
    answer.message = element(body, "Message").split('\n').value(0).trimmed();
}

Status refusalStatus(const ErrorAnswer& answer, const RefusedRequest& request) {
    StorageRefusalFacts facts;
    facts.account = request.account;
    facts.container = request.container;
    facts.address = request.address;
    facts.serviceSays = QString::fromUtf8(answer.message);
    facts.detail =
        answer.code.isEmpty()
            ? QStringLiteral("HTTP %1").arg(answer.status)
            : QStringLiteral("HTTP %1, %2").arg(answer.status).arg(QString::fromUtf8(answer.code));
    switch (answer.status) {
    case 403:
        return forbidden(answer, request, facts);
    case 404:
        if (answer.code == "ContainerNotFound")
            return Status::notFound(storageRefusalMessage(StorageRefusal::ContainerMissing, facts));
        return Status::notFound(QStringLiteral("%1 does not exist").arg(request.address));
    case 409:
        if (answer.code == "BlobAlreadyExists")
            return Status::alreadyExists(QStringLiteral("%1 already exists").arg(request.address));
        return Status::busy(QStringLiteral("%1 is in use (%2)").arg(request.address, facts.detail));
    case 412:
        return Status::busy(
            QStringLiteral("%1 was changed by someone else meanwhile; read it again")
                .arg(request.address));
    case 507:
        return Status::failed(storageRefusalMessage(StorageRefusal::AccountFull, facts));
    case 500:
        if (answer.code != "OperationTimedOut")
            break;
        [[fallthrough]];
    case 429:
    case 503:
        return Status::failed(storageRefusalMessage(StorageRefusal::Throttled, facts));
    default:
        break;
    }
    return Status::ioError(QStringLiteral("%1 answered %2 for %3")
                               .arg(request.account, facts.detail, request.address));
}

} // namespace tidemark::azure
