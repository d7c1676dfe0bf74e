#pragma once

#include "core/Status.h"
#include "vault/Location.h"

#include <functional>
#include <memory>

namespace tidemark {

class Workspace;

// One agent per workspace: an exclusive lock on WORKSPACE/agent.lock, held for the agent's
// life and released by the kernel if it dies. The file says who holds it, so a second agent
// can name the first in its refusal.
// One agent per vault, too: other workspaces (on other hosts) can name the same vault in a
// blob container, so the agent also holds the primary location's own lock (a lease, see
// Location::acquireLock); a folder vault has none beyond the workspace's.
class AgentLock {
public:
    static Result<std::unique_ptr<AgentLock>> acquire(const QString& workspaceDir,
                                                      const QString& description);
    // The workspace's lock, then its vault's. `lost` is called (on another thread) if the
    // vault's lock is lost while held: the agent must stop.
    static Result<std::unique_ptr<AgentLock>> acquire(const Workspace& workspace,
                                                      const QString& description,
                                                      std::function<void(const Status&)> lost = {});
    // Whether an agent (in this process or another) holds the workspace's lock now. Looks
    // without taking the lock, so it never makes an agent starting at that moment fail.
    static bool isHeld(const QString& workspaceDir);
    ~AgentLock();
    // Ok while the vault's lock stands (or the vault has none); otherwise why it was lost.
    Status vaultLockHeld() const { return vault_ ? vault_->held() : Status::ok(); }

private:
    explicit AgentLock(int fd) : fd_(fd) {}
    int fd_;
    std::unique_ptr<LocationLock> vault_; // released before the workspace's lock
};

} // namespace tidemark
