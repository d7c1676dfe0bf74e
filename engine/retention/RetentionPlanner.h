#pragma once

#include "catalog/Catalog.h"
#include "catalog/Policy.h"

namespace tidemark {

// Which backups short-term retention may remove at `nowMs`. Every instant of the last
// `retentionDays` must stay restorable: that needs the newest full at or before the start of
// that period and everything after it. Everything older goes, fulls together with their
// differentials and logs: the weekly sets. Nothing goes under a legal hold. `history` is in
// restore-point order (as the catalog lists it).
// A dropped database (`droppedMs` >= 0) keeps its backups under the same retention, measured
// from now: once its drop is older than the retention period, nothing of it is needed.
QList<BackupInfo> backupsToPurge(const BackupPolicy& policy, const QList<BackupInfo>& history,
                                 qint64 nowMs, bool legalHold, qint64 droppedMs = -1);

} // namespace tidemark
