#include "AzuriteSas.h"

#include "Azurite.h"
#include "vault/azure/AzureSigning.h"

#include <QUrl>

namespace tidemark::testing {

QString azuriteAccountSas(const QString& permissions, const QString& expiry) {
    // The account SAS string-to-sign of service versions before 2020-12-06 (no encryption
    // scope line): account, permissions, services, resource types, start, expiry, IP range,
    // protocol, version, each on its own line.
    const QString version = QStringLiteral("2019-02-02");
    const QString toSign = QStringList{Azurite::account(),
                                       permissions,
                                       QStringLiteral("b"),
                                       QStringLiteral("sco"),
                                       QString(),
                                       expiry,
                                       QString(),
                                       QString(),
                                       version,
                                       QString()}
                               .join(QLatin1Char('\n'));
    const QByteArray key = QByteArray::fromBase64(Azurite::developmentKey().toLatin1());
    const QByteArray signature = azure::sharedKeySignature(key, toSign.toUtf8());
    return QStringLiteral("sv=%1&ss=b&srt=sco&sp=%2&se=%3&sig=%4")
        .arg(version, permissions, QString::fromLatin1(QUrl::toPercentEncoding(expiry)),
             QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(signature))));
}

} // namespace tidemark::testing
