#pragma once

#include "core/Status.h"
#include "stretch/TableShape.h"

#include <QByteArray>
#include <QString>

namespace tidemark {

// The remote endpoint of a stretch database: a separate SQLite file (standing in for a remote
// server) holding tables of the same names and columns as the stretch tables, plus one link
// row: which database it serves and a verifier derived from the credential's secret
// (HMAC-SHA256 over a random salt). Without the matching secret nothing reads or writes it.
// The file uses a rollback journal, so a snapshot or a restore is the one file.

QString remoteFileFor(const QString& dir, const QString& databaseUuid);

// Creates the file when missing; links it to `ownerUuid`. An existing endpoint is relinked
// only when `secret` matches its current link.
Status linkRemote(const QString& file, const QByteArray& secret, const QString& ownerUuid,
                  const QString& ownerName, qint64 nowMs);

// Ok when `secret` matches the endpoint's link, whichever database it serves.
Status verifyRemoteSecret(const QString& file, const QByteArray& secret);

// Ok when `secret` matches the endpoint's link and it serves `ownerUuid`.
Status checkRemoteLink(const QString& file, const QByteArray& secret, const QString& ownerUuid);

// Creates the stretch table on the endpoint when it is not there yet.
Status ensureRemoteTable(const QString& file, const TableShape& shape);

// A consistent copy of an endpoint (SQLite's online backup API), made durable under `to`.
Status copyRemote(const QString& from, const QString& to);

} // namespace tidemark
