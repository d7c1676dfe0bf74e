#pragma once

#include "catalog/LtrPolicy.h"
#include "core/Status.h"

#include <QJsonObject>

namespace tidemark {

// A database's backup policy: the schedule and short-term retention.
struct BackupPolicy {
    int retentionDays = 7; // 1..35, or 1..7 for a Basic database
    int diffHours = 12;    // 12 or 24
    int logMinutes = 5;    // 1..60
    bool basic = false;    // Basic tier: shorter maximum retention
    LtrPolicy ltr;         // long-term copies of fulls
    int drillDays = 7;     // a restore drill this often (0: never scheduled)
    // Captured commits reach a location that bills each request (a blob container) within
    // this many seconds, gathered into one log segment: the RPO of a machine loss. 1..60.
    int syncSeconds = 10;
    qint64 fullIntervalMs() const { return 7LL * 24 * 3600 * 1000; }
    qint64 diffIntervalMs() const { return qint64(diffHours) * 3600 * 1000; }
    qint64 logIntervalMs() const { return qint64(logMinutes) * 60 * 1000; }
    qint64 syncIntervalMs() const { return qint64(syncSeconds) * 1000; }
    qint64 retentionMs() const { return qint64(retentionDays) * 24 * 3600 * 1000; }

    Status validate() const;
    QJsonObject toJson() const;
    static BackupPolicy fromJson(const QJsonObject& o);
};

} // namespace tidemark
