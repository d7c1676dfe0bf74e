#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace tidemark::testsupport {

// The passphrase every test workspace is created with, unless a test says otherwise.
inline const QString kTestPassphrase = QStringLiteral("tidemark test passphrase 7f3c");

// How to run one tidemark-cli command. Global options (--json, --now, --passphrase-file) are
// placed before the command, as docs/cli.md writes them.
struct CliOptions {
    bool json = false;
    QString now;            // --now, when not empty
    QString passphraseFile; // --passphrase-file, when not empty
    // TIDEMARK_PASSPHRASE for the child; nullopt leaves it unset.
    std::optional<QString> passphrase = kTestPassphrase;
    // Written to the child's stdin, which is then closed. The child never gets a terminal, so
    // a CLI that wanted to prompt sees end of input instead of hanging.
    QByteArray standardInput;
    // Extra variables (for example HOME), applied after the defaults.
    QProcessEnvironment environment;
    int timeoutMs = 120'000;
};

// Options for a command run "as if it were" `instant` (--now).
inline CliOptions at(const QString& instant) {
    CliOptions options;
    options.now = instant;
    return options;
}

struct CliResult {
    QStringList arguments;
    int exitCode = -1;
    bool finishedNormally = false; // false when it crashed, was killed or timed out
    QByteArray standardOutput;
    QByteArray standardError;

    // stdout parsed as JSON (null document when it is not JSON).
    QJsonDocument json() const;
    QJsonArray jsonArray() const { return json().array(); }
    QJsonObject jsonObject() const { return json().object(); }
    // stdout and stderr together, for "the message mentions ..." checks.
    QString text() const;
    // Command line, exit code and both streams: the message of every failed check.
    QString describe() const;
};

// Path of the tidemark-cli executable under test.
QString cliProgram();

// Arguments for the command with the global options of `options` placed in front.
QStringList cliArguments(const QStringList& command, const CliOptions& options);

// The child environment: the test's own, without TIDEMARK_WORKSPACE, with the passphrase of
// `options` (or none) and `options.environment` on top.
QProcessEnvironment cliEnvironment(const CliOptions& options);

// Runs tidemark-cli to completion (or kills it at options.timeoutMs).
CliResult runCli(const QStringList& command, const CliOptions& options = {});

// Starts tidemark-cli without waiting, for tests that kill it part-way.
void startCli(QProcess& process, const QStringList& command, const CliOptions& options = {});

// Readable form of a JSON value for failure messages.
QString jsonText(const QJsonValue& value);

// An id as text whether the CLI prints ids as strings or numbers.
QString idText(const QJsonValue& value);

// Milliseconds since the epoch of an ISO 8601 time; -1 when it does not parse.
qint64 parseTimeMs(const QString& text);

// True when the command ran to its end (not killed, not crashed) with this exit code.
inline bool exitedWith(const CliResult& result, int exitCode) {
    return result.finishedNormally && result.exitCode == exitCode;
}

// Names in `keys` that `object` lacks.
QStringList missingKeys(const QJsonObject& object, const QStringList& keys);

// The first object of `array` whose `key` reads as `value` (string or number); empty if none.
QJsonObject findObject(const QJsonArray& array, const QString& key, const QString& value);

// The objects of `array` whose `key` reads as `value`.
QList<QJsonObject> objectsWith(const QJsonArray& array, const QString& key, const QString& value);

} // namespace tidemark::testsupport

// Fails the test with the command's full output unless it exited with `expected`. `result` is
// evaluated once, so it may be the command itself.
#define TIDEMARK_VERIFY_EXIT(result, expected)                                                     \
    do {                                                                                           \
        const ::tidemark::testsupport::CliResult& verifiedResult = (result);                       \
        QVERIFY2(exitedWith(verifiedResult, (expected)),                                           \
                 qPrintable(QStringLiteral("expected exit %1\n").arg(expected) +                   \
                            verifiedResult.describe()));                                           \
    } while (false)
