#include "BlobInventory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

#ifndef TIDEMARK_BLOB_INVENTORY_SCRIPT
#error "TIDEMARK_BLOB_INVENTORY_SCRIPT must name tests/support/blob_inventory.py"
#endif

namespace tidemark::testsupport {
namespace {

// Runs the script and parses its JSON answer.
bool inventory(const QStringList& arguments, QJsonDocument* answer, QString* why) {
    QProcess script;
    script.start(QStringLiteral("/usr/bin/python3"),
                 QStringList{QStringLiteral(TIDEMARK_BLOB_INVENTORY_SCRIPT)} + arguments);
    script.closeWriteChannel();
    if (!script.waitForFinished(120'000)) {
        script.kill();
        script.waitForFinished(10'000);
        *why = QStringLiteral("blob_inventory.py %1 did not finish").arg(arguments.join(u' '));
        return false;
    }
    const QByteArray output = script.readAllStandardOutput();
    if (script.exitStatus() != QProcess::NormalExit || script.exitCode() != 0) {
        *why = QStringLiteral("blob_inventory.py %1 failed: %2")
                   .arg(arguments.join(u' '), QString::fromUtf8(script.readAllStandardError()));
        return false;
    }
    QJsonParseError error{};
    *answer = QJsonDocument::fromJson(output, &error);
    if (error.error != QJsonParseError::NoError) {
        *why =
            QStringLiteral("blob_inventory.py printed no JSON: %1").arg(QString::fromUtf8(output));
        return false;
    }
    return true;
}

} // namespace

bool listBlobs(const QString& container, const QString& prefix, QList<Blob>* blobs, QString* why) {
    QJsonDocument answer;
    if (!inventory({QStringLiteral("list"), container, prefix}, &answer, why))
        return false;
    blobs->clear();
    for (const QJsonValue& value : answer.array()) {
        const QJsonObject object = value.toObject();
        blobs->append(Blob{object.value(QStringLiteral("name")).toString(),
                           object.value(QStringLiteral("size")).toInteger(),
                           object.value(QStringLiteral("metadata")).toObject(),
                           object.value(QStringLiteral("committed")).toBool()});
    }
    return true;
}

bool blobsContaining(const QString& container, const QString& prefix, const QString& text,
                     QStringList* names, QString* why) {
    QJsonDocument answer;
    if (!inventory({QStringLiteral("contains"), container, prefix, text}, &answer, why))
        return false;
    names->clear();
    for (const QJsonValue& value : answer.array())
        names->append(value.toString());
    return true;
}

bool flipBlobByte(const QString& container, const QString& name, QString* why) {
    QJsonDocument answer;
    return inventory({QStringLiteral("flip"), container, name}, &answer, why);
}

bool deleteBlob(const QString& container, const QString& name, QString* why) {
    QJsonDocument answer;
    return inventory({QStringLiteral("delete"), container, name}, &answer, why);
}

bool stageUncommittedBlock(const QString& container, const QString& name, QString* why) {
    QJsonDocument answer;
    return inventory({QStringLiteral("stage"), container, name}, &answer, why);
}

QStringList blobNames(const QList<Blob>& blobs) {
    QStringList names;
    for (const Blob& blob : blobs)
        names << blob.name;
    return names;
}

} // namespace tidemark::testsupport
