#pragma once

#include "core/Status.h"
#include "vault/Vault.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace tidemark {

// One commit captured from a database's write-ahead log, numbered and stamped by Tidemark.
struct CapturedCommit {
    qint64 number = 0;
    qint64 stampMs = 0; // capture time; never decreases along a database's commits
    uint32_t databasePages = 0;
    std::vector<uint32_t> pageNumbers; // ascending
    QByteArray pages;                  // pageNumbers.size() * pageSize bytes
};

// A small vault object holding commits captured in the last moment, written within about a
// second of the commits so they are durable long before the next log backup. A log backup
// later folds a run of segments into packs and a manifest, and the segments go away.
//   logs/DBUUID/FIRSTCOMMIT.tls : sealed(zstd(header, commits with their pages))
struct LogSegment {
    QString databaseUuid;
    uint32_t pageSize = 0;
    std::vector<CapturedCommit> commits;

    qint64 firstCommit() const { return commits.empty() ? -1 : commits.front().number; }
    qint64 lastCommit() const { return commits.empty() ? -1 : commits.back().number; }
    qint64 firstMs() const { return commits.empty() ? -1 : commits.front().stampMs; }
    qint64 lastMs() const { return commits.empty() ? -1 : commits.back().stampMs; }
    qint64 rawBytes() const;

    QByteArray serialize() const;
    static Result<LogSegment> parse(const QByteArray& raw);
};

// Where a segment lives in the vault's location.
QString logSegmentObject(const QString& databaseUuid, qint64 firstCommit);
// First commit numbers of the segments present for a database, ascending.
std::vector<qint64> listLogSegments(const Vault& vault, const QString& databaseUuid);
// Durable on return (temporary name, fsync, rename, fsync of the folder). Returns bytes stored.
Result<qint64> writeLogSegment(const Vault& vault, const LogSegment& segment);
Result<LogSegment> readLogSegment(const Vault& vault, const QString& databaseUuid,
                                  qint64 firstCommit);
Status removeLogSegment(const Vault& vault, const QString& databaseUuid, qint64 firstCommit);

} // namespace tidemark
