#include "BlobVaultChecks.h"

#include "Azurite.h"
#include "BlobInventory.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSet>

namespace tidemark::testsupport {

QString startBlobCliTest(tidemark::testing::Azurite& azurite, qint64* t0) {
    if (!QFileInfo(cliProgram()).isExecutable())
        return QStringLiteral("no CLI at %1").arg(cliProgram());
    const QString problem = azurite.start();
    if (!problem.isEmpty())
        return problem;
    qunsetenv("AZURE_STORAGE_KEY");
    qunsetenv("AZURE_STORAGE_SAS_TOKEN");
    qputenv("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString().toUtf8());
    *t0 = (QDateTime::currentMSecsSinceEpoch() / kHourMs + 2) * kHourMs;
    return {};
}

QString isoInstant(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString blobLocation(const QString& container, const QString& prefix) {
    return QStringLiteral("azure://%1/%2/%3")
        .arg(tidemark::testing::Azurite::account(), container, prefix);
}

bool vaultObjectsOf(const TestWorkspace& workspace, const QString& now,
                    const QMap<QString, int>& droppedBackups, VaultObjects* objects, QString* why) {
    auto listed = [&](const QStringList& command, QJsonArray* array) {
        const CliResult result = workspace.runJson(command, at(now));
        if (!exitedWith(result, 0)) {
            *why = result.describe();
            return false;
        }
        *array = result.jsonArray();
        return true;
    };
    *objects = VaultObjects{};
    objects->droppedBackups = droppedBackups;
    objects->named << QStringLiteral("tidemark-vault.json");
    for (const QString& uuid : droppedBackups.keys()) {
        objects->databaseUuids << uuid;
        objects->named << QStringLiteral("databases/%1.tmd").arg(uuid);
    }
    QJsonArray databases;
    if (!listed({"db", "list"}, &databases))
        return false;
    for (const QJsonValue& value : databases) {
        const QString name = value.toObject().value("name").toString();
        const QString uuid = value.toObject().value("uuid").toString();
        objects->databaseUuids << uuid;
        objects->named << QStringLiteral("databases/%1.tmd").arg(uuid);
        QJsonArray backups;
        QJsonArray ltr;
        if (!listed({"backups", name}, &backups) || !listed({"ltr-backups", name}, &ltr))
            return false;
        for (const QJsonValue& backup : backups)
            objects->named << QStringLiteral("manifests/%1/%2.tmm")
                                  .arg(uuid, idText(backup.toObject().value("id")));
        for (const QJsonValue& copy : ltr) {
            const QString id = idText(copy.toObject().value("id"));
            objects->named << QStringLiteral("ltr/%1/%2.tmm").arg(uuid, id)
                           << QStringLiteral("ltr/%1/%2.tml").arg(uuid, id);
        }
    }
    QJsonArray systemBackups;
    if (!listed({"system", "backups"}, &systemBackups))
        return false;
    for (const QJsonValue& value : systemBackups) {
        const QString id = idText(value.toObject().value("id"));
        objects->named << QStringLiteral("system/%1.tms").arg(id)
                       << QStringLiteral("system/%1.keys.json").arg(id);
    }
    const CliResult verify = workspace.runJson({"verify"}, at(now));
    if (!exitedWith(verify, 0)) {
        *why = verify.describe();
        return false;
    }
    objects->packs = verify.jsonObject().value("packs").toInteger(-1);
    objects->named.sort();
    return true;
}

QString differencesFrom(const QString& container, const QString& prefix,
                        const VaultObjects& expected) {
    QList<Blob> blobs;
    QString why;
    if (!listBlobs(container, prefix, &blobs, &why))
        return why;
    QStringList problems;
    QSet<QString> named(expected.named.begin(), expected.named.end());
    QSet<QString> present;
    qint64 packs = 0;
    QMap<QString, int> droppedManifests;
    for (const Blob& blob : blobs) {
        present.insert(blob.name);
        const QString owner = blob.name.section(u'/', 1, 1);
        if (!blob.committed)
            problems << QStringLiteral("uncommitted upload %1").arg(blob.name);
        else if (blob.name.startsWith(QLatin1String("packs/")) &&
                 blob.name.endsWith(QLatin1String(".pack")))
            ++packs;
        else if (blob.name.startsWith(QLatin1String("manifests/")) &&
                 blob.name.endsWith(QLatin1String(".tmm")) &&
                 expected.droppedBackups.contains(owner))
            ++droppedManifests[owner];
        else if (blob.name.startsWith(QLatin1String("logs/")) &&
                 expected.databaseUuids.contains(owner))
            continue;
        else if (!named.contains(blob.name))
            problems << QStringLiteral("stray blob %1 (%2 bytes)").arg(blob.name).arg(blob.size);
    }
    for (const QString& name : expected.named) {
        if (!present.contains(name))
            problems << QStringLiteral("missing %1").arg(name);
    }
    for (auto dropped = expected.droppedBackups.begin(); dropped != expected.droppedBackups.end();
         ++dropped) {
        if (droppedManifests.value(dropped.key()) != dropped.value())
            problems << QStringLiteral("%1 manifests of dropped database %2, %3 backups made")
                            .arg(droppedManifests.value(dropped.key()))
                            .arg(dropped.key())
                            .arg(dropped.value());
    }
    if (packs != expected.packs)
        problems << QStringLiteral("%1 packs in the container, the vault counts %2")
                        .arg(packs)
                        .arg(expected.packs);
    return problems.join(u'\n');
}

} // namespace tidemark::testsupport
