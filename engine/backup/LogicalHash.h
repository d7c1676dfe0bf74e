#pragma once

#include "core/Status.h"

#include <QList>
#include <QString>

#include <sqlite3.h>

#include <atomic>
#include <string>

namespace tidemark {

// A hash of a database's content, independent of how it is laid out in pages: the schema
// (type, name, table and SQL of every object) and, table by table in name order, every row in
// key order with typed values. Two files with the same tables and rows hash the same even
// after VACUUM moved every page. Reads inside whatever read transaction `db` holds.
//
// The digest is XXH3-128 over a canonical stream of typed values: a fingerprint that catches
// any difference in content, computed at memory speed. Authenticity is not its job; the vault's
// AES-GCM tags and keyed page addresses provide that.
//
// Incremental, so a backup can advance it in the gaps while its workers compress: call
// step() until it reports done, then result().
class LogicalHasher {
public:
    explicit LogicalHasher(sqlite3* db);
    ~LogicalHasher();
    LogicalHasher(const LogicalHasher&) = delete;
    LogicalHasher& operator=(const LogicalHasher&) = delete;

    // Hashes up to `rows` more rows. Returns true once everything is hashed.
    Result<bool> step(int rows);
    Result<QString> finish(const std::atomic<bool>* cancel = nullptr);
    bool done() const { return done_; }

private:
    struct Table {
        QString name;
        bool withoutRowid = false;
    };
    Status start();
    Status openTable();
    void put(const void* p, size_t n);
    void tag(char t) { buffer_.push_back(t); }
    void u64(uint64_t v) { put(&v, 8); }
    void text(const QByteArray& b);
    void flush();

    sqlite3* db_;
    bool started_ = false;
    bool done_ = false;
    QList<Table> tables_;
    int nextTable_ = 0;
    sqlite3_stmt* rows_ = nullptr;
    int columns_ = 0;
    uint64_t rowCount_ = 0;
    std::string buffer_;
    void* hash_; // XXH3 state, opaque here to keep xxhash.h out of the header
    QString result_;
};

Result<QString> computeLogicalHash(sqlite3* db, const std::atomic<bool>* cancel = nullptr);

} // namespace tidemark
