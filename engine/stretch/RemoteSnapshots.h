#pragma once

#include "stretch/StretchStore.h"
#include "vault/Vault.h"

namespace tidemark {

// Snapshots of a remote endpoint in the vault: a consistent copy (SQLite's backup API),
// compressed and sealed under the vault's keys, at stretch/DBUUID/ID.tss. The agent takes one
// every 8 hours and keeps them 7 days.
constexpr qint64 kRemoteSnapshotIntervalMs = qint64(8) * 3600 * 1000;
constexpr qint64 kRemoteSnapshotKeepMs = qint64(7) * 24 * 3600 * 1000;

Result<RemoteSnapshot> takeRemoteSnapshot(const Vault& vault, StretchStore& store,
                                          const QString& databaseUuid, const QString& remoteFile,
                                          qint64 nowMs);
// Replaces the remote endpoint's file with the snapshot's content.
Status restoreRemoteSnapshot(const Vault& vault, const RemoteSnapshot& snapshot,
                             const QString& remoteFile);
// Removes snapshots older than seven days; returns how many.
Result<int> expireRemoteSnapshots(const Vault& vault, StretchStore& store,
                                  const QString& databaseUuid, qint64 nowMs);

} // namespace tidemark
