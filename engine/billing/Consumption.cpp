#include "billing/Consumption.h"

#include "catalog/RestorePlanner.h"
#include "core/Clock.h"
#include "retention/LtrStore.h"

#include <QJsonDocument>
#include <QSet>

namespace tidemark {
namespace {
constexpr qint64 kHour = 3600 * 1000;

// What an object takes in the vault; 0 when it is gone (a purge racing the accounting).
qint64 storedSize(const Vault& vault, const QString& object) {
    auto info = vault.location().stat(object);
    return info ? info->size : 0;
}

QString dayOf(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd"));
}

const char* const kRollupSql =
    "INSERT INTO usage_rollup(period, database_uuid, redundancy, database_name, hours, "
    "full_bh, diff_bh, log_bh, ltr_bh, max_data_bh, billable_bh) "
    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11) "
    "ON CONFLICT(period, database_uuid, redundancy) DO UPDATE SET "
    "hours=hours+?5, full_bh=full_bh+?6, diff_bh=diff_bh+?7, log_bh=log_bh+?8, "
    "ltr_bh=ltr_bh+?9, max_data_bh=max_data_bh+?10, billable_bh=billable_bh+?11";

} // namespace

UsageWriter::UsageWriter(Catalog& catalog)
    : catalog_(catalog),
      old_(catalog.db(), "SELECT database_name, redundancy, full_bytes, diff_bytes, log_bytes, "
                         "ltr_bytes, max_data_bytes FROM usage_hourly WHERE database_uuid=? AND "
                         "hour_ms=?"),
      insert_(catalog.db(),
              "INSERT OR REPLACE INTO usage_hourly(database_uuid, hour_ms, "
              "database_name, redundancy, full_bytes, diff_bytes, log_bytes, "
              "ltr_bytes, max_data_bytes, billable_bytes) VALUES(?,?,?,?,?,?,?,?,?,?)"),
      rollup_(catalog.db(), kRollupSql) {}

Status UsageWriter::addToRollup(const QString& period, const UsageSample& s, int sign) {
    rollup_.bind(1, period).bind(2, s.databaseUuid).bind(3, redundancyName(s.redundancy));
    rollup_.bind(4, s.databaseName).bind(5, qint64(sign));
    sqlite3_bind_double(rollup_.handle(), 6, sign * double(s.fullBytes));
    sqlite3_bind_double(rollup_.handle(), 7, sign * double(s.diffBytes));
    sqlite3_bind_double(rollup_.handle(), 8, sign * double(s.logBytes));
    sqlite3_bind_double(rollup_.handle(), 9, sign * double(s.ltrBytes));
    sqlite3_bind_double(rollup_.handle(), 10, sign * double(s.maxDataBytes));
    sqlite3_bind_double(rollup_.handle(), 11, sign * double(s.billableBytes()));
    return rollup_.run();
}

Status UsageWriter::store(const UsageSample& s, bool mayReplace) {
    // Inside a caller's transaction (bulk loads), join it; otherwise make one.
    const bool own = sqlite3_get_autocommit(catalog_.db().handle()) != 0;
    if (own)
        TM_TRY(catalog_.begin());
    Status status;
    // An hour recorded again replaces its earlier sample, in the roll-ups too.
    if (mayReplace) {
        old_.bind(1, s.databaseUuid).bind(2, s.hourMs);
        if (old_.step() == SQLITE_ROW) {
            UsageSample previous;
            previous.hourMs = s.hourMs;
            previous.databaseUuid = s.databaseUuid;
            previous.databaseName = old_.text(0);
            parseRedundancy(old_.text(1), &previous.redundancy);
            previous.fullBytes = old_.int64(2);
            previous.diffBytes = old_.int64(3);
            previous.logBytes = old_.int64(4);
            previous.ltrBytes = old_.int64(5);
            previous.maxDataBytes = old_.int64(6);
            old_.reset();
            status = addToRollup(dayOf(s.hourMs), previous, -1);
            if (status)
                status = addToRollup(monthOf(s.hourMs), previous, -1);
        } else {
            old_.reset();
        }
    }
    if (status) {
        insert_.bind(1, s.databaseUuid).bind(2, s.hourMs).bind(3, s.databaseName);
        insert_.bind(4, redundancyName(s.redundancy)).bind(5, s.fullBytes).bind(6, s.diffBytes);
        insert_.bind(7, s.logBytes).bind(8, s.ltrBytes).bind(9, s.maxDataBytes);
        insert_.bind(10, s.billableBytes());
        status = insert_.run();
    }
    if (status)
        status = addToRollup(dayOf(s.hourMs), s, 1);
    if (status)
        status = addToRollup(monthOf(s.hourMs), s, 1);
    if (own) {
        if (status)
            status = catalog_.commit();
        if (!status)
            catalog_.rollback();
    }
    return status;
}

