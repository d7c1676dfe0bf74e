#include "TestWorkspace.h"

#include <QDir>

#include <utility>

namespace tidemark::testsupport {

TestWorkspace::TestWorkspace()
    : m_root(QDir::tempPath() + QStringLiteral("/tidemark-test-XXXXXX")) {
    if (!m_root.isValid()) {
        return;
    }
    m_root.setAutoRemove(qEnvironmentVariableIntValue("TIDEMARK_KEEP_TEST_DIRS") == 0);
    QDir(root()).mkpath(QStringLiteral("data"));
    QDir(root()).mkpath(QStringLiteral("home/.local/share"));
    QDir(root()).mkpath(QStringLiteral("home/.config"));
}

QString TestWorkspace::workspaceDir() const {
    return root() + QStringLiteral("/ws");
}

QString TestWorkspace::vaultDir() const {
    return workspaceDir() + QStringLiteral("/vault");
}

QString TestWorkspace::catalogPath() const {
    return workspaceDir() + QStringLiteral("/catalog.db");
}

QString TestWorkspace::dataPath(const QString& name) const {
    return root() + QStringLiteral("/data/") + name;
}

CliOptions TestWorkspace::withHome(CliOptions options) const {
    const QString home = root() + QStringLiteral("/home");
    options.environment.insert(QStringLiteral("HOME"), home);
    options.environment.insert(QStringLiteral("XDG_DATA_HOME"),
                               home + QStringLiteral("/.local/share"));
    options.environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                               home + QStringLiteral("/.config"));
    return options;
}

QStringList TestWorkspace::withWorkspace(const QStringList& command) const {
    return QStringList{QStringLiteral("--workspace"), workspaceDir()} + command;
}

CliResult TestWorkspace::run(const QStringList& command, CliOptions options) const {
    return runCli(withWorkspace(command), withHome(std::move(options)));
}

CliResult TestWorkspace::runJson(const QStringList& command, CliOptions options) const {
    options.json = true;
    return run(command, std::move(options));
}

void TestWorkspace::start(QProcess& process, const QStringList& command, CliOptions options) const {
    startCli(process, withWorkspace(command), withHome(std::move(options)));
}

} // namespace tidemark::testsupport
