#pragma once

#include <cstdint>
#include <string>

struct sqlite3;

namespace tidemark::testsupport {

// The deterministic workload of tidemark-test-writer. Commit k always makes the same change, so
// the content after commit k can be rebuilt anywhere by replaying commits 1..k into a fresh file.
// A test that restores a backup reads k from the restored file and compares it with that rebuild.
//
// Tables: progress(id = 1, k = last committed k), items (grows by about two rows a commit, with
// updates and deletes of older rows) and events (a short rolling log using AUTOINCREMENT).

// Creates the writer's tables when missing. Idempotent; the caller owns the transaction.
bool createWriterSchema(sqlite3* database, std::string& error);

// Applies the changes of commit k (k >= 1), including progress.k = k. The caller wraps it in a
// transaction; applying commits 1..k in order always yields the same content.
bool applyWriterCommit(sqlite3* database, std::int64_t k, std::string& error);

// Reads progress.k; returns -1 when the table or its row is missing.
std::int64_t readWriterProgress(sqlite3* database);

} // namespace tidemark::testsupport
