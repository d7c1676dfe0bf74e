#pragma once

#include "Status.h"

#include <memory>

namespace tidemark {

// One agent per workspace: an exclusive lock on WORKSPACE/agent.lock, held for the agent's
// life and released by the kernel if it dies. The file says who holds it, so a second agent
// can name the first in its refusal.
class AgentLock {
public:
    static Result<std::unique_ptr<AgentLock>> acquire(const QString& workspaceDir,
                                                      const QString& description);
    ~AgentLock();

private:
    explicit AgentLock(int fd) : fd_(fd) {}
    int fd_;
};

} // namespace tidemark
