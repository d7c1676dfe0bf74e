#include "workspace/SystemBackup.h"

#include "core/Compression.h"
#include "core/Crypto.h"
#include "vault/Locations.h"
#include "vault/Vault.h"
#include "workspace/CatalogSync.h"
#include "workspace/Workspace.h"

#include <QDataStream>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>

namespace tidemark {
namespace {

const QByteArray kMagic("tidemark-system");
constexpr qint32 kFormat = 1;
// A catalog snapshot larger than this is refused when reading (a damaged size field).
constexpr qint64 kMaxCatalog = qint64(4) << 30;

const QString kSystemFolder = QStringLiteral("system/");
QByteArray sealContext(const QString& id) {
    return "system/" + id.toLatin1();
}

struct Bundle {
    qint64 atMs = 0;
    QByteArray workspaceConfig;
    QByteArray vaultConfig;
    QByteArray catalog;
};

QByteArray encode(const Bundle& b) {
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setVersion(QDataStream::Qt_6_4);
    s << kMagic << kFormat << b.atMs << b.workspaceConfig << b.vaultConfig
      << qint64(b.catalog.size())
      << zstdCompress(b.catalog.constData(), size_t(b.catalog.size()), 9);
    return out;
}

Result<Bundle> decode(const QByteArray& bytes) {
    QDataStream s(bytes);
    s.setVersion(QDataStream::Qt_6_4);
    QByteArray magic;
    qint32 format = 0;
    Bundle b;
    qint64 catalogSize = 0;
    QByteArray compressed;
    s >> magic >> format >> b.atMs >> b.workspaceConfig >> b.vaultConfig >> catalogSize >>
        compressed;
    if (s.status() != QDataStream::Ok || magic != kMagic)
        return Status::corruption(QStringLiteral("the system backup is damaged"));
    if (format != kFormat)
        return Status::unsupported(
            QStringLiteral("system backup format %1 is not supported").arg(format));
    if (catalogSize < 0 || catalogSize > kMaxCatalog)
        return Status::corruption(QStringLiteral("the system backup is damaged"));
    auto catalog =
        zstdDecompress(compressed.constData(), size_t(compressed.size()), size_t(catalogSize));
    if (!catalog)
        return catalog.status().context(QStringLiteral("the system backup's catalog"));
    b.catalog = *catalog;
    return b;
}

QString newId(qint64 nowMs) {
    return QStringLiteral("sys-") +
           QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC)
               .toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'")) +
           QLatin1Char('-') + QString::fromLatin1(randomBytes(3).toHex());
}

// A consistent copy of the catalog as of one read transaction, taken while others write.
Result<QByteArray> snapshotCatalog(FileSystem& files, Catalog& catalog, const QString& scratch) {
    ignoreStatus(files.remove(scratch), "a scratch file is only wasted space");
    Statement q(catalog.db(), "VACUUM INTO ?");
    q.bind(1, scratch);
    Status s = q.run();
    auto bytes = s ? files.readFile(scratch) : Result<QByteArray>(s);
    ignoreStatus(files.remove(scratch), "a scratch file is only wasted space");
    if (!bytes)
        return bytes.status().context(QStringLiteral("taking a snapshot of the catalog"));
    return bytes;
}

// Puts the vault's configuration back from the newest key copy when the vault lost it, once
// the passphrase has opened it.
Result<bool> recoverVaultConfig(Location& location, const QByteArray* passphrase) {
    if (Vault::existsAt(location))
        return false;
    QStringList copies;
    if (auto objects = location.list(kSystemFolder)) {
        for (const ObjectInfo& o : *objects) {
            if (o.name.endsWith(QStringLiteral(".keys.json")))
                copies << o.name;
        }
    }
    if (copies.isEmpty())
        return Status::notFound(QStringLiteral("no vault at %1").arg(location.url()));
    copies.sort();
    auto bytes = location.read(copies.last());
    if (!bytes)
        return bytes.status();
    auto unlocked = KeyRing::unlock(
        QJsonDocument::fromJson(*bytes).object().value(QStringLiteral("keys")).toObject(),
        passphrase);
    if (!unlocked)
        return unlocked.status();
    TM_TRY(location.publish(Vault::configObject(), *bytes));
    return true;
}

} // namespace

Result<SystemBackupInfo> backupSystem(Workspace& workspace, Catalog& catalog) {
    const Vault& vault = workspace.vault();
    SystemBackupInfo info;
    info.atMs = workspace.clock().nowMs();
    info.id = newId(info.atMs);
    Bundle bundle;
    bundle.atMs = info.atMs;
    auto snapshot =
        snapshotCatalog(workspace.files(), catalog,
                        workspace.dir() + QStringLiteral("/.system-snapshot-") + info.id + ".db");
    if (!snapshot)
        return snapshot.status();
    bundle.catalog = *snapshot;
    auto workspaceConfig =
        workspace.files().readFile(workspace.dir() + QStringLiteral("/workspace.json"));
    if (!workspaceConfig)
        return workspaceConfig.status();
    bundle.workspaceConfig = *workspaceConfig;
    auto vaultConfig = vault.location().read(Vault::configObject());
    if (!vaultConfig)
        return vaultConfig.status();
    bundle.vaultConfig = *vaultConfig;
    auto sealed = vault.keys().seal(encode(bundle), sealContext(info.id));
    if (!sealed)
        return sealed.status();
    info.bytes = sealed->size();
    Location& location = vault.location();
    // The key copy first: a system backup is never listed without the keys to open it.
    TM_TRY(location.publish(kSystemFolder + info.id + ".keys.json", bundle.vaultConfig));
    TM_TRY(location.publish(kSystemFolder + info.id + ".tms", *sealed));
    return info;
}

