#include "Azurite.h"

#include <QRegularExpression>

namespace tidemark::testing {

Azurite::~Azurite() {
    if (process_.state() != QProcess::NotRunning) {
        process_.terminate();
        if (!process_.waitForFinished(30000))
            process_.kill();
        process_.waitForFinished(30000);
    }
}

QString Azurite::start() {
    QProcess install;
    install.start(QStringLiteral("bash"),
                  {QStringLiteral(TIDEMARK_SOURCE_DIR "/scripts/azurite.sh"),
                   QStringLiteral(TIDEMARK_BINARY_DIR "/azurite")});
    install.waitForFinished(600000);
    const QString launcher = QString::fromUtf8(install.readAllStandardOutput()).trimmed();
    if (install.exitStatus() != QProcess::NormalExit || install.exitCode() != 0 ||
        launcher.isEmpty()) {
        const QString said = QString::fromUtf8(install.readAllStandardError()).trimmed();
        return QStringLiteral("Azurite could not be installed by scripts/azurite.sh: %1")
            .arg(said.isEmpty() ? install.errorString() : said);
    }
    process_.setProcessChannelMode(QProcess::MergedChannels);
    process_.start(launcher, {QStringLiteral("--silent"), QStringLiteral("--disableTelemetry"),
                              QStringLiteral("--skipApiVersionCheck"), QStringLiteral("--loose"),
                              QStringLiteral("--location"), data_.path(),
                              QStringLiteral("--blobHost"), QStringLiteral("127.0.0.1"),
                              QStringLiteral("--blobPort"), QStringLiteral("0")});
    if (!process_.waitForStarted(30000))
        return QStringLiteral("Azurite did not start: %1").arg(process_.errorString());
    // It reports the port it was given once it listens.
    const QRegularExpression listening(QStringLiteral("listens on http://127\\.0\\.0\\.1:(\\d+)"));
    QString said;
    while (process_.waitForReadyRead(60000)) {
        said += QString::fromUtf8(process_.readAll());
        const auto match = listening.match(said);
        if (match.hasMatch()) {
            port_ = match.captured(1).toInt();
            return {};
        }
    }
    return QStringLiteral("Azurite did not report a port: %1").arg(said);
}

QString Azurite::developmentKey() {
    // The emulator's published development key; it guards nothing.
    return QStringLiteral("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/"
                          "K1SZFPTOtr/KBHBeksoGMGw==");
}

QString Azurite::connectionString(const QString& accountKey) const {
    return QStringLiteral("DefaultEndpointsProtocol=http;AccountName=%1;AccountKey=%2;"
                          "BlobEndpoint=http://127.0.0.1:%3/%1;")
        .arg(account(), accountKey)
        .arg(port_);
}

QString Azurite::startAsTheAccount() {
    const QString problem = start();
    if (!problem.isEmpty())
        return problem;
    qunsetenv("AZURE_STORAGE_KEY");
    qunsetenv("AZURE_STORAGE_SAS_TOKEN");
    qputenv("AZURE_STORAGE_CONNECTION_STRING", connectionString().toUtf8());
    return {};
}

} // namespace tidemark::testing
