#include "WriterWorkload.h"

#include <sqlite3.h>

#include <vector>

namespace tidemark::testsupport {
namespace {

constexpr std::int64_t kRowsPerCommit = 3;
// Old rows are deleted this many commits after they were inserted, so the file keeps changing
// everywhere instead of only growing at its end.
constexpr std::int64_t kDeleteAfterCommits = 5;
constexpr std::int64_t kEventsKept = 40;

// splitmix64: a tiny, well-distributed generator whose output depends only on its seed.
std::uint64_t nextRandom(std::uint64_t& state) {
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t mixed = state;
    mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9ULL;
    mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EBULL;
    return mixed ^ (mixed >> 31);
}

std::vector<unsigned char> payloadFor(std::int64_t k, std::int64_t slot, int variant) {
    std::uint64_t state = (static_cast<std::uint64_t>(k) << 16) ^
                          (static_cast<std::uint64_t>(slot) << 4) ^
                          static_cast<std::uint64_t>(variant);
    const std::size_t size = 96 + static_cast<std::size_t>(nextRandom(state) % 256);
    std::vector<unsigned char> bytes(size);
    for (auto& byte : bytes) {
        byte = static_cast<unsigned char>(nextRandom(state) & 0xFF);
    }
    return bytes;
}

class Statement {
public:
    Statement(sqlite3* database, const char* sql) {
        sqlite3_prepare_v2(database, sql, -1, &m_statement, nullptr);
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool isValid() const { return m_statement != nullptr; }
    sqlite3_stmt* get() const { return m_statement; }

private:
    sqlite3_stmt* m_statement = nullptr;
};

bool fail(sqlite3* database, std::string& error, const char* what) {
    error = std::string(what) + ": " + sqlite3_errmsg(database);
    return false;
}

bool runStatement(sqlite3* database, const Statement& statement, std::string& error,
                  const char* what) {
    if (sqlite3_step(statement.get()) != SQLITE_DONE) {
        return fail(database, error, what);
    }
    return true;
}

bool bindPayload(sqlite3_stmt* statement, int index, const std::vector<unsigned char>& payload) {
    return sqlite3_bind_blob(statement, index, payload.data(), static_cast<int>(payload.size()),
                             SQLITE_TRANSIENT) == SQLITE_OK;
}

bool insertItems(sqlite3* database, std::int64_t k, std::string& error) {
    Statement insert(database, "INSERT INTO items(id, created_k, touched_k, label, payload) VALUES "
                               "(?1, ?2, ?2, 'item ' || ?2 || '.' || ?3, ?4)");
    if (!insert.isValid()) {
        return fail(database, error, "prepare insert");
    }
    for (std::int64_t slot = 0; slot < kRowsPerCommit; ++slot) {
        sqlite3_reset(insert.get());
        sqlite3_bind_int64(insert.get(), 1, k * kRowsPerCommit + slot);
        sqlite3_bind_int64(insert.get(), 2, k);
        sqlite3_bind_int64(insert.get(), 3, slot);
        if (!bindPayload(insert.get(), 4, payloadFor(k, slot, 0)) ||
            !runStatement(database, insert, error, "insert item")) {
            return false;
        }
    }
    return true;
}

// Rewrites one row inserted by commit k/2, so pages far from the end of the file change too.
bool touchOlderItem(sqlite3* database, std::int64_t k, std::string& error) {
    if (k < 2) {
        return true;
    }
    Statement update(database, "UPDATE items SET touched_k = ?1, label = 'item touched at ' || ?1, "
                               "payload = ?2 WHERE id = ?3");
    if (!update.isValid()) {
        return fail(database, error, "prepare update");
    }
    sqlite3_bind_int64(update.get(), 1, k);
    const std::int64_t slot = k % kRowsPerCommit;
    if (!bindPayload(update.get(), 2, payloadFor(k, slot, 1))) {
        return fail(database, error, "bind update payload");
    }
    sqlite3_bind_int64(update.get(), 3, (k / 2) * kRowsPerCommit + slot);
    return runStatement(database, update, error, "update item");
}

bool deleteOldItem(sqlite3* database, std::int64_t k, std::string& error) {
    if (k <= kDeleteAfterCommits) {
        return true;
    }
    Statement remove(database, "DELETE FROM items WHERE id = ?1");
    if (!remove.isValid()) {
        return fail(database, error, "prepare delete");
    }
    sqlite3_bind_int64(remove.get(), 1, (k - kDeleteAfterCommits) * kRowsPerCommit + 1);
    return runStatement(database, remove, error, "delete item");
}

bool recordEvent(sqlite3* database, std::int64_t k, std::string& error) {
    Statement insert(database, "INSERT INTO events(k, note) VALUES (?1, 'commit ' || ?1)");
    Statement prune(database, "DELETE FROM events WHERE k <= ?1");
    Statement progress(database, "UPDATE progress SET k = ?1 WHERE id = 1");
    if (!insert.isValid() || !prune.isValid() || !progress.isValid()) {
        return fail(database, error, "prepare event statements");
    }
    sqlite3_bind_int64(insert.get(), 1, k);
    sqlite3_bind_int64(prune.get(), 1, k - kEventsKept);
    sqlite3_bind_int64(progress.get(), 1, k);
    return runStatement(database, insert, error, "insert event") &&
           runStatement(database, prune, error, "prune events") &&
           runStatement(database, progress, error, "update progress");
}

} // namespace

bool createWriterSchema(sqlite3* database, std::string& error) {
    const char* schema =
        "CREATE TABLE IF NOT EXISTS progress(id INTEGER PRIMARY KEY CHECK (id = 1), "
        "k INTEGER NOT NULL);"
        "INSERT OR IGNORE INTO progress(id, k) VALUES (1, 0);"
        "CREATE TABLE IF NOT EXISTS items(id INTEGER PRIMARY KEY, created_k INTEGER NOT NULL, "
        "touched_k INTEGER NOT NULL, label TEXT NOT NULL, payload BLOB NOT NULL);"
        "CREATE INDEX IF NOT EXISTS items_by_touched ON items(touched_k);"
        "CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY AUTOINCREMENT, "
        "k INTEGER NOT NULL, note TEXT NOT NULL);";
    char* message = nullptr;
    if (sqlite3_exec(database, schema, nullptr, nullptr, &message) != SQLITE_OK) {
        error = std::string("create writer schema: ") + (message ? message : "unknown error");
        sqlite3_free(message);
        return false;
    }
    return true;
}

bool applyWriterCommit(sqlite3* database, std::int64_t k, std::string& error) {
    return insertItems(database, k, error) && touchOlderItem(database, k, error) &&
           deleteOldItem(database, k, error) && recordEvent(database, k, error);
}

std::int64_t readWriterProgress(sqlite3* database) {
    Statement select(database, "SELECT k FROM progress WHERE id = 1");
    if (!select.isValid() || sqlite3_step(select.get()) != SQLITE_ROW) {
        return -1;
    }
    return sqlite3_column_int64(select.get(), 0);
}

} // namespace tidemark::testsupport