QList<SystemBackupInfo> listSystemBackups(const Vault& vault) {
    QList<SystemBackupInfo> out;
    auto objects = vault.location().list(kSystemFolder);
    if (!objects)
        return out;
    for (const ObjectInfo& o : *objects) {
        const QString f = o.name.mid(kSystemFolder.size());
        if (!f.endsWith(QStringLiteral(".tms")) || f.contains(QLatin1Char('/')))
            continue;
        SystemBackupInfo info;
        info.id = f.chopped(4);
        QDateTime at =
            QDateTime::fromString(info.id.mid(4, 18), QStringLiteral("yyyyMMdd'T'HHmmsszzz"));
        at.setTimeSpec(Qt::UTC);
        info.atMs = at.isValid() ? at.toMSecsSinceEpoch() : 0;
        info.bytes = o.size;
        out.append(info);
    }
    return out;
}

Result<SystemRestoreReport> restoreSystem(const QString& dirIn, const QString& vaultDirIn,
                                          const QByteArray* passphrase,
                                          std::shared_ptr<const Clock> clock) {
    const QString dir = QDir(dirIn).absolutePath();
    FileSystem& fs = FileSystem::posix();
    auto location = openLocation(vaultDirIn, fs);
    if (!location)
        return location.status();
    const QString vaultDir = (*location)->url();
    if (Workspace::existsAt(dir))
        return Status::alreadyExists(
            QStringLiteral("%1 is already a workspace; system restore makes a new one").arg(dir));
    SystemRestoreReport report;
    auto recovered = recoverVaultConfig(**location, passphrase);
    if (!recovered)
        return recovered.status();
    report.keysRecovered = *recovered;
    auto vault = Vault::open(*location, passphrase);
    if (!vault)
        return vault.status();
    QList<SystemBackupInfo> all = listSystemBackups(**vault);
    if (all.isEmpty())
        return Status::notFound(
            QStringLiteral("the vault at %1 holds no system backup (run 'system backup' on the "
                           "old workspace, or 'init --location %1' and 'catalog rebuild')")
                .arg(vaultDir));
    const SystemBackupInfo& newest = all.last();
    auto sealed = (*vault)->location().read(kSystemFolder + newest.id + ".tms");
    if (!sealed)
        return sealed.status();
    auto plain = (*vault)->keys().open(*sealed, sealContext(newest.id));
    if (!plain)
        return plain.status().context(QStringLiteral("system backup %1").arg(newest.id));
    auto bundle = decode(*plain);
    if (!bundle)
        return bundle.status();
    report.systemBackupId = newest.id;
    report.systemBackupMs = bundle->atMs;

    // The old machine's locations when they are all here and the vault given is the primary;
    // otherwise the one location given.
    RedundancyConfig saved =
        RedundancyConfig::fromJson(QJsonDocument::fromJson(bundle->workspaceConfig).object());
    bool keep = !saved.locations.isEmpty() && normalizeLocation(saved.primary()) == vaultDir;
    QStringList others = saved.locations;
    if (saved.geo())
        others << saved.secondary;
    for (const QString& l : others) {
        auto other = openLocation(l, fs);
        keep = keep && other && Vault::existsAt(**other);
    }
    RedundancyConfig redundancy;
    if (keep) {
        redundancy = saved;
    } else {
        redundancy.locations = QStringList{vaultDir};
        redundancy.denyGeo = saved.denyGeo;
        report.redundancyKept = false;
    }

    TM_TRY(fs.makeDirs(dir));
    const QString catalogFile = dir + QStringLiteral("/catalog.db");
    for (const char* suffix : {"", "-wal", "-shm"})
        ignoreStatus(fs.remove(catalogFile + QLatin1String(suffix)),
                     "a missing -wal or -shm is what we want");
    TM_TRY(writeFileDurably(fs, catalogFile, bundle->catalog));
    auto ws = Workspace::create(dir, redundancy, passphrase, std::move(clock));
    if (!ws)
        return ws.status();
    // The vault is the truth for what exists now.
    auto rebuilt = rebuildCatalog((*ws)->vault(), (*ws)->catalog());
    if (!rebuilt)
        return rebuilt.status();
    Catalog& catalog = (*ws)->catalog();
    // No job of the old machine runs here.
    TM_TRY(catalog.db().exec("UPDATE jobs SET status='interrupted', message='still running "
                             "when the system backup was taken; not continued here' WHERE "
                             "status='running'"));
    QList<DatabaseInfo> databases = catalog.databases();
    report.databases = int(databases.size());
    for (const DatabaseInfo& db : databases)
        report.backups += int(catalog.backups(db.uuid).size());
    report.jobs = int(catalog.jobs(1 << 30).size());
    return report;
}

} // namespace tidemark
