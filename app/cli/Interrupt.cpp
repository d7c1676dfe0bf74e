#include "Interrupt.h"

#include "workspace/JobRunner.h"

#include <chrono>
#include <csignal>

namespace tidemark {
namespace {

std::atomic<bool> gInterrupted{false};
extern "C" void onInterrupt(int) {
    gInterrupted.store(true);
}

} // namespace

void catchInterrupts() {
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

std::atomic<bool>& interrupted() {
    return gInterrupted;
}

void waitInterruptible(JobRunner& runner, const std::shared_ptr<Job>& job) {
    while (job->done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
        if (gInterrupted.load())
            runner.cancelAll();
    }
}

} // namespace tidemark
