#include "Passphrase.h"

#include <QFile>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace tidemark {
namespace {

QByteArray promptHidden(const char* prompt) {
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    termios old{};
    bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
    if (restore) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QByteArray line;
    int c;
    while ((c = std::fgetc(stdin)) != EOF && c != '\n')
        line.append(char(c));
    if (restore)
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputs("\n", stderr);
    return line;
}

} // namespace

Result<std::optional<QByteArray>> readPassphrase(const QString& file, bool confirmOnPrompt) {
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return Status::notFound(QStringLiteral("cannot read the passphrase file %1: %2")
                                        .arg(file, f.errorString()));
        QByteArray line = f.readLine();
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            return Status::invalidArgument(
                QStringLiteral("the passphrase file %1 is empty").arg(file));
        return std::optional<QByteArray>(line);
    }
    QByteArray env = qgetenv("TIDEMARK_PASSPHRASE");
    if (!env.isEmpty())
        return std::optional<QByteArray>(env);
    if (!isatty(STDIN_FILENO))
        return std::optional<QByteArray>();
    QByteArray first = promptHidden("Vault passphrase: ");
    if (confirmOnPrompt) {
        QByteArray second = promptHidden("Repeat the passphrase: ");
        if (first != second)
            return Status::invalidArgument(QStringLiteral("the two passphrases differ"));
    }
    if (first.isEmpty())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(first);
}

Result<QByteArray> readSecret(const QString& file) {
    QByteArray line;
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return Status::notFound(
                QStringLiteral("cannot read the secret file %1: %2").arg(file, f.errorString()));
        line = f.readLine();
    } else if (isatty(STDIN_FILENO)) {
        line = promptHidden("Secret: ");
    } else {
        int c;
        while ((c = std::fgetc(stdin)) != EOF && c != '\n')
            line.append(char(c));
    }
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        return Status::invalidArgument(QStringLiteral("the secret is empty"));
    return line;
}

} // namespace tidemark
