#pragma once

#include "CliRunner.h"

#include <QTemporaryDir>

namespace tidemark::testsupport {

// A throw-away folder for one test: the Tidemark workspace (WS = root/ws), a data folder for
// the databases under protection and a private HOME, so nothing touches the user's files.
// Set TIDEMARK_KEEP_TEST_DIRS=1 to keep the folder for a look after a failure.
class TestWorkspace {
public:
    TestWorkspace();

    bool isValid() const { return m_root.isValid(); }
    QString root() const { return m_root.path(); }
    QString workspaceDir() const;
    QString vaultDir() const;
    QString catalogPath() const;
    // root/data/NAME: where tests put protected databases, references and restores.
    QString dataPath(const QString& name) const;

    // tidemark-cli --workspace WS [globals of options] COMMAND...
    CliResult run(const QStringList& command, CliOptions options = {}) const;
    // Same, with --json.
    CliResult runJson(const QStringList& command, CliOptions options = {}) const;
    void start(QProcess& process, const QStringList& command, CliOptions options = {}) const;

    // The options run() uses when given none: the private HOME and the test passphrase.
    CliOptions withHome(CliOptions options) const;

private:
    QStringList withWorkspace(const QStringList& command) const;

    QTemporaryDir m_root;
};

} // namespace tidemark::testsupport
