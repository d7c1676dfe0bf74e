#pragma once

#include "core/Status.h"

#include <QJsonObject>
#include <QStringList>

namespace tidemark {

enum class RedundancyKind { LRS, ZRS, GRS, GZRS };
QString redundancyName(RedundancyKind kind);
bool parseRedundancy(const QString& text, RedundancyKind* out);

// Where a workspace keeps its vault and how many copies:
//   LRS   one primary location, optionally `copies` full copies beside it on the same mount
//   ZRS   three zone locations written synchronously
//   GRS   LRS plus an asynchronously replicated secondary location
//   GZRS  ZRS plus the asynchronous secondary
// `denyGeo` is the residency policy: no geo-redundant (GRS/GZRS) backups.
struct RedundancyConfig {
    RedundancyKind kind = RedundancyKind::LRS;
    QStringList locations; // [0] is the primary; ZRS and GZRS name three zones
    int copies = 1;
    QString secondary;
    bool denyGeo = false;

    bool zoned() const { return kind == RedundancyKind::ZRS || kind == RedundancyKind::GZRS; }
    bool geo() const { return kind == RedundancyKind::GRS || kind == RedundancyKind::GZRS; }
    QString primary() const { return locations.value(0); }
    // Roots written synchronously with the primary: zones, or copies beside the primary.
    QStringList synchronousReplicas() const;
    Status validate() const;
    QJsonObject toJson() const;
    static RedundancyConfig fromJson(const QJsonObject& workspace);
};

} // namespace tidemark
