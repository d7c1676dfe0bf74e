#pragma once

#include "catalog/Catalog.h"

#include <QJsonObject>

#include <optional>

namespace tidemark {

// A stretch-enabled database: where its remote endpoint is, under which credential it is
// linked, its RPO duration, and, for a restored copy, where it came from.
struct StretchLink {
    QString databaseUuid;
    QString remoteFile;
    QString credential;
    int rpoHours = 8;
    bool linked = false;
    QString restoredFrom;
    qint64 restoredToMs = -1;
    QString note; // why it is not linked
};

struct StretchTableConfig {
    QString databaseUuid;
    QString table;
    QString predicate;
    int batchRows = 5000;
    bool paused = false;
    qint64 enabledMs = 0;
};

// The outcome of one reconciliation: what it removed from and re-inserted into the remote
// endpoint, the rows it could not recover, and whether local plus remote then equal the table
// as of the restore point.
struct ReconciliationReport {
    QString state = QStringLiteral("none"); // none, pending, running, completed,
                                            // completed_with_losses, failed
    qint64 restoredToMs = -1;
    qint64 removed = 0;
    qint64 reinserted = 0;
    QStringList unrecoverable; // "table: key"
    bool verified = false;
    qint64 expectedRows = 0;
    qint64 actualRows = 0;
    QString expectedHash;
    QString actualHash;
    QString message;
    qint64 startedMs = -1;
    qint64 endedMs = -1;

    QJsonObject toJson() const;
    static ReconciliationReport fromJson(const QJsonObject& o);
};

struct RemoteSnapshot {
    QString id;
    QString databaseUuid;
    QString remoteFile;
    qint64 takenMs = 0;
    QString path; // inside the vault
    qint64 bytes = 0;
};

// The stretch tables of the catalog (one migration of Catalog.cpp holds their DDL).
class StretchStore {
public:
    explicit StretchStore(Catalog& catalog) : db_(catalog.db()) {}

    std::optional<StretchLink> link(const QString& databaseUuid);
    Status putLink(const StretchLink& link);
    QList<StretchLink> links();

    QList<StretchTableConfig> tables(const QString& databaseUuid);
    Status putTable(const StretchTableConfig& table);

    ReconciliationReport reconciliation(const QString& databaseUuid);
    Status putReconciliation(const QString& databaseUuid, const ReconciliationReport& report);

    Status addSnapshot(const RemoteSnapshot& snapshot);
    QList<RemoteSnapshot> snapshots(const QString& databaseUuid);
    Status removeSnapshot(const QString& id);

    Status putCredential(const QString& name, const QByteArray& sealed, qint64 nowMs);
    Result<QByteArray> credential(const QString& name);

private:
    SqliteDb& db_;
};

} // namespace tidemark
