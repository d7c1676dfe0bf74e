#include "vault/Redundancy.h"

#include <QDir>
#include <QJsonArray>

namespace tidemark {

QString redundancyName(RedundancyKind kind) {
    switch (kind) {
    case RedundancyKind::LRS:
        return QStringLiteral("LRS");
    case RedundancyKind::ZRS:
        return QStringLiteral("ZRS");
    case RedundancyKind::GRS:
        return QStringLiteral("GRS");
    case RedundancyKind::GZRS:
        return QStringLiteral("GZRS");
    }
    return {};
}

bool parseRedundancy(const QString& text, RedundancyKind* out) {
    for (RedundancyKind k :
         {RedundancyKind::LRS, RedundancyKind::ZRS, RedundancyKind::GRS, RedundancyKind::GZRS}) {
        if (text.compare(redundancyName(k), Qt::CaseInsensitive) == 0) {
            *out = k;
            return true;
        }
    }
    return false;
}

QStringList RedundancyConfig::synchronousReplicas() const {
    if (zoned())
        return locations.mid(1);
    QStringList out;
    for (int k = 2; k <= copies; ++k)
        out << primary() + QStringLiteral("-copy-%1").arg(k);
    return out;
}

Status RedundancyConfig::validate() const {
    if (geo() && denyGeo)
        return Status::invalidArgument(
            QStringLiteral(
                "%1 is refused by the workspace's residency policy (policy --deny-geo): backups "
                "may not leave this region")
                .arg(redundancyName(kind)));
    if (locations.isEmpty())
        return Status::invalidArgument(QStringLiteral("a primary location is needed"));
    if (zoned() && locations.size() != 3)
        return Status::invalidArgument(
            QStringLiteral("%1 writes to three zone locations: give --location three times (got "
                           "%2)")
                .arg(redundancyName(kind))
                .arg(locations.size()));
    if (!zoned() && locations.size() != 1)
        return Status::invalidArgument(
            QStringLiteral("%1 uses one primary location (use --copies for copies inside it)")
                .arg(redundancyName(kind)));
    if (copies < 1 || copies > 5 || (zoned() && copies != 1))
        return Status::invalidArgument(
            QStringLiteral("--copies is 1 to 5, and only for LRS and GRS"));
    if (geo() && secondary.isEmpty())
        return Status::invalidArgument(
            QStringLiteral("%1 needs a secondary location (--secondary DIR)")
                .arg(redundancyName(kind)));
    if (!geo() && !secondary.isEmpty())
        return Status::invalidArgument(
            QStringLiteral("a secondary location needs GRS or GZRS redundancy"));
    QStringList all = locations;
    if (!secondary.isEmpty())
        all << secondary;
    for (int i = 0; i < all.size(); ++i) {
        for (int j = i + 1; j < all.size(); ++j) {
            if (QDir::cleanPath(all[i]) == QDir::cleanPath(all[j]))
                return Status::invalidArgument(
                    QStringLiteral("%1 is named twice: each copy needs its own location")
                        .arg(all[i]));
        }
    }
    return Status::ok();
}

QJsonObject RedundancyConfig::toJson() const {
    QJsonObject o;
    o[QStringLiteral("redundancy")] = redundancyName(kind);
    o[QStringLiteral("locations")] = QJsonArray::fromStringList(locations);
    o[QStringLiteral("copies")] = copies;
    o[QStringLiteral("secondary")] = secondary;
    o[QStringLiteral("deny_geo")] = denyGeo;
    return o;
}

RedundancyConfig RedundancyConfig::fromJson(const QJsonObject& o) {
    RedundancyConfig c;
    parseRedundancy(o.value(QStringLiteral("redundancy")).toString(QStringLiteral("LRS")), &c.kind);
    for (const auto& v : o.value(QStringLiteral("locations")).toArray())
        c.locations << v.toString();
    c.copies = o.value(QStringLiteral("copies")).toInt(1);
    c.secondary = o.value(QStringLiteral("secondary")).toString();
    c.denyGeo = o.value(QStringLiteral("deny_geo")).toBool(false);
    return c;
}

} // namespace tidemark
