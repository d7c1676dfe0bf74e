#pragma once

#include "capture/CaptureStore.h"
#include "catalog/Catalog.h"
#include "restore/Restorer.h"
#include "vault/Vault.h"

#include <optional>

namespace tidemark {

struct CommitPoint {
    qint64 number = -1;
    qint64 stampMs = -1;
};

// A stretch of time whose commits were not captured (a break, closed by a rebase backup).
struct CaptureGap {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 resumeCommit = -1; // the rebase backup's commit
    QString reason;
};

// Plans restores to single commits of a continuously captured database: a base backup whose
// state is at or before the commit, then every commit after it up to the target, from sealed
// log backups and from log segments not folded yet. Never crosses a gap.
class CommitPlanner {
public:
    CommitPlanner(const Vault& vault, QList<BackupInfo> backups, QList<SegmentInfo> segments);

    bool hasCommits() const;
    QList<CaptureGap> gaps() const;
    std::optional<CommitPoint> latest() const;
    // The last commit stamped at or before `pointMs`. NotFound without one; OutOfRange when the
    // instant falls in a gap.
    Result<CommitPoint> commitAt(qint64 pointMs) const;
    // Commit `commit` with its capture stamp; NotFound when the vault does not hold it.
    Result<CommitPoint> find(qint64 commit) const;
    // Every captured commit, oldest first (reads the log backups and segments).
    Result<QList<CommitPoint>> commits() const;
    Result<RestoreInput> plan(qint64 commit) const;
    // What plan() would read, without reading it: the base backup's chain, then the log
    // backups holding commits after it; `segments` counts log segments not folded yet.
    struct Sources {
        QList<BackupInfo> chain;
        QList<BackupInfo> logs;
        int segments = 0;
    };
    Result<Sources> sources(qint64 commit) const;

private:
    const Vault& vault_;
    QList<BackupInfo> backups_;
    QList<SegmentInfo> segments_;
};

} // namespace tidemark
