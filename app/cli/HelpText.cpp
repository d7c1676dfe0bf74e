#include "HelpText.h"

#include "CliCommand.h"

namespace tidemark {
namespace {

const char* const kGlobalSynopsis =
    "usage: tidemark-cli [--workspace DIR] [--json] [--now TIME] [--passphrase-file F] COMMAND\n"
    "       tidemark-cli --version | help [COMMAND] | completion bash\n";

QString optionText(const CliOption& o) {
    QString text = QStringLiteral("--") + o.name;
    if (o.takesValue())
        text += QLatin1Char(' ') + o.valueName;
    QStringList notes;
    if (o.required)
        notes << QStringLiteral("required");
    const bool anyInt = o.min == std::numeric_limits<int>::min();
    const bool noMax =
        o.max == std::numeric_limits<int>::max() || o.max == std::numeric_limits<qint64>::max();
    if (o.value == CliOption::Value::Number && !anyInt) {
        if (!noMax)
            notes << QStringLiteral("%1 to %2").arg(o.min).arg(o.max);
        else
            notes << QStringLiteral("%1 or more").arg(o.min);
    }
    if (o.value == CliOption::Value::Time)
        notes << QStringLiteral("ISO 8601");
    if (!notes.isEmpty())
        text += QStringLiteral(" (%1)").arg(notes.join(QStringLiteral(", ")));
    return text;
}

} // namespace

QString usageText() {
    QString text = QString::fromLatin1(kGlobalSynopsis) + QStringLiteral("commands:\n");
    for (const CliCommand& c : commandTable())
        text += QStringLiteral("  ") + c.synopsis() + QLatin1Char('\n');
    return text;
}

QString helpText() {
    QString text = QString::fromLatin1(kGlobalSynopsis) + QStringLiteral("commands:\n");
    for (const CliCommand& c : commandTable())
        text += QStringLiteral("  %1\n      %2\n").arg(c.synopsis(), c.help);
    text += QStringLiteral("'tidemark-cli help COMMAND' lists a command's options; exit status: "
                           "0 success, 1 failure, 2 usage error, 3 completed with errors.\n");
    return text;
}

QString commandUsage(const CliCommand& command) {
    return QStringLiteral("usage: tidemark-cli [global options] %1\n"
                          "('tidemark-cli help %2' says more)\n")
        .arg(command.synopsis(), command.fullName());
}

QString commandHelp(const CliCommand& command) {
    QString text = QStringLiteral("usage: tidemark-cli [global options] %1\n%2\n")
                       .arg(command.synopsis(), command.help);
    if (!command.options.isEmpty()) {
        text += QStringLiteral("options:\n");
        for (const CliOption& o : command.options)
            text += QStringLiteral("  ") + optionText(o) + QLatin1Char('\n');
    }
    if (command.needsWorkspace)
        text +=
            QStringLiteral("Works on the workspace of --workspace (else TIDEMARK_WORKSPACE).\n");
    return text;
}

QList<const CliCommand*> commandsNamed(const QStringList& words) {
    QList<const CliCommand*> exact;
    QList<const CliCommand*> family;
    for (const CliCommand& c : commandTable()) {
        if (c.name == words)
            exact << &c;
        else if (c.name.mid(0, words.size()) == words)
            family << &c;
    }
    return exact.isEmpty() ? family : exact + family;
}

} // namespace tidemark
