#pragma once

#include "TestWorkspace.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace tidemark::testing {
class Azurite;
}

namespace tidemark::testsupport {

inline constexpr qint64 kHourMs = 3'600'000;

// Checks the CLI is built, starts the emulator and points AZURE_STORAGE_CONNECTION_STRING
// (inherited by every CLI run) at it. Empty when all is ready, otherwise why not. `t0` is the
// first instant of the test's history (--now): after the real clock, since gc measures its
// grace period on the storage service's modification times.
QString startBlobCliTest(tidemark::testing::Azurite& azurite, qint64* t0);

// An instant for --now.
QString isoInstant(qint64 ms);

// "azure://devstoreaccount1/CONTAINER/PREFIX"
QString blobLocation(const QString& container, const QString& prefix);

// The names the workspace's vault says it holds, from the CLI alone: the configuration, every
// database record, manifest, LTR copy and system backup the catalog lists. Packs and captured
// log segments are counted, not named (their names are the vault's own business). The CLI
// lists no backups of a dropped database, so the test says how many it made of each
// (`droppedBackups`: uuid -> count).
struct VaultObjects {
    QStringList named;
    qint64 packs = -1;
    QStringList databaseUuids;
    QMap<QString, int> droppedBackups;
};
bool vaultObjectsOf(const TestWorkspace& workspace, const QString& now,
                    const QMap<QString, int>& droppedBackups, VaultObjects* objects, QString* why);

// Empty when the container under `prefix` holds exactly `expected` (every named object, as many
// packs as the vault counts, log segments only of its databases, nothing uncommitted, nothing
// else); otherwise what differs.
QString differencesFrom(const QString& container, const QString& prefix,
                        const VaultObjects& expected);

} // namespace tidemark::testsupport