UsageSample measureUsage(const Vault& vault, Catalog& catalog, const DatabaseInfo& database,
                         qint64 hourMs, RedundancyKind redundancy) {
    UsageSample s;
    s.hourMs = hourMs;
    s.databaseUuid = database.uuid;
    s.databaseName = database.name;
    s.redundancy = redundancy;
    s.maxDataBytes = database.maxSize;
    // Pack sizes, and which backups name which packs, in two queries.
    // Sizes of just the packs this database's backups and long-term copies name.
    QHash<QString, qint64> packSize;
    {
        Statement q(catalog.db(),
                    "SELECT DISTINCT p.name, p.size FROM packs p JOIN backup_packs bp ON "
                    "bp.pack = p.name LEFT JOIN backups b ON b.id = bp.backup_id LEFT JOIN "
                    "ltr_backups l ON 'ltr:' || l.id = bp.backup_id WHERE b.database_uuid = ?1 "
                    "OR l.database_uuid = ?1");
        q.bind(1, database.uuid);
        while (q.step() == SQLITE_ROW)
            packSize.insert(q.text(0), q.int64(1));
    }
    QHash<QString, QStringList> packsOf;
    {
        Statement q(catalog.db(),
                    "SELECT bp.backup_id, bp.pack FROM backup_packs bp JOIN backups b "
                    "ON b.id = bp.backup_id WHERE b.database_uuid = ?");
        q.bind(1, database.uuid);
        while (q.step() == SQLITE_ROW)
            packsOf[q.text(0)] << q.text(1);
    }
    QSet<QString> counted;
    for (const BackupInfo& b : catalog.backups(database.uuid)) {
        qint64 bytes = storedSize(vault, Vault::manifestObject(b.databaseUuid, b.id));
        for (const QString& p : packsOf.value(b.id)) {
            if (!counted.contains(p)) {
                counted.insert(p);
                bytes += packSize.value(p);
            }
        }
        (b.type == BackupType::Full           ? s.fullBytes
         : b.type == BackupType::Differential ? s.diffBytes
                                              : s.logBytes) += bytes;
    }
    for (const LtrInfo& l : catalog.ltrBackups(database.uuid)) {
        s.ltrBytes += storedSize(vault, ltrManifestObject(l.databaseUuid, l.id));
        for (const QString& p : catalog.packsOf(ltrReference(l.id))) {
            if (!counted.contains(p)) {
                counted.insert(p);
                s.ltrBytes += packSize.value(p);
            }
        }
    }
    return s;
}

Status storeSample(Catalog& catalog, const UsageSample& s) {
    UsageWriter writer(catalog);
    return writer.store(s);
}

Status recordUsage(const Vault& vault, Catalog& catalog, RedundancyKind redundancy, qint64 nowMs) {
    const qint64 hour = nowMs / kHour * kHour;
    for (const DatabaseInfo& db : catalog.databases(true)) {
        if (db.droppedMs >= 0 && catalog.backups(db.uuid).isEmpty() &&
            catalog.ltrBackups(db.uuid).isEmpty())
            continue; // aged out: billing has stopped
        TM_TRY(storeSample(catalog, measureUsage(vault, catalog, db, hour, redundancy)));
    }
    return Status::ok();
}

