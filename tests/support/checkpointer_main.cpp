// tidemark-test-checkpointer: another process that keeps checkpointing a WAL database the way a
// careless application or tool might, cycling through PASSIVE, FULL, RESTART and TRUNCATE, so
// tests can prove that continuous capture loses no commit whatever happens to the log.
//
//   tidemark-test-checkpointer --db FILE [--pause-ms M]
//
// It runs until SIGTERM or SIGINT and prints how many checkpoints of each mode completed.

#include <sqlite3.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {
volatile std::sig_atomic_t stopRequested = 0;
void requestStop(int) {
    stopRequested = 1;
}
} // namespace

int main(int argc, char** argv) {
    std::string path;
    int pauseMs = 2;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--db") == 0)
            path = argv[i + 1];
        else if (std::strcmp(argv[i], "--pause-ms") == 0)
            pauseMs = std::atoi(argv[i + 1]);
    }
    if (path.empty()) {
        std::fprintf(stderr, "usage: tidemark-test-checkpointer --db FILE [--pause-ms M]\n");
        return 2;
    }
    std::signal(SIGTERM, requestStop);
    std::signal(SIGINT, requestStop);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "cannot open %s\n", path.c_str());
        return 1;
    }
    // Short waits: the point is to try often, not to stall anyone for long.
    sqlite3_busy_timeout(db, 20);
    const int modes[] = {SQLITE_CHECKPOINT_PASSIVE, SQLITE_CHECKPOINT_FULL,
                         SQLITE_CHECKPOINT_RESTART, SQLITE_CHECKPOINT_TRUNCATE};
    long done[4] = {0, 0, 0, 0};
    for (unsigned round = 0; !stopRequested; ++round) {
        const int m = int(round % 4);
        int log = 0, checkpointed = 0;
        if (sqlite3_wal_checkpoint_v2(db, "main", modes[m], &log, &checkpointed) == SQLITE_OK)
            ++done[m];
        std::this_thread::sleep_for(std::chrono::milliseconds(pauseMs));
    }
    sqlite3_close(db);
    std::printf("passive=%ld full=%ld restart=%ld truncate=%ld\n", done[0], done[1], done[2],
                done[3]);
    return 0;
}
