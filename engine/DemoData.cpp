#include "DemoData.h"

#include "SqliteDb.h"

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
    SqliteDb db;
    TM_TRY(db.open(path, SQLITE_OPEN_READWRITE));
    sqlite3_busy_timeout(db.handle(), 5000);
    TM_TRY(exec(db, "BEGIN"));
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
    qint64 fresh = std::max<qint64>(50, customers / 4);
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

} // namespace tidemark
