#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace tidemark::testsupport {

// One blob as Azure's own SDK sees it (tests/support/blob_inventory.py), not Tidemark's client.
struct Blob {
    QString name; // relative to the prefix listed
    qint64 size = 0;
    QJsonObject metadata;
    bool committed = true; // false: staged blocks of an upload never committed
};

// What is really in a container, through /usr/bin/python3 and azure.storage.blob, with the
// credentials of AZURE_STORAGE_CONNECTION_STRING. Each call returns false (and says why in
// `why`) when the script fails.
bool listBlobs(const QString& container, const QString& prefix, QList<Blob>* blobs, QString* why);
// Names (relative to `prefix`) of the blobs whose bytes contain `text`.
bool blobsContaining(const QString& container, const QString& prefix, const QString& text,
                     QStringList* names, QString* why);
// Inverts every bit of the middle byte of a blob (full name), keeping its metadata.
bool flipBlobByte(const QString& container, const QString& name, QString* why);
bool deleteBlob(const QString& container, const QString& name, QString* why);
// Stages a block under `name` (full name) and never commits it: an interrupted upload.
bool stageUncommittedBlock(const QString& container, const QString& name, QString* why);

QStringList blobNames(const QList<Blob>& blobs);

} // namespace tidemark::testsupport
