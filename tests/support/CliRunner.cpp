#include "CliRunner.h"

#include <QDateTime>

#ifndef TIDEMARK_CLI_PATH
#error "TIDEMARK_CLI_PATH must name the tidemark-cli executable"
#endif

namespace tidemark::testsupport {
namespace {

constexpr auto kPassphraseVariable = "TIDEMARK_PASSPHRASE";
constexpr auto kWorkspaceVariable = "TIDEMARK_WORKSPACE";
constexpr int kOutputShownInMessages = 4000;

QString shortened(const QByteArray& bytes) {
    QString text = QString::fromUtf8(bytes);
    if (text.size() > kOutputShownInMessages) {
        text = text.left(kOutputShownInMessages) + QStringLiteral("\n[... cut]");
    }
    return text;
}

} // namespace

QJsonDocument CliResult::json() const {
    QJsonParseError error{};
    QJsonDocument document = QJsonDocument::fromJson(standardOutput.trimmed(), &error);
    return error.error == QJsonParseError::NoError ? document : QJsonDocument();
}

QString CliResult::text() const {
    return QString::fromUtf8(standardOutput) + QLatin1Char('\n') + QString::fromUtf8(standardError);
}

QString CliResult::describe() const {
    return QStringLiteral("command: tidemark-cli %1\nexit: %2%3\nstdout:\n%4\nstderr:\n%5")
        .arg(arguments.join(QLatin1Char(' ')))
        .arg(exitCode)
        .arg(finishedNormally ? QString() : QStringLiteral(" (did not finish normally)"))
        .arg(shortened(standardOutput), shortened(standardError));
}

QString cliProgram() {
    return QStringLiteral(TIDEMARK_CLI_PATH);
}

QStringList cliArguments(const QStringList& command, const CliOptions& options) {
    QStringList arguments;
    if (options.json) {
        arguments << QStringLiteral("--json");
    }
    if (!options.now.isEmpty()) {
        arguments << QStringLiteral("--now") << options.now;
    }
    if (!options.passphraseFile.isEmpty()) {
        arguments << QStringLiteral("--passphrase-file") << options.passphraseFile;
    }
    return arguments + command;
}

QProcessEnvironment cliEnvironment(const CliOptions& options) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QString::fromLatin1(kWorkspaceVariable));
    environment.remove(QString::fromLatin1(kPassphraseVariable));
    if (options.passphrase) {
        environment.insert(QString::fromLatin1(kPassphraseVariable), *options.passphrase);
    }
    const QStringList extraNames = options.environment.keys();
    for (const QString& name : extraNames) {
        environment.insert(name, options.environment.value(name));
    }
    return environment;
}

void startCli(QProcess& process, const QStringList& command, const CliOptions& options) {
    process.setProcessEnvironment(cliEnvironment(options));
    process.start(cliProgram(), cliArguments(command, options));
    if (process.waitForStarted(10'000)) {
        if (!options.standardInput.isEmpty()) {
            process.write(options.standardInput);
        }
        process.closeWriteChannel();
    }
}

CliResult runCli(const QStringList& command, const CliOptions& options) {
    QProcess process;
    CliResult result;
    result.arguments = cliArguments(command, options);
    startCli(process, command, options);
    if (process.state() == QProcess::NotRunning && process.error() == QProcess::FailedToStart) {
        result.standardError =
            "failed to start " + cliProgram().toUtf8() + ": " + process.errorString().toUtf8();
        return result;
    }
    if (!process.waitForFinished(options.timeoutMs)) {
        process.kill();
        process.waitForFinished(10'000);
        result.standardOutput = process.readAllStandardOutput();
        result.standardError = process.readAllStandardError() + "\n[test killed it after " +
                               QByteArray::number(options.timeoutMs) + " ms]";
        return result;
    }
    result.exitCode = process.exitCode();
    result.finishedNormally = process.exitStatus() == QProcess::NormalExit;
    result.standardOutput = process.readAllStandardOutput();
    result.standardError = process.readAllStandardError();
    return result;
}

QString jsonText(const QJsonValue& value) {
    if (value.isObject()) {
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    if (value.isArray()) {
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    }
    return QString::fromUtf8(
        QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1).mid(1));
}

QString idText(const QJsonValue& value) {
    if (value.isString()) {
        return value.toString();
    }
    if (value.isDouble()) {
        return QString::number(value.toInteger());
    }
    return QString();
}

qint64 parseTimeMs(const QString& text) {
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toMSecsSinceEpoch() : -1;
}

QStringList missingKeys(const QJsonObject& object, const QStringList& keys) {
    QStringList missing;
    for (const QString& key : keys) {
        if (!object.contains(key)) {
            missing << key;
        }
    }
    return missing;
}

QList<QJsonObject> objectsWith(const QJsonArray& array, const QString& key, const QString& value) {
    QList<QJsonObject> found;
    for (const QJsonValue& element : array) {
        const QJsonObject object = element.toObject();
        if (object.contains(key) && idText(object.value(key)) == value) {
            found << object;
        }
    }
    return found;
}

QJsonObject findObject(const QJsonArray& array, const QString& key, const QString& value) {
    const QList<QJsonObject> found = objectsWith(array, key, value);
    return found.isEmpty() ? QJsonObject() : found.constFirst();
}

} // namespace tidemark::testsupport
