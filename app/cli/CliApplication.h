#pragma once

#include "CliContext.h"

#include <QStringList>

namespace tidemark {

class CliArguments;
struct CliCommand;

// tidemark-cli: reads the global options, finds the command's row in the table, checks the
// words and options against it, opens the workspace when the row needs one, and runs it.
// Exit status: 0 success, 1 failure, 2 usage error, 3 completed with errors.
class CliApplication {
public:
    int run(const QStringList& arguments);

private:
    int runCommand(const CliCommand& command, CliArguments& args);

    CliContext cli_;
};

} // namespace tidemark
