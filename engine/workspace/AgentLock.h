#pragma once

#include "core/Status.h"

#include <memory>

namespace tidemark {

// One agent per workspace: an exclusive lock on WORKSPACE/agent.lock, held for the agent's
// life and released by the kernel if it dies. The file says who holds it, so a second agent
// can name the first in its refusal.
class AgentLock {
public:
    static Result<std::unique_ptr<AgentLock>> acquire(const QString& workspaceDir,
                                                      const QString& description);
    // Whether an agent (in this process or another) holds the workspace's lock now. Looks
    // without taking the lock, so it never makes an agent starting at that moment fail.
    static bool isHeld(const QString& workspaceDir);
    ~AgentLock();

private:
    explicit AgentLock(int fd) : fd_(fd) {}
    int fd_;
};

} // namespace tidemark
