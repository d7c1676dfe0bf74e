#include "AgentHost.h"

#include "core/ErrorMessages.h"
#include "workspace/Agent.h"
#include "workspace/AgentLock.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QSysInfo>

namespace tidemark {

AgentHost::AgentHost(const Workspace* vaultOf, QObject* parent)
    : QObject(parent), vaultOf_(vaultOf) {}

AgentHost::~AgentHost() {
    stop();
}

bool AgentHost::start(const QString& workspaceDir, const QByteArray& passphrase) {
    if (running())
        return true;
    stop(); // the thread of an agent that lost its lock
    const QString holder = QStringLiteral("Tidemark console (pid %1 on %2)")
                               .arg(QCoreApplication::applicationPid())
                               .arg(QSysInfo::machineHostName());
    auto lost = [this](const Status& why) {
        stop_.store(true);
        QMetaObject::invokeMethod(
            this,
            [this, message = userMessage(why)] {
                problem_ = message;
                emit logged(message);
                emit stateChanged();
            },
            Qt::QueuedConnection);
    };
    auto lock = vaultOf_ ? AgentLock::acquire(*vaultOf_, holder, lost)
                         : AgentLock::acquire(workspaceDir, holder);
    if (!lock) {
        problem_ = userMessage(lock.status());
        emit stateChanged();
        return false;
    }
    lock_ = std::move(*lock);
    problem_.clear();
    workspaceDir_ = workspaceDir;
    passphrase_ = passphrase;
    paused_ = false;
    stop_.store(false);
    thread_ = std::thread([this, workspaceDir, passphrase] {
        auto report = [this](const QString& line) {
            QMetaObject::invokeMethod(
                this, [this, line] { emit logged(line); }, Qt::QueuedConnection);
        };
        auto ws = Workspace::open(workspaceDir, passphrase.isEmpty() ? nullptr : &passphrase,
                                  std::make_shared<SystemClock>());
        if (!ws) {
            report(tr("The agent could not open the workspace: %1").arg(userMessage(ws.status())));
            return;
        }
        AgentOptions options;
        options.stop = &stop_;
        options.log = report;
        options.capture = true; // WAL databases: every commit, as with `tidemark-cli agent`
        Agent agent(**ws, options);
        auto result = agent.run();
        if (!result)
            report(tr("The agent stopped: %1").arg(userMessage(result.status())));
    });
    emit stateChanged();
    return true;
}

void AgentHost::stop() {
    stop_.store(true);
    const bool was = thread_.joinable();
    if (was)
        thread_.join();
    lock_.reset();
    if (was)
        emit stateChanged();
}

void AgentHost::pause() {
    if (!running())
        return;
    paused_ = true;
    stop();
}

bool AgentHost::resume() {
    if (!paused_)
        return running();
    return start(workspaceDir_, passphrase_);
}

} // namespace tidemark
