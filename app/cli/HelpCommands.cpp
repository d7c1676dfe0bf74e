// `help [COMMAND]` and `completion bash`: read from the command table, no workspace needed.
#include "BashCompletion.h"
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "HelpText.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

QJsonObject commandJson(const CliCommand& c) {
    QJsonArray options;
    for (const CliOption& o : c.options) {
        QJsonObject option;
        option[QStringLiteral("name")] = o.name;
        option[QStringLiteral("takes_value")] = o.takesValue();
        option[QStringLiteral("required")] = o.required;
        if (!o.choices.isEmpty())
            option[QStringLiteral("choices")] = QJsonArray::fromStringList(o.choices);
        options.append(option);
    }
    QJsonObject o;
    o[QStringLiteral("command")] = c.fullName();
    o[QStringLiteral("synopsis")] = c.synopsis();
    o[QStringLiteral("help")] = c.help;
    o[QStringLiteral("needs_workspace")] = c.needsWorkspace;
    o[QStringLiteral("options")] = options;
    return o;
}

int cmdHelp(CliContext& cli, CliArguments& args) {
    QList<const CliCommand*> commands;
    if (args.words.isEmpty()) {
        for (const CliCommand& c : commandTable())
            commands << &c;
    } else {
        commands = commandsNamed(args.words);
        if (commands.isEmpty())
            return cli.usage(
                QStringLiteral("no command '%1'").arg(args.words.join(QLatin1Char(' '))));
    }
    if (cli.json) {
        QJsonArray array;
        for (const CliCommand* c : commands)
            array.append(commandJson(*c));
        cli.printJson(
            QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("commands"), array}});
        return CliContext::Success;
    }
    if (args.words.isEmpty()) {
        cli.out << helpText();
        return CliContext::Success;
    }
    for (int i = 0; i < commands.size(); ++i)
        cli.out << (i ? "\n" : "") << commandHelp(*commands[i]);
    return CliContext::Success;
}

int cmdCompletion(CliContext& cli, CliArguments&) {
    if (cli.json)
        return cli.done({{QStringLiteral("shell"), QStringLiteral("bash")},
                         {QStringLiteral("script"), bashCompletion()}},
                        {});
    cli.out << bashCompletion();
    return CliContext::Success;
}

} // namespace

QList<CliCommand> helpCommands() {
    return {
        {{QStringLiteral("help")},
         QStringLiteral("[COMMAND]"),
         {},
         0,
         2,
         false,
         QStringLiteral("every command, or one command's synopsis and options"),
         cmdHelp},
        {{QStringLiteral("completion")},
         QStringLiteral("bash"),
         {},
         1,
         1,
         false,
         QStringLiteral("print a bash completion script (source <(tidemark-cli completion bash))"),
         cmdCompletion,
         [](const CliArguments& args) {
             return args.words.value(0) == QStringLiteral("bash")
                        ? QString()
                        : QStringLiteral("completion knows bash");
         }},
    };
}

} // namespace tidemark
