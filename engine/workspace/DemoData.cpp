#include "workspace/DemoData.h"

#include "core/SqliteDb.h"
#include "workspace/Agent.h"
#include "workspace/Workspace.h"

#include <QDir>

#include <cmath>

#include <unistd.h>

#include <QRandomGenerator>
#include <QStringList>

namespace tidemark {
namespace {

const char* const kFirst[] = {"Ada",  "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Grace",
                              "Hiro", "Ines",  "Jonas",  "Kemal",  "Lena",  "Mateo", "Nora"};
const char* const kLast[] = {"Okafor",  "Lindqvist", "Moreau",   "Tanaka",  "Silva", "Novak",
                             "Schmidt", "Haddad",    "Kowalski", "Fischer", "Rossi", "Ng"};
const char* const kProducts[] = {"kettle", "lamp",     "notebook", "backpack", "headphones", "mug",
                                 "chair",  "keyboard", "umbrella", "teapot",   "scarf"};

template <size_t N> const char* pick(const char* const (&list)[N], QRandomGenerator& r) {
    return list[r.bounded(int(N))];
}

Status exec(SqliteDb& db, const char* sql) {
    return db.exec(sql);
}

} // namespace

Status writeDemoDatabase(const QString& path, int customers, quint32 seed) {
    SqliteDb db;
    TM_TRY(db.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    TM_TRY(exec(db, "PRAGMA journal_mode=WAL;"
                    "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    "  email TEXT NOT NULL, city TEXT);"
                    "CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT, price_cents INTEGER);"
                    "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL "
                    "  REFERENCES customers(id), placed_at TEXT, status TEXT);"
                    "CREATE TABLE order_items(order_id INTEGER REFERENCES orders(id), "
                    "  product_id INTEGER REFERENCES products(id), quantity INTEGER, "
                    "  PRIMARY KEY(order_id, product_id)) WITHOUT ROWID;"
                    "CREATE TABLE events(id INTEGER PRIMARY KEY, at TEXT, payload TEXT);"
                    "CREATE INDEX orders_by_customer ON orders(customer_id);"
                    "CREATE INDEX customers_by_email ON customers(email);"
                    "BEGIN;"));
    QRandomGenerator r(seed);
    Statement product(db, "INSERT INTO products(name, price_cents) VALUES(?, ?)");
    for (int i = 0; i < 200; ++i) {
        product.bind(1, QStringLiteral("%1 %2").arg(QLatin1String(pick(kProducts, r))).arg(i))
            .bind(2, qint64(r.bounded(300, 25000)));
        TM_TRY(product.run());
    }
    Statement customer(db, "INSERT INTO customers(name, email, city) VALUES(?, ?, ?)");
    for (int i = 0; i < customers; ++i) {
        QString first = QLatin1String(pick(kFirst, r));
        QString last = QLatin1String(pick(kLast, r));
        customer.bind(1, first + QLatin1Char(' ') + last)
            .bind(2,
                  QStringLiteral("%1.%2%3@example.org").arg(first.toLower(), last.toLower()).arg(i))
            .bind(3, QStringLiteral("City %1").arg(r.bounded(60)));
        TM_TRY(customer.run());
    }
    TM_TRY(exec(db, "COMMIT"));
    return mutateDemoDatabase(path, 0.0, seed + 1);
}

Status mutateDemoDatabase(const QString& path, double percent, quint32 seed) {
    return mutateDemoDatabase(path, percent, seed, -1);
}

Status mutateDemoDatabase(const QString& path, double percent, quint32 seed, qint64 newOrders) {
    SqliteDb db;
    TM_TRY(db.open(path, SQLITE_OPEN_READWRITE));
    sqlite3_busy_timeout(db.handle(), 5000);
    // The demo's stand-in for an application; part of the demo's bulk load (its final sync()
    // makes the files durable), so its commits and checkpoints do not wait for the disk.
    TM_TRY(exec(db, "PRAGMA synchronous=OFF; BEGIN"));
    QRandomGenerator r(seed);
    Statement count(db, "SELECT count(*), (SELECT count(*) FROM orders) FROM customers");
    if (count.step() != SQLITE_ROW)
        return db.error(QStringLiteral("reading the demo database"));
    qint64 customers = count.int64(0);
    qint64 orders = count.int64(1);
    count.reset();
    Statement update(db, "UPDATE orders SET status=? WHERE id=?");
    for (qint64 i = 0; i < qint64(double(orders) * percent / 100.0); ++i) {
        update.bind(1, QStringLiteral("shipped")).bind(2, qint64(r.bounded(orders) + 1));
        TM_TRY(update.run());
    }
    Statement order(db, "INSERT INTO orders(customer_id, placed_at, status) VALUES(?, ?, 'new')");
    Statement item(db, "INSERT OR IGNORE INTO order_items VALUES(?, ?, ?)");
    Statement event(db, "INSERT INTO events(at, payload) VALUES(?, ?)");
    qint64 fresh = newOrders >= 0 ? newOrders : std::max<qint64>(50, customers / 4);
    for (qint64 i = 0; i < fresh; ++i) {
        order.bind(1, qint64(r.bounded(customers) + 1))
            .bind(2, QStringLiteral("2026-11-%1").arg(r.bounded(1, 28)));
        TM_TRY(order.run());
        qint64 id = sqlite3_last_insert_rowid(db.handle());
        for (int k = 0; k < 3; ++k) {
            item.bind(1, id).bind(2, qint64(r.bounded(200) + 1)).bind(3, qint64(r.bounded(1, 5)));
            TM_TRY(item.run());
        }
        event.bind(1, QStringLiteral("2026-11-%1T10:00:00Z").arg(r.bounded(1, 28)))
            .bind(2, QStringLiteral("{\"type\":\"order_placed\",\"order\":%1,\"channel\":\"%2\"}")
                         .arg(id)
                         .arg(r.bounded(2) ? QStringLiteral("web") : QStringLiteral("store")));
        TM_TRY(event.run());
    }
    return exec(db, "COMMIT");
}

namespace {

constexpr qint64 kHourMs = 3600 * 1000;

// The demo is built in one go and, if interrupted, rebuilt from scratch: its vault files are
// written through the real file system with their per-file and per-folder syncs deferred to one
// sync() of the whole disk at the end (a bulk load). Everything else is the product's path.
class DeferredSyncFile final : public WritableFile {
public:
    explicit DeferredSyncFile(std::unique_ptr<WritableFile> file) : file_(std::move(file)) {}
    Status append(const char* data, size_t size) override { return file_->append(data, size); }
    Status writeAt(qint64 offset, const char* data, size_t size) override {
        return file_->writeAt(offset, data, size);
    }
    Status sync() override { return Status::ok(); }
    Status close() override { return file_->close(); }
    qint64 size() const override { return file_->size(); }

private:
    std::unique_ptr<WritableFile> file_;
};

class DeferredSyncFileSystem final : public FileSystem {
public:
    explicit DeferredSyncFileSystem(FileSystem& base) : base_(base) {}
    Result<std::unique_ptr<WritableFile>> createFile(const QString& path) override {
        auto file = base_.createFile(path);
        if (!file)
            return file.status();
        return std::unique_ptr<WritableFile>(new DeferredSyncFile(std::move(*file)));
    }
    Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& path) override {
        return base_.openRead(path);
    }
    Status rename(const QString& from, const QString& to) override {
        return base_.rename(from, to);
    }
    Status renameNoReplace(const QString& from, const QString& to) override {
        return base_.renameNoReplace(from, to);
    }
    Status syncDir(const QString&) override { return Status::ok(); }
    Status remove(const QString& path) override { return base_.remove(path); }
    Status makeDirs(const QString& path) override { return base_.makeDirs(path); }
    bool exists(const QString& path) override { return base_.exists(path); }
    QStringList list(const QString& dir) override { return base_.list(dir); }

private:
    FileSystem& base_;
};

constexpr qint64 kDayMs = 24 * kHourMs;

struct DemoDatabase {
    const char* name;
    int customers;
    quint32 seed;
    int diffHours;        // 12 or 24
    int retentionDays;    // short-term retention
    double ordersPerHour; // the writer's pace
};

const DemoDatabase kDemo[] = {
    {"shop", 5000, 7, 12, 7, 40},
    {"crm", 2500, 17, 24, 14, 12},
    {"warehouse", 1500, 27, 24, 7, 6},
};

} // namespace

