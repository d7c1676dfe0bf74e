#pragma once

#include "catalog/Catalog.h"

#include <QList>
#include <QSet>

namespace tidemark {

struct RestoreWindow {
    qint64 earliestMs = -1;
    qint64 latestMs = -1;
    bool empty() const { return earliestMs < 0; }
};

// Chooses which backups rebuild a database as of an instant: the last full at or before it,
// the last differential of that full at or before it, then every log after those up to it.
// Works on the catalog's list of backups of one database, in snapshot order.
class RestorePlanner {
public:
    explicit RestorePlanner(QList<BackupInfo> backups);

    RestoreWindow window() const;
    // The chain for the last committed state at or before `pointMs`, full first.
    Result<QList<BackupInfo>> planAt(qint64 pointMs) const;
    // The chain ending at a given backup.
    Result<QList<BackupInfo>> planThrough(const QString& backupId) const;
    // Backups listed whose chain is broken (a base is missing): gaps in the history.
    QList<BackupInfo> unrestorable() const;

private:
    QSet<QString> intact() const;
    QList<BackupInfo> backups_;
};

// Why a new backup must not build on `chain` (the backups it would extend, full first): the
// first of them that verify declared unusable, with its reason. Empty when all are usable.
QString unusableBaseReason(const QList<BackupInfo>& chain);

} // namespace tidemark
