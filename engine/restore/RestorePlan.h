#pragma once

#include "catalog/Catalog.h"
#include "catalog/RestorePlanner.h"

#include <QJsonObject>

namespace tidemark {

// What a restore is asked for. Every face (CLI, console wizard, dry run) builds one and asks
// Workspace::planRestore for its plan; the restore then runs exactly that plan.
struct RestoreRequest {
    enum class Source {
        PointInTime, // `pointMs` of the live database `database`
        Commit,      // captured commit `commit` of `database`
        Latest,      // the latest restorable point of `database`
        Dropped,     // `pointMs` of the dropped database `database` (< 0: up to its drop)
        Geo,         // the newest chain that reached the geo secondary
        Ltr,         // the long-term copy `ltrId`
    };
    Source source = Source::Latest;
    QString database;
    qint64 pointMs = -1;
    qint64 commit = -1;
    // A commit of a dropped database (Dropped implies it).
    bool dropped = false;
    QString ltrId;
    QString newName;
    QString file;
};

// Where the backups of a plan are read from.
enum class RestoreLocation {
    Primary,      // the vault's primary location
    Copy,         // a synchronous copy, while the primary is gone
    GeoSecondary, // the asynchronous geo secondary
};
QString restoreLocationName(RestoreLocation location);

// One restore, decided before anything is written: the source database, the backups applied
// in order with their ids, the state restored (a captured commit or a backup point), where it
// is read from and how much. `refusal` is not ok when it cannot be restored, with the reason.
struct RestorePlan {
    RestoreRequest request;
    DatabaseInfo database;
    QList<BackupInfo> chain; // full first, then differential and log backups
    qint64 commit = -1;      // >= 0: exactly this captured commit
    qint64 stateMs = -1;     // the instant of the state restored
    int segments = 0;        // captured log segments read beyond the chain
    RestoreLocation location = RestoreLocation::Primary;
    QString locationRoot;
    qint64 bytesToRead = 0; // stored bytes of the backups in the chain
    RestoreWindow window;   // the database's restore window (Workspace::restorable)
    Status refusal;

    bool restorable() const { return refusal.isOk(); }
    // "commit N at TIME" or "the backup point TIME (a full backup)".
    QString describeState() const;
};

QString restoreSourceName(RestoreRequest::Source source);
// The --dry-run JSON shape documented in docs/cli.md.
QJsonObject restorePlanJson(const RestorePlan& plan);
// Sums what the chain stores, the bytes a restore reads from the vault.
qint64 storedBytesOf(const QList<BackupInfo>& chain);
// The first backup of `chain` that verify found damaged beyond repair, or null.
const BackupInfo* firstUnusable(const QList<BackupInfo>& chain);

} // namespace tidemark
