#pragma once

#include "vault/Manifest.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace tidemark {

// The rows the catalog hands out, as plain values: callers keep and pass them around without
// holding a catalog connection.

struct DatabaseInfo {
    QString uuid;
    QString name;
    QString file;
    qint64 maxSize = 0;
    qint64 addedMs = 0;
    qint64 droppedMs = -1;
    QString journalMode;
    int pageSize = 0;
};

struct BackupInfo {
    QString id;
    QString databaseUuid;
    BackupType type = BackupType::Full;
    BackupType requestedType = BackupType::Full;
    QString baseId;
    QString fullId;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 snapshotMs = 0;
    uint32_t pageSize = 0;
    uint32_t pageCount = 0;
    QString logicalHash;
    qint64 logicalBytes = 0;
    qint64 storedBytes = 0;
    QString status; // "succeeded"
    QString note;
    // Continuous capture: commit numbers of the database, counted by Tidemark. A captured log
    // backup holds commits firstCommit..lastCommit; any other backup taken while capture ran
    // holds the state right after lastCommit. -1 when unknown (no capture).
    qint64 firstCommit = -1;
    qint64 lastCommit = -1;
    // A backup that rebased capture after a break closes a gap that began at gapFromMs.
    qint64 gapFromMs = -1;
    QString gapReason;
    bool captured() const { return type == BackupType::Log && firstCommit >= 0; }
    static BackupInfo fromManifest(const Manifest& m);
};

struct DrillInfo {
    qint64 pointMs = 0;
    qint64 atMs = 0;
    qint64 durationMs = 0;
    bool passed = false;
    QString message;
};

// A long-term retention copy of a full backup.
struct LtrInfo {
    QString id; // the full backup's id
    QString databaseUuid;
    QString databaseName;
    qint64 snapshotMs = 0;
    QStringList kinds; // W, M, Y
    qint64 expiresMs = 0;
    qint64 immutableUntilMs = 0;
    qint64 storedBytes = 0;
    uint32_t pageSize = 0;
    uint32_t pageCount = 0;
    QString logicalHash;
};

// LTR copies name their packs under this reference, apart from the short-term backup.
inline QString ltrReference(const QString& id) {
    return QStringLiteral("ltr:") + id;
}

struct BlobLocation {
    QString pack;
    uint32_t blob = 0;
};

struct JobInfo {
    qint64 id = 0;
    QString kind;
    QString target;
    qint64 startMs = 0;
    qint64 endMs = -1;
    QString status; // running, succeeded, failed, cancelled, completed_with_errors
    QString message;
    QString log;
    QJsonObject result; // the job's structured result (empty when it made none)
};

} // namespace tidemark
