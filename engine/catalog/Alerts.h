#pragma once

#include "catalog/Catalog.h"

namespace tidemark {

// Something a person must act on, recorded in the catalog's `alerts` table until cleared:
// today, damage that verification found and no copy could heal. The console reads
// listAlerts(); the CLI shows them in `status` and `alerts`.
struct Alert {
    qint64 id = 0;
    qint64 atMs = 0;
    QString kind; // "damage"
    QString databaseUuid;
    QString databaseName;
    QString message;
    QStringList backups;    // the exact backups affected
    qint64 earliestMs = -1; // the restore window left (-1: nothing restorable)
    qint64 latestMs = -1;
    qint64 clearedMs = -1;
    bool open() const { return clearedMs < 0; }
};

Result<qint64> raiseAlert(Catalog& catalog, const Alert& alert);
// Newest first; with `includeCleared`, acknowledged alerts too.
QList<Alert> listAlerts(Catalog& catalog, bool includeCleared = false);
int openAlertCount(Catalog& catalog);
// Acknowledges an alert (it stays in the history).
Status clearAlert(Catalog& catalog, qint64 id, qint64 nowMs);
// Clears an alert because what it was about is resolved; `why` is added to its message, so the
// history says who cleared it and why.
Status resolveAlert(Catalog& catalog, qint64 id, qint64 nowMs, const QString& why);

// Backups that can no longer be restored: their status becomes "unusable" with the reason as
// note, so no restore, drill or new backup chain relies on them.
Status markBackupsUnusable(Catalog& catalog, const QStringList& ids, const QString& reason);
// Backups marked unusable that were found intact again: back to "succeeded", the note says so.
Status markBackupsUsable(Catalog& catalog, const QStringList& ids, const QString& note);
inline const QString kUnusable = QStringLiteral("unusable");

} // namespace tidemark
