#include "CliApplication.h"

#include "CliArguments.h"
#include "CliCommand.h"
#include "HelpText.h"
#include "Interrupt.h"

#include <QStandardPaths>

namespace tidemark {
namespace {

// Options every command takes, read before the command's own.
const QSet<QString> kGlobalFlags = {QStringLiteral("json"), QStringLiteral("version"),
                                    QStringLiteral("help")};

// Which options take no value: the global flags and every flag of the table. An option name
// means the same in every row (tst_cli_help checks it), so this holds before the row is known.
QSet<QString> tableFlags() {
    QSet<QString> flags = kGlobalFlags;
    for (const CliCommand& c : commandTable())
        for (const CliOption& o : c.options)
            if (!o.takesValue())
                flags << o.name;
    return flags;
}

// The row whose name is the longest prefix of `words`, or null.
const CliCommand* findCommand(const QStringList& words) {
    const CliCommand* found = nullptr;
    for (const CliCommand& c : commandTable()) {
        if (c.name.size() <= words.size() && words.mid(0, c.name.size()) == c.name &&
            (!found || c.name.size() > found->name.size()))
            found = &c;
    }
    return found;
}

// The first thing wrong with `args` by the row: an option it does not take, a bad value, a
// missing required option, or too few or too many words.
QString tableProblem(const CliCommand& command, const CliArguments& args) {
    QSet<QString> known;
    for (const CliOption& o : command.options)
        known << o.name;
    if (QString bad = args.unknownOption(known); !bad.isEmpty())
        return QStringLiteral("%1 does not take --%2").arg(command.fullName(), bad);
    for (auto it = args.options.begin(); it != args.options.end(); ++it) {
        const CliOption* option = command.option(it.key());
        for (const QString& value : it.value()) {
            // A flag's empty value is the parser's "given".
            if (!option->takesValue() && value.isEmpty())
                continue;
            if (QString problem = option->problemWith(value); !problem.isEmpty())
                return problem;
        }
    }
    for (const CliOption& o : command.options) {
        if (o.required && args.value(o.name).isEmpty())
            return QStringLiteral("%1 needs --%2 %3").arg(command.fullName(), o.name, o.valueName);
    }
    if (args.words.size() < command.minOperands)
        return QStringLiteral("%1 needs %2").arg(command.fullName(), command.operands);
    if (command.maxOperands >= 0 && args.words.size() > command.maxOperands)
        return QStringLiteral("%1 does not take '%2'")
            .arg(command.fullName(), args.words.at(command.maxOperands));
    return {};
}

} // namespace

int CliApplication::run(const QStringList& arguments) {
    catchInterrupts();
    CliArguments args = CliArguments::parse(arguments, tableFlags());
    if (!args.error.isEmpty())
        return cli_.usage(args.error);
    cli_.json = args.takeFlag(QStringLiteral("json"));
    cli_.workspaceDir = args.take(QStringLiteral("workspace"));
    if (cli_.workspaceDir.isEmpty())
        cli_.workspaceDir = QString::fromLocal8Bit(qgetenv("TIDEMARK_WORKSPACE"));
    if (cli_.workspaceDir.isEmpty())
        cli_.workspaceDir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                            QStringLiteral("/tidemark");
    cli_.passphraseFile = args.take(QStringLiteral("passphrase-file"));
    if (args.has(QStringLiteral("now"))) {
        QString text = args.take(QStringLiteral("now"));
        qint64 ms = parseTime(text);
        if (ms < 0)
            return cli_.usage(QStringLiteral("--now needs an ISO 8601 time, not '%1'").arg(text));
        cli_.clock = std::make_shared<OffsetClock>(ms);
        cli_.nowMs = ms;
    } else {
        cli_.clock = std::make_shared<SystemClock>();
    }
    if (args.takeFlag(QStringLiteral("version"))) {
        cli_.out << "tidemark-cli " << TIDEMARK_VERSION << "\n";
        cli_.out.flush();
        return CliContext::Success;
    }
    // `--help` anywhere is `help` for the words given.
    if (args.takeFlag(QStringLiteral("help")))
        args.words.prepend(QStringLiteral("help"));
    if (args.words.isEmpty())
        return cli_.usage(QStringLiteral("no command given"));
    const CliCommand* command = findCommand(args.words);
    if (!command) {
        const QList<const CliCommand*> family = commandsNamed({args.words.first()});
        if (family.isEmpty())
            return cli_.usage(QStringLiteral("unknown command '%1'").arg(args.words.first()));
        QStringList forms;
        for (const CliCommand* c : family)
            forms << c->name.value(1);
        return cli_.usage(QStringLiteral("%1 needs one of %2%3")
                              .arg(args.words.first(), forms.join(QStringLiteral(", ")),
                                   args.words.size() > 1
                                       ? QStringLiteral(", not '%1'").arg(args.words[1])
                                       : QString()));
    }
    args.words = args.words.mid(command->name.size());
    const int code = runCommand(*command, args);
    cli_.out.flush();
    cli_.err.flush();
    return code;
}

int CliApplication::runCommand(const CliCommand& command, CliArguments& args) {
    cli_.command = &command;
    if (QString problem = tableProblem(command, args); !problem.isEmpty())
        return cli_.usage(problem);
    if (command.check) {
        if (QString problem = command.check(args); !problem.isEmpty())
            return cli_.usage(problem);
    }
    if (command.needsWorkspace && !cli_.enterWorkspace())
        return CliContext::Failure;
    return command.run(cli_, args);
}

} // namespace tidemark
