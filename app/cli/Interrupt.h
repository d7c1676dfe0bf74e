#pragma once

#include <atomic>
#include <memory>

namespace tidemark {

class JobRunner;
struct Job;

// SIGINT and SIGTERM set a flag: running jobs are cancelled, the agent stops after its pass.
void catchInterrupts();
std::atomic<bool>& interrupted();

// Waits for a job while letting Ctrl-C cancel it.
void waitInterruptible(JobRunner& runner, const std::shared_ptr<Job>& job);

} // namespace tidemark
