#include "retention/LtrStore.h"

#include "catalog/LtrPolicy.h"
#include "core/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tidemark {
namespace {

QString ltrFolder(const QString& databaseUuid) {
    return QStringLiteral("ltr/") + databaseUuid + QLatin1Char('/');
}
QByteArray recordContext(const QString& id) {
    return "ltr/" + id.toLatin1();
}

QJsonObject toJson(const LtrInfo& l) {
    QJsonObject o;
    o[QStringLiteral("id")] = l.id;
    o[QStringLiteral("database_uuid")] = l.databaseUuid;
    o[QStringLiteral("database_name")] = l.databaseName;
    o[QStringLiteral("snapshot")] = double(l.snapshotMs);
    o[QStringLiteral("kinds")] = QJsonArray::fromStringList(l.kinds);
    o[QStringLiteral("expires")] = double(l.expiresMs);
    o[QStringLiteral("immutable_until")] = double(l.immutableUntilMs);
    o[QStringLiteral("stored_bytes")] = double(l.storedBytes);
    o[QStringLiteral("page_size")] = double(l.pageSize);
    o[QStringLiteral("page_count")] = double(l.pageCount);
    o[QStringLiteral("logical_hash")] = l.logicalHash;
    return o;
}

LtrInfo fromJson(const QJsonObject& o) {
    LtrInfo l;
    l.id = o.value(QStringLiteral("id")).toString();
    l.databaseUuid = o.value(QStringLiteral("database_uuid")).toString();
    l.databaseName = o.value(QStringLiteral("database_name")).toString();
    l.snapshotMs = qint64(o.value(QStringLiteral("snapshot")).toDouble());
    for (const auto& k : o.value(QStringLiteral("kinds")).toArray())
        l.kinds << k.toString();
    l.expiresMs = qint64(o.value(QStringLiteral("expires")).toDouble());
    l.immutableUntilMs = qint64(o.value(QStringLiteral("immutable_until")).toDouble());
    l.storedBytes = qint64(o.value(QStringLiteral("stored_bytes")).toDouble());
    l.pageSize = uint32_t(o.value(QStringLiteral("page_size")).toDouble());
    l.pageCount = uint32_t(o.value(QStringLiteral("page_count")).toDouble());
    l.logicalHash = o.value(QStringLiteral("logical_hash")).toString();
    return l;
}

} // namespace

QString ltrManifestObject(const QString& databaseUuid, const QString& id) {
    return ltrFolder(databaseUuid) + id + QStringLiteral(".tmm");
}

QString ltrRecordObject(const QString& databaseUuid, const QString& id) {
    return ltrFolder(databaseUuid) + id + QStringLiteral(".tml");
}

Status checkLtrManifestCopy(const Vault& vault, const QString& databaseUuid, const QString& id) {
    auto bytes = vault.location().read(ltrManifestObject(databaseUuid, id));
    if (!bytes)
        return bytes.status();
    return Manifest::open(vault.keys(), *bytes, id).status();
}

Status checkLtrRecord(const Vault& vault, const QString& databaseUuid, const QString& id) {
    auto bytes = vault.location().read(ltrRecordObject(databaseUuid, id));
    if (!bytes)
        return bytes.status();
    auto raw = vault.keys().open(*bytes, recordContext(id));
    if (!raw)
        return raw.status().context(QStringLiteral("LTR record"));
    if (!QJsonDocument::fromJson(*raw).isObject())
        return Status::corruption(QStringLiteral("LTR record %1 is damaged").arg(id));
    return Status::ok();
}