Result<DemoReport> buildDemoWorkspace(const QString& dirIn, const QByteArray& passphrase,
                                      qint64 endMs, const DemoOptions& options) {
    auto say = [&](const QString& line) {
        if (options.log)
            options.log(line);
    };
    const QString dir = QDir(dirIn).absolutePath();
    const qint64 startMs = (endMs - qint64(options.days) * kDayMs) / kHourMs * kHourMs;
    auto clock = std::make_shared<ManualClock>(startMs);
    RedundancyConfig redundancy;
    redundancy.locations << dir + QStringLiteral("/vault");
    {
        auto created = Workspace::create(dir, redundancy, &passphrase, clock);
        if (!created)
            return created.status();
    }
    DeferredSyncFileSystem bulk(FileSystem::posix());
    auto opened = Workspace::open(dir, &passphrase, clock, bulk);
    if (!opened)
        return opened.status();
    Workspace& ws = **opened;
    // The demo is built in one go and rebuilt from scratch if interrupted, so its catalog
    // connection commits without waiting for the disk each time (WAL with synchronous=NORMAL
    // stays consistent; the final checkpoint syncs). Vault files are still written durably.
    TM_TRY(ws.catalog().db().exec("PRAGMA synchronous=NORMAL"));
    const QString data = dir + QStringLiteral("/demo-data");
    TM_TRY(FileSystem::posix().makeDirs(data));

    QStringList files;
    for (const DemoDatabase& d : kDemo) {
        QString file = data + QLatin1Char('/') + QLatin1String(d.name) + QStringLiteral(".db");
        TM_TRY(writeDemoDatabase(file, d.customers, d.seed));
        auto added = ws.addDatabase(QLatin1String(d.name), file, -1);
        if (!added)
            return added.status();
        BackupPolicy policy;
        policy.logMinutes = options.logMinutes;
        policy.diffHours = d.diffHours;
        policy.retentionDays = d.retentionDays;
        if (QLatin1String(d.name) == QLatin1String("shop")) {
            policy.ltr.weeklyWeeks = 6;
            policy.ltr.monthlyMonths = 12;
        }
        TM_TRY(ws.setPolicy(added->name, policy));
        files << file;
    }
    // shop is allowed less free backup storage than it uses, so part of its storage bills.
    TM_TRY(ws.setMaxSize(QStringLiteral("shop"), 2LL << 20));
    // A database retired two thirds of the way through: its backups stay restorable.
    const QString legacyFile = data + QStringLiteral("/legacy.db");
    TM_TRY(writeDemoDatabase(legacyFile, 800, 37));
    if (auto added = ws.addDatabase(QStringLiteral("legacy"), legacyFile, -1); !added)
        return added.status();
    BackupPolicy legacyPolicy;
    legacyPolicy.logMinutes = options.logMinutes;
    legacyPolicy.diffHours = 24;
    TM_TRY(ws.setPolicy(QStringLiteral("legacy"), legacyPolicy));
    const qint64 dropMs = startMs + (endMs - startMs) * 2 / 3;
    bool dropped = false;

    qint64 lastMs = startMs;
    quint32 seed = 1000;
    Status writerStatus;
    AgentOptions agentOptions;
    agentOptions.replayClock = clock.get();
    agentOptions.untilMs = endMs;
    agentOptions.beforePass = [&](qint64 now) {
        const double hours = double(now - lastMs) / double(kHourMs);
        lastMs = now;
        for (int i = 0; i < int(std::size(kDemo)) && writerStatus.isOk(); ++i) {
            if (hours <= 0)
                break;
            writerStatus = mutateDemoDatabase(files[i], 0.05 * hours, seed++,
                                              qint64(std::ceil(kDemo[i].ordersPerHour * hours)));
        }
        if (!dropped && now >= dropMs) {
            dropped = true;
            JobContext job;
            auto gone = ws.dropDatabase(ws.catalog(), QStringLiteral("legacy"), job);
            if (!gone)
                writerStatus = gone.status();
            else
                say(QStringLiteral("%1 legacy: dropped").arg(formatTime(now)));
        } else if (!dropped && writerStatus.isOk() && hours > 0) {
            writerStatus =
                mutateDemoDatabase(legacyFile, 0.05 * hours, seed++, qint64(std::ceil(2 * hours)));
        }
    };
    agentOptions.log = [&](const QString& line) { say(line); };
    Agent agent(ws, agentOptions);
    AgentReport report;
    // The sleeping machine: a pass every few hours, catching up.
    const qint64 recentMs = std::max(startMs, endMs - qint64(options.recentDays) * kDayMs);
    const qint64 strideMs = qint64(std::max(1, options.strideHours)) * kHourMs;
    for (qint64 t = startMs; t < recentMs && writerStatus.isOk(); t += strideMs) {
        clock->setMs(t);
        agent.pass(report);
    }
    TM_TRY(writerStatus);
    // The recent day: the agent's own replay, slot by slot; for its last hours the workspace
    // is geo-redundant (the first replication copies the whole vault to the secondary).
    const qint64 geoFromMs = options.geo ? std::max(recentMs, endMs - 3 * kHourMs) : endMs;
    clock->setMs(std::max(clock->nowMs(), recentMs));
    {
        AgentOptions lrs = agentOptions;
        lrs.untilMs = geoFromMs;
        auto replayed = Agent(ws, lrs).run();
        if (!replayed)
            return replayed.status();
    }
    TM_TRY(writerStatus);
    if (options.geo) {
        RedundancyConfig geo = ws.redundancy();
        geo.kind = RedundancyKind::GRS;
        geo.secondary = dir + QStringLiteral("/vault-secondary");
        TM_TRY(ws.setRedundancy(geo));
        say(QStringLiteral("%1 redundancy: GRS, secondary %2")
                .arg(formatTime(clock->nowMs()), geo.secondary));
        auto replayed = Agent(ws, agentOptions).run();
        if (!replayed)
            return replayed.status();
    }
    TM_TRY(writerStatus);
    TM_TRY(ws.catalog().db().exec("PRAGMA wal_checkpoint(FULL)"));
    ::sync(); // the deferred syncs of the bulk load, all at once
    DemoReport out;
    out.databases = int(std::size(kDemo));
    out.backups = ws.catalog().backupCount();
    for (const DatabaseInfo& d : ws.catalog().databases(true))
        out.drills += int(ws.catalog().drills(d.uuid).size());
    return out;
}

} // namespace tidemark
