#pragma once

#include "core/Status.h"

#include <QList>
#include <QString>

namespace tidemark {

class Catalog;
class Location;

// One location of a workspace's vault as the status views show it: what it is, whether it
// answers, and for the geo secondary how far it trails. Worked out here once; `status` and
// the console only render it.
struct LocationStatus {
    QString role; // "primary", "zone", "copy" (written with the primary) or "secondary" (geo)
    QString url;
    QString kind; // Location::kind(): "folder", "azure-blob"
    bool reachable = false;
    QString problem; // why it is not reachable, in words; empty when it is
    // The geo secondary's lag: how long the oldest backup it lacks has waited (0: it has
    // every backup); -1 for other roles, and when the secondary did not answer.
    qint64 lagMs = -1;
    int pendingBackups = 0;
    qint64 newestReplicatedMs = -1;

    bool measuresLag() const { return role == QLatin1String("secondary"); }
};

// "folder", "Azure Blob", or the kind itself for kinds it does not know.
QString locationKindText(const QString& kind);
QString locationRoleText(const QString& role);

// Looks at one location: reachable when the vault's configuration object can be looked up
// there (one request); a secondary's lag is then measured against `catalog`.
LocationStatus checkLocation(const QString& role, Location& location, Catalog& catalog,
                             qint64 nowMs);

// The geo secondary's lag among `locations`; -1 without a secondary or when it did not answer.
qint64 secondaryLagMs(const QList<LocationStatus>& locations);

} // namespace tidemark
