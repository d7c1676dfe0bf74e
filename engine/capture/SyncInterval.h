#pragma once

#include "catalog/Policy.h"
#include "vault/Location.h"

namespace tidemark {

// How long captured commits wait at most before they are written as a log segment to a folder.
constexpr int kFolderFlushMs = 250;

// How long a captured commit may wait before its log segment is durable in `location`: the
// policy's sync interval where every request is billed (an object store), so a busy database
// writes one segment per interval instead of several a second; `folderFlushMs` elsewhere.
// It is the restore point objective a machine loss would cost.
inline qint64 segmentSyncMs(const BackupPolicy& policy, const Location& location,
                            qint64 folderFlushMs = kFolderFlushMs) {
    return location.billsPerRequest() ? policy.syncIntervalMs() : folderFlushMs;
}

} // namespace tidemark
