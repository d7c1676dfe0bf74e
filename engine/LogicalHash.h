#pragma once

#include "Status.h"

#include <sqlite3.h>

#include <atomic>

namespace tidemark {

// A hash of a database's content, independent of how it is laid out in pages: the schema
// (type, name, table and SQL of every object) and, table by table in name order, every row in
// key order with typed values. Two files with the same tables and rows hash the same even
// after VACUUM moved every page. Runs inside whatever read transaction `db` holds.
Result<QString> computeLogicalHash(sqlite3* db, const std::atomic<bool>* cancel = nullptr);

} // namespace tidemark
