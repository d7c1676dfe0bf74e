// The catalog connection: how it is opened (WAL, durable commits, waits for other processes)
// and the transactions callers group their writes in.
#include "catalog/Catalog.h"

namespace tidemark {

Result<std::unique_ptr<Catalog>> Catalog::open(const QString& path) {
    std::unique_ptr<Catalog> c(new Catalog);
    TM_TRY(c->db_.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX));
    sqlite3_busy_timeout(c->db_.handle(), 30000);
    TM_TRY(c->db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                       "PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;"));
    TM_TRY(c->migrate());
    return c;
}

Status Catalog::begin() {
    return db_.exec("BEGIN IMMEDIATE");
}
Status Catalog::commit() {
    return db_.exec("COMMIT");
}
void Catalog::rollback() {
    // Called after a failure the caller returns; a rollback that fails leaves SQLite to undo
    // the transaction when the connection closes.
    ignoreStatus(db_.exec("ROLLBACK"), "cleanup after a failure that is already returned");
}

} // namespace tidemark
