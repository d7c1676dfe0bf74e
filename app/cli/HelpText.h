#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace tidemark {

struct CliCommand;

// Usage and help, generated from the command table.

// The global options and the synopsis of every command.
QString usageText();
// `help`: every command with its synopsis and one-line help.
QString helpText();
// A usage error's reminder: the command's synopsis and where to read more.
QString commandUsage(const CliCommand& command);
// `help COMMAND`: synopsis, help, options and their values.
QString commandHelp(const CliCommand& command);
// The rows `words` names: the row itself, or every row of a family ("db"); empty if none.
QList<const CliCommand*> commandsNamed(const QStringList& words);

} // namespace tidemark
