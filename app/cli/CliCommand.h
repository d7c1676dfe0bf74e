#pragma once

#include <QString>
#include <QStringList>

#include <limits>
#include <utility>

namespace tidemark {

class CliArguments;
class CliContext;

// One option of a command, as the parser, the help text and the completion script see it.
struct CliOption {
    enum class Value { None, Text, Number, Time, Choice };

    QString name;              // without the leading dashes
    Value value = Value::None; // None: a flag that takes no value
    QString valueName;         // what help and completion call the value (PATH, N, TIME)
    QStringList choices;       // Value::Choice: the words it takes (any case)
    qint64 min = std::numeric_limits<qint64>::min(); // Value::Number: the range it takes
    qint64 max = std::numeric_limits<qint64>::max();
    bool required = false;

    bool takesValue() const { return value != Value::None; }
    CliOption mandatory() const {
        CliOption o = *this;
        o.required = true;
        return o;
    }
    // The problem with `text` as this option's value, or empty when it is fine.
    QString problemWith(const QString& text) const;
};

CliOption flag(const QString& name);
CliOption textOption(const QString& name, const QString& valueName);
// A whole number; without a range, any int (the engine then judges the value).
CliOption numberOption(const QString& name, qint64 min = std::numeric_limits<int>::min(),
                       qint64 max = std::numeric_limits<int>::max());
CliOption timeOption(const QString& name);
CliOption choiceOption(const QString& name, const QStringList& choices);

// One row of the command table: dispatch, usage, `help COMMAND` and the completion script are
// all read from these rows.
struct CliCommand {
    using Handler = int (*)(CliContext& cli, CliArguments& args);
    // Rules the table cannot say (options that exclude each other, say): a usage problem, or
    // empty. Runs before the workspace is opened, so misuse never asks for a passphrase.
    using Check = QString (*)(const CliArguments& args);

    CliCommand(QStringList words, QString operandText, QList<CliOption> optionList, int least,
               int most, bool opensWorkspace, QString helpLine, Handler handler,
               Check extraCheck = nullptr)
        : name(std::move(words)), operands(std::move(operandText)), options(std::move(optionList)),
          minOperands(least), maxOperands(most), needsWorkspace(opensWorkspace),
          help(std::move(helpLine)), run(handler), check(extraCheck) {}

    QStringList name; // the command words: {"db", "add"}
    QString operands; // what follows the name in the synopsis: "NAME [--max-size BYTES]"
    QList<CliOption> options;
    int minOperands = 0;        // words after the name
    int maxOperands = 0;        // -1: any number
    bool needsWorkspace = true; // opened (with the one failure path) before the handler runs
    QString help;               // one line
    Handler run = nullptr;
    Check check = nullptr;

    QString fullName() const { return name.join(QLatin1Char(' ')); }
    QString synopsis() const {
        return operands.isEmpty() ? fullName() : fullName() + QLatin1Char(' ') + operands;
    }
    const CliOption* option(const QString& optionName) const;
};

// Every command, family by family, in the order usage lists them.
const QList<CliCommand>& commandTable();

// The families, one per file.
QList<CliCommand> workspaceCommands();
QList<CliCommand> databaseCommands();
QList<CliCommand> backupCommands();
QList<CliCommand> restoreCommands();
QList<CliCommand> verifyCommands();
QList<CliCommand> keyCommands();
QList<CliCommand> systemCommands();
QList<CliCommand> alertCommands();
QList<CliCommand> purgeCommands();
QList<CliCommand> policyCommands();
QList<CliCommand> agentCommands();
QList<CliCommand> ltrCommands();
QList<CliCommand> billingCommands();
QList<CliCommand> stretchCommands();
QList<CliCommand> helpCommands();

} // namespace tidemark
