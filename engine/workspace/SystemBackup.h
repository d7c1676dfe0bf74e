#pragma once

#include "core/Clock.h"
#include "core/Status.h"

#include <QStringList>

#include <memory>

namespace tidemark {

class Catalog;
class Vault;
class Workspace;

// The workspace's own state, kept in its vault so a new machine can take over with only the
// vault location and the passphrase:
//   system/ID.tms        sealed: a consistent snapshot of catalog.db (VACUUM INTO), the
//                        workspace configuration and the vault configuration
//   system/ID.keys.json  the vault configuration as it was (the master key and data keys,
//                        wrapped: unreadable without the passphrase), to put back if the
//                        vault's own copy is ever lost
// IDs sort by time, so the newest is the last.
struct SystemBackupInfo {
    QString id;
    qint64 atMs = 0;
    qint64 bytes = 0; // sealed size
};

struct SystemRestoreReport {
    QString systemBackupId;
    qint64 systemBackupMs = 0;
    int databases = 0;
    int backups = 0;
    int jobs = 0;
    bool redundancyKept = true; // false: reset to the one location given
    bool keysRecovered = false; // the vault configuration was put back from the system backup
};

Result<SystemBackupInfo> backupSystem(Workspace& workspace, Catalog& catalog);
QList<SystemBackupInfo> listSystemBackups(const Vault& vault);
// A new workspace in `dir` (which must not be one yet) from the newest system backup in the
// vault at `vaultDir`; the catalog's index is then rebuilt from the vault, so backups made or
// purged after the system backup are exactly as the vault says.
Result<SystemRestoreReport> restoreSystem(const QString& dir, const QString& vaultDir,
                                          const QByteArray* passphrase,
                                          std::shared_ptr<const Clock> clock);

} // namespace tidemark
