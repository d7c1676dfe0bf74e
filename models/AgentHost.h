#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>

namespace tidemark {

class AgentLock;
class Workspace;

// Runs the workspace's agent (schedule, retention, replication, drills) inside the console on
// a background thread, holding the workspace's agent lock. When another process already holds
// the lock, nothing runs here and holder() names it: the console then works alongside that
// agent. The agent opens its own Workspace on its thread; the console's view reloads when the
// catalog changes.
class AgentHost : public QObject {
    Q_OBJECT
public:
    // `vaultOf`: the console's open workspace, whose vault lock (a blob lease) the agent takes
    // besides the workspace's own; the agent stops if that lock is ever lost.
    explicit AgentHost(const Workspace* vaultOf = nullptr, QObject* parent = nullptr);
    ~AgentHost() override;

    // Returns true when this console now runs the agent.
    bool start(const QString& workspaceDir, const QByteArray& passphrase);
    void stop();
    // False once the agent lost its vault lock, while its thread winds down.
    bool running() const { return thread_.joinable() && problem_.isEmpty(); }
    // Stops protecting until resume() (the tray's "Pause protection"); the workspace stays open.
    void pause();
    bool resume();
    bool paused() const { return paused_; }
    // Why the agent does not run here (another agent, or an error); empty when it runs.
    QString problem() const { return problem_; }

signals:
    // A line of the agent's log (emitted on the GUI thread).
    void logged(const QString& line);
    // Started, stopped, or refused.
    void stateChanged();

private:
    const Workspace* vaultOf_;
    std::unique_ptr<AgentLock> lock_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    QString problem_;
    QString workspaceDir_;
    QByteArray passphrase_;
    bool paused_ = false;
};

} // namespace tidemark