QList<UsageRow> usageRows(Catalog& catalog, const QString& databaseUuid, qint64 fromMs, qint64 toMs,
                          UsageGrain grain) {
    QList<UsageRow> rows;
    if (grain == UsageGrain::Hour) {
        Statement q(catalog.db(), "SELECT hour_ms, database_name, full_bytes, diff_bytes, "
                                  "log_bytes, ltr_bytes, max_data_bytes, billable_bytes FROM "
                                  "usage_hourly WHERE database_uuid=? AND hour_ms BETWEEN ? AND ? "
                                  "ORDER BY hour_ms");
        q.bind(1, databaseUuid).bind(2, fromMs).bind(3, toMs);
        while (q.step() == SQLITE_ROW)
            rows.append(UsageRow{formatTime(q.int64(0)), q.text(1), double(q.int64(2)),
                                 double(q.int64(3)), double(q.int64(4)), double(q.int64(5)),
                                 double(q.int64(6)), double(q.int64(7))});
        return rows;
    }
    const bool byDay = grain == UsageGrain::Day;
    QString from = byDay ? dayOf(fromMs) : monthOf(fromMs);
    QString to = byDay ? dayOf(toMs) : monthOf(toMs);
    Statement q(catalog.db(),
                "SELECT period, min(database_name), sum(hours), sum(full_bh), sum(diff_bh), "
                "sum(log_bh), sum(ltr_bh), sum(max_data_bh), sum(billable_bh) FROM usage_rollup "
                "WHERE database_uuid=? AND length(period)=? AND period BETWEEN ? AND ? "
                "GROUP BY period ORDER BY period");
    q.bind(1, databaseUuid).bind(2, qint64(byDay ? 10 : 7)).bind(3, from).bind(4, to);
    while (q.step() == SQLITE_ROW) {
        double hours = std::max(1.0, sqlite3_column_double(q.handle(), 2));
        auto avg = [&](int c) { return sqlite3_column_double(q.handle(), c) / hours; };
        rows.append(UsageRow{q.text(0), q.text(1), avg(3), avg(4), avg(5), avg(6), avg(7), avg(8)});
    }
    return rows;
}

QList<MonthlyBill> monthlyBills(Catalog& catalog, const Rates& rates, const QString& month,
                                const QString& databaseUuid) {
    BillAccumulator bills;
    Statement q(catalog.db(),
                "SELECT period, database_name, redundancy, full_bh + diff_bh + log_bh, "
                "billable_bh, ltr_bh FROM usage_rollup WHERE length(period)=7 AND "
                "(?1 = '' OR period = ?1) AND (?2 = '' OR database_uuid = ?2) "
                "ORDER BY period, database_name");
    q.bind(1, month).bind(2, databaseUuid);
    while (q.step() == SQLITE_ROW) {
        RedundancyKind kind = RedundancyKind::LRS;
        parseRedundancy(q.text(2), &kind);
        bills.addByteHours(q.text(0), q.text(1), kind, sqlite3_column_double(q.handle(), 3),
                           sqlite3_column_double(q.handle(), 4),
                           sqlite3_column_double(q.handle(), 5));
    }
    return bills.bills(rates);
}

Rates storedRates(Catalog& catalog) {
    return Rates::fromJson(
        QJsonDocument::fromJson(catalog.setting(QStringLiteral("rates")).toUtf8()).object());
}

Status storeRates(Catalog& catalog, const Rates& rates) {
    return catalog.setSetting(
        QStringLiteral("rates"),
        QString::fromUtf8(QJsonDocument(rates.toJson()).toJson(QJsonDocument::Compact)));
}

} // namespace tidemark
