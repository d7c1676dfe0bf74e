#pragma once

#include <QStringList>

namespace tidemark {

// Starts the console: finds the workspace (--workspace, TIDEMARK_WORKSPACE, the user's data
// folder), reads the passphrase (--passphrase-file, TIDEMARK_PASSPHRASE, or asks), opens the
// main window. Returns the process exit status.
int runConsole(const QStringList& arguments);

} // namespace tidemark
