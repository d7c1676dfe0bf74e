#pragma once

#include "core/Status.h"

#include <QDateTime>
#include <QJsonObject>

namespace tidemark {

// Long-term retention: which full backups are copied to the vault's LTR area and how long each
// copy is kept. Durations are ISO 8601 (P12W, P12M, P10Y), zero or absent turns a kind off, at
// most ten years.
struct LtrPolicy {
    int weeklyWeeks = 0;
    int monthlyMonths = 0;
    int yearlyYears = 0;
    int weekOfYear = 1; // ISO week whose first full becomes the yearly copy
    int immutableDays = 0;

    bool enabled() const { return weeklyWeeks > 0 || monthlyMonths > 0 || yearlyYears > 0; }
    Status validate() const;
    QJsonObject toJson() const;
    static LtrPolicy fromJson(const QJsonObject& o);
};

// "P12W" -> 12 with unit 'W'. Returns false for anything else.
bool parseIsoDuration(const QString& text, int* amount, QChar* unit);

struct LtrDecision {
    QStringList kinds;    // "W", "M", "Y"
    qint64 expiresMs = 0; // the longest of the kinds that apply
};

// Whether a full backup taken at `snapshotMs` gets an LTR copy, given the copies that already
// exist (their snapshot times and kinds): W takes every weekly full, M the first full of each
// month, Y the first full in the configured ISO week of each year.
struct ExistingLtr {
    qint64 snapshotMs = 0;
    QStringList kinds;
};
LtrDecision decideLtr(const LtrPolicy& policy, qint64 snapshotMs,
                      const QList<ExistingLtr>& existing);

} // namespace tidemark
