#include "retention/Replicator.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace tidemark {
namespace {

// Every file of a vault below `root`, relative, by kind.
struct VaultFiles {
    QStringList config, records, packs, ltr, manifests;
};

VaultFiles scan(const QString& root) {
    VaultFiles f;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QString path = it.next();
        QString rel = path.mid(root.size() + 1);
        if (QFileInfo(path).fileName().startsWith(QLatin1Char('.')))
            continue; // temporary files never travel
        if (rel == QStringLiteral("tidemark-vault.json"))
            f.config << rel;
        else if (rel.startsWith(QStringLiteral("databases/")) ||
                 rel.startsWith(QStringLiteral("system/"))) // system backups travel too
            f.records << rel;
        else if (rel.startsWith(QStringLiteral("packs/")))
            f.packs << rel;
        else if (rel.startsWith(QStringLiteral("ltr/")))
            f.ltr << rel;
        else if (rel.startsWith(QStringLiteral("manifests/")))
            f.manifests << rel;
    }
    return f;
}

Status copyIfMissing(const QString& from, const QString& to, bool* copied) {
    FileSystem& fs = FileSystem::posix();
    QFileInfo target(to);
    if (target.exists() && target.size() == QFileInfo(from).size()) {
        *copied = false;
        return Status::ok();
    }
    auto bytes = fs.readFile(from);
    if (!bytes)
        return bytes.status();
    TM_TRY(fs.makeDirs(target.absolutePath()));
    ignoreStatus(fs.remove(to), "a copy that cannot be replaced makes the write below fail");
    TM_TRY(writeFileDurably(fs, to, *bytes));
    *copied = true;
    return Status::ok();
}

QSet<QString> manifestIds(const QStringList& relPaths) {
    QSet<QString> ids;
    for (const QString& rel : relPaths)
        ids.insert(QFileInfo(rel).completeBaseName());
    return ids;
}

} // namespace

ReplicationStatus replicationStatus(const Vault& primary, const QString& secondaryRoot,
                                    Catalog& catalog, qint64 nowMs) {
    Q_UNUSED(primary);
    ReplicationStatus status;
    QSet<QString> onSecondary = manifestIds(scan(secondaryRoot).manifests);
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

Result<ReplicationStatus> replicateToSecondary(const Vault& primary, const QString& secondaryRoot,
                                               Catalog& catalog, qint64 nowMs) {
    const QString root = primary.root();
    if (!Vault::existsAt(root))
        return Status::notFound(
            QStringLiteral(
                "the primary location %1 is unavailable; replication waits rather than mirror an "
                "empty vault onto the secondary")
                .arg(root));
    VaultFiles here = scan(root);
    int copiedFiles = 0;
    for (const QStringList* group :
         {&here.config, &here.records, &here.packs, &here.ltr, &here.manifests}) {
        for (const QString& rel : *group) {
            bool copied = false;
            TM_TRY(copyIfMissing(root + QLatin1Char('/') + rel,
                                 secondaryRoot + QLatin1Char('/') + rel, &copied)
                       .context(QStringLiteral("replicating to %1").arg(secondaryRoot)));
            copiedFiles += copied ? 1 : 0;
        }
    }
    // Removals follow the primary: manifests and long-term copies first, then packs.
    VaultFiles there = scan(secondaryRoot);
    int removed = 0;
    for (const auto& [theirs, ours] :
         {std::pair{&there.manifests, &here.manifests}, std::pair{&there.ltr, &here.ltr},
          std::pair{&there.packs, &here.packs}}) {
        QSet<QString> keep(ours->begin(), ours->end());
        for (const QString& rel : *theirs) {
            if (keep.contains(rel))
                continue;
            QFile::setPermissions(secondaryRoot + QLatin1Char('/') + rel,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            TM_TRY(FileSystem::posix().remove(secondaryRoot + QLatin1Char('/') + rel));
            ++removed;
        }
    }
    ReplicationStatus status = replicationStatus(primary, secondaryRoot, catalog, nowMs);
    status.copiedFiles = copiedFiles;
    status.removedFiles = removed;
    TM_TRY(catalog.setSetting(QStringLiteral("geo_replicated_at"), QString::number(nowMs)));
    return status;
}

} // namespace tidemark
