#pragma once

#include "core/Status.h"
#include "vault/KeyRing.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace tidemark {

enum class BackupType { Full, Differential, Log };
QString backupTypeName(BackupType t);
bool parseBackupType(const QString& text, BackupType* out);

// Consecutive database pages stored as consecutive blobs of one pack.
struct PageRun {
    uint32_t firstPage = 0; // 1-based SQLite page number
    uint32_t count = 0;
    uint32_t pack = 0;      // index into Manifest::packs
    uint32_t firstBlob = 0; // blob index inside that pack
};

// Everything needed to restore one backup, and to rebuild the catalog entry for it.
// Stored in the vault compressed and sealed; written only after all its packs are durable.
struct Manifest {
    QString backupId;
    QString databaseUuid;
    QString databaseName;
    QString databaseFile;
    BackupType type = BackupType::Full;
    BackupType requestedType = BackupType::Full;
    QString baseId; // differential: its full; log: the backup it follows
    QString fullId; // the full this backup's chain starts from
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 snapshotMs = 0; // the instant whose committed state this backup holds
    uint32_t pageSize = 0;
    uint32_t pageCount = 0;
    QString journalMode;
    QString logicalHash;
    qint64 logicalBytes = 0; // bytes of pages this backup carries
    qint64 newBytes = 0;     // bytes this backup added to the vault (packs and manifest)
    QString note;
    QStringList packs;
    std::vector<PageRun> runs;
    // Continuous capture (see BackupInfo): commit numbers, the gap a rebase closes, and for a
    // captured log backup every commit it holds, so a restore can stop at any one of them.
    qint64 firstCommit = -1;
    qint64 lastCommit = -1;
    qint64 gapFromMs = -1;
    QString gapReason;
    struct CommitPage {
        uint32_t page = 0;
        uint32_t pack = 0; // index into packs
        uint32_t blob = 0;
    };
    struct Commit {
        qint64 number = 0;
        qint64 stampMs = 0;
        uint32_t databasePages = 0;
        uint32_t firstPage = 0; // index into commitPages
        uint32_t pageCount = 0;
    };
    std::vector<Commit> commits;
    std::vector<CommitPage> commitPages;

    QByteArray serialize() const;
    static Result<Manifest> parse(const QByteArray& raw);
    QByteArray seal(const KeyRing& keys) const;
    static Result<Manifest> open(const KeyRing& keys, const QByteArray& sealed,
                                 const QString& backupId);
    static QByteArray context(const QString& backupId);
};

} // namespace tidemark