Result<std::optional<LtrInfo>> copyToLtrIfSelected(const Vault& vault, Catalog& catalog,
                                                   const DatabaseInfo& database,
                                                   const BackupInfo& full, qint64 nowMs) {
    const LtrPolicy policy = catalog.policy(database.uuid).ltr;
    if (!policy.enabled() || full.type != BackupType::Full)
        return std::optional<LtrInfo>();
    QList<ExistingLtr> existing;
    for (const LtrInfo& l : catalog.ltrBackups(database.uuid))
        existing.append(ExistingLtr{l.snapshotMs, l.kinds});
    LtrDecision decision = decideLtr(policy, full.snapshotMs, existing);
    if (decision.kinds.isEmpty())
        return std::optional<LtrInfo>();
    auto manifest = vault.location().read(Vault::manifestObject(database.uuid, full.id));
    if (!manifest)
        return manifest.status();
    auto parsed = Manifest::open(vault.keys(), *manifest, full.id);
    if (!parsed)
        return parsed.status();
    LtrInfo info;
    info.id = full.id;
    info.databaseUuid = database.uuid;
    info.databaseName = database.name;
    info.snapshotMs = full.snapshotMs;
    info.kinds = decision.kinds;
    info.expiresMs = decision.expiresMs;
    info.immutableUntilMs =
        policy.immutableDays > 0 ? nowMs + qint64(policy.immutableDays) * 24 * 3600 * 1000 : 0;
    info.storedBytes = full.storedBytes;
    info.pageSize = full.pageSize;
    info.pageCount = full.pageCount;
    info.logicalHash = full.logicalHash;
    // Vault first (manifest copy, then record), catalog last.
    Location& location = vault.location();
    const QString manifestCopy = ltrManifestObject(database.uuid, full.id);
    TM_TRY(location.put(manifestCopy, *manifest));
    auto sealed = vault.keys().seal(QJsonDocument(toJson(info)).toJson(QJsonDocument::Compact),
                                    recordContext(info.id));
    if (!sealed)
        return sealed.status();
    const QString record = ltrRecordObject(database.uuid, full.id);
    TM_TRY(location.put(record, *sealed));
    if (info.immutableUntilMs > 0) {
        TM_TRY(location.makeWriteOnce(manifestCopy));
        TM_TRY(location.makeWriteOnce(record));
    }
    TM_TRY(catalog.begin());
    Status s = catalog.addLtr(info);
    if (s)
        s = catalog.setBackupPacks(ltrReference(info.id), parsed->packs);
    if (s)
        s = catalog.commit();
    if (!s) {
        catalog.rollback();
        return s;
    }
    return std::optional<LtrInfo>(info);
}

Status deleteLtr(const Vault& vault, Catalog& catalog, const QString& id, qint64 nowMs) {
    LtrInfo found;
    for (const LtrInfo& l : catalog.ltrBackups()) {
        if (l.id == id)
            found = l;
    }
    if (found.id.isEmpty())
        return Status::notFound(QStringLiteral("no long-term backup %1").arg(id));
    if (found.immutableUntilMs > nowMs)
        return Status::failed(QStringLiteral("long-term backup %1 is immutable until %2")
                                  .arg(id, formatTime(found.immutableUntilMs)));
    if (catalog.holdSince(found.databaseUuid) >= 0)
        return Status::failed(QStringLiteral("long-term backup %1 is under the legal hold on %2")
                                  .arg(id, found.databaseName));
    QStringList packs = catalog.packsOf(ltrReference(id));
    TM_TRY(catalog.begin());
    Status s = catalog.removeLtr(id);
    if (s)
        s = catalog.commit();
    if (!s) {
        catalog.rollback();
        return s;
    }
    TM_TRY(vault.location().remove(QStringList{ltrManifestObject(found.databaseUuid, id),
                                               ltrRecordObject(found.databaseUuid, id)}));
    TM_TRY(catalog.begin());
    for (const QString& pack : packs) {
        if (!catalog.packReferenced(pack))
            s = catalog.doomPack(pack, nowMs);
        if (!s)
            break;
    }
    if (s)
        s = catalog.commit();
    if (!s)
        catalog.rollback();
    return s;
}

Result<int> expireLtr(const Vault& vault, Catalog& catalog, qint64 nowMs) {
    int removed = 0;
    for (const LtrInfo& l : catalog.ltrBackups()) {
        if (l.expiresMs > nowMs || l.immutableUntilMs > nowMs ||
            catalog.holdSince(l.databaseUuid) >= 0)
            continue;
        TM_TRY(deleteLtr(vault, catalog, l.id, nowMs));
        ++removed;
    }
    return removed;
}

QList<LtrInfo> readLtrRecords(const Vault& vault, QStringList* problems) {
    QList<LtrInfo> out;
    auto objects = vault.location().listNames(QStringLiteral("ltr/"));
    if (!objects) {
        problems->append(objects.status().message());
        return out;
    }
    for (const QString& name : *objects) {
        const QStringList parts = name.split(QLatin1Char('/'));
        if (parts.size() != 3 || !parts[2].endsWith(QStringLiteral(".tml")))
            continue;
        const QString id = parts[2].chopped(4);
        auto bytes = vault.location().read(name);
        auto raw = bytes ? vault.keys().open(*bytes, recordContext(id))
                         : Result<QByteArray>(bytes.status());
        if (!raw) {
            problems->append(raw.status().message());
            continue;
        }
        out.append(fromJson(QJsonDocument::fromJson(*raw).object()));
    }
    return out;
}

} // namespace tidemark
