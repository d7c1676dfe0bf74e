#include "retention/Replicator.h"

#include <QSet>

namespace tidemark {
namespace {

// Every object of a vault location, by kind, with its size.
struct VaultObjects {
    QList<ObjectInfo> config, records, packs, ltr, manifests;
};

Result<VaultObjects> scan(Location& location) {
    auto all = location.list(QString());
    if (!all)
        return all.status();
    VaultObjects f;
    for (const ObjectInfo& o : *all) {
        if (o.name == Vault::configObject())
            f.config << o;
        else if (o.name.startsWith(QStringLiteral("databases/")) ||
                 o.name.startsWith(QStringLiteral("system/"))) // system backups travel too
            f.records << o;
        else if (o.name.startsWith(QStringLiteral("packs/")))
            f.packs << o;
        else if (o.name.startsWith(QStringLiteral("ltr/")))
            f.ltr << o;
        else if (o.name.startsWith(QStringLiteral("manifests/")))
            f.manifests << o;
    }
    return f;
}

Status copyIfMissing(Location& from, Location& to, const ObjectInfo& object, bool* copied) {
    auto there = to.stat(object.name);
    if (there && there->size == object.size) {
        *copied = false;
        return Status::ok();
    }
    auto bytes = from.read(object.name);
    if (!bytes)
        return bytes.status();
    TM_TRY(to.put(object.name, *bytes));
    *copied = true;
    return Status::ok();
}

QSet<QString> manifestIds(const QStringList& manifests) {
    QSet<QString> ids;
    for (const QString& name : manifests)
        ids.insert(name.section(QLatin1Char('/'), -1).section(QLatin1Char('.'), 0, 0));
    return ids;
}

QSet<QString> namesOf(const QList<ObjectInfo>& objects) {
    QSet<QString> names;
    for (const ObjectInfo& o : objects)
        names.insert(o.name);
    return names;
}

} // namespace

ReplicationStatus replicationStatus(Location& secondary, Catalog& catalog, qint64 nowMs) {
    ReplicationStatus status;
    // Only the manifests' names: the console asks on every refresh.
    auto there = secondary.listNames(QStringLiteral("manifests/"));
    QSet<QString> onSecondary = there ? manifestIds(*there) : QSet<QString>();
    qint64 oldestPending = -1;
    for (const DatabaseInfo& db : catalog.databases(true)) {
        for (const BackupInfo& b : catalog.backups(db.uuid)) {
            if (onSecondary.contains(b.id)) {
                status.newestReplicatedMs = std::max(status.newestReplicatedMs, b.snapshotMs);
                continue;
            }
            ++status.pendingBackups;
            oldestPending = oldestPending < 0 ? b.endMs : std::min(oldestPending, b.endMs);
        }
    }
    status.lagMs = oldestPending < 0 ? 0 : std::max<qint64>(0, nowMs - oldestPending);
    return status;
}

Result<ReplicationStatus> replicateToSecondary(const Vault& primary, Location& secondary,
                                               Catalog& catalog, qint64 nowMs) {
    Location& source = primary.location();
    if (!Vault::existsAt(source))
        return Status::notFound(
            QStringLiteral(
                "the primary location %1 is unavailable; replication waits rather than mirror an "
                "empty vault onto the secondary")
                .arg(source.url()));
    auto here = scan(source);
    if (!here)
        return here.status();
    int copiedFiles = 0;
    for (const QList<ObjectInfo>* group :
         {&here->config, &here->records, &here->packs, &here->ltr, &here->manifests}) {
        for (const ObjectInfo& object : *group) {
            bool copied = false;
            TM_TRY(copyIfMissing(source, secondary, object, &copied)
                       .context(QStringLiteral("replicating to %1").arg(secondary.url())));
            copiedFiles += copied ? 1 : 0;
        }
    }
    // Removals follow the primary: manifests and long-term copies first, then packs.
    auto there = scan(secondary);
    if (!there)
        return there.status();
    int removed = 0;
    for (const auto& [theirs, ours] :
         {std::pair{&there->manifests, &here->manifests}, std::pair{&there->ltr, &here->ltr},
          std::pair{&there->packs, &here->packs}}) {
        const QSet<QString> keep = namesOf(*ours);
        QStringList gone;
        for (const ObjectInfo& object : *theirs) {
            if (!keep.contains(object.name))
                gone << object.name;
        }
        TM_TRY(secondary.remove(gone));
        removed += int(gone.size());
    }
    ReplicationStatus status = replicationStatus(secondary, catalog, nowMs);
    status.copiedFiles = copiedFiles;
    status.removedFiles = removed;
    TM_TRY(catalog.setSetting(QStringLiteral("geo_replicated_at"), QString::number(nowMs)));
    return status;
}

} // namespace tidemark
