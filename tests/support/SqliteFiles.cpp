#include "SqliteFiles.h"

#include <QRandomGenerator>

#include <sqlite3.h>

namespace tidemark::testsupport {
namespace {

void setError(QString* error, const QString& message) {
    if (error) {
        *error = message;
    }
}

class PreparedStatement {
public:
    PreparedStatement(sqlite3* database, const QString& sql) {
        sqlite3_prepare_v2(database, sql.toUtf8().constData(), -1, &m_statement, nullptr);
    }
    ~PreparedStatement() { sqlite3_finalize(m_statement); }
    PreparedStatement(const PreparedStatement&) = delete;
    PreparedStatement& operator=(const PreparedStatement&) = delete;

    sqlite3_stmt* get() const { return m_statement; }

private:
    sqlite3_stmt* m_statement = nullptr;
};

const char* const kCities[] = {"Lisbon", "Oslo", "Kyoto", "Quito", "Perth", "Tunis", "Lima"};
const char* const kStatuses[] = {"new", "paid", "shipped", "returned"};

bool fillCustomersAndOrders(SqliteConnection& connection, int rows, QString* error) {
    // A fixed seed: the same call always builds the same file, so failures can be replayed.
    QRandomGenerator random(20260301);
    const int customers = qMax(1, rows / 10);
    sqlite3* database = connection.handle();
    PreparedStatement insertCustomer(
        database, "INSERT INTO customers(id, name, city, email) VALUES (?1, ?2, ?3, ?4)");
    PreparedStatement insertOrder(database,
                                  "INSERT INTO orders(customer_id, placed_at, status, amount_cents,"
                                  " reference, packing) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    PreparedStatement insertNote(database,
                                 "INSERT INTO order_notes(order_id, body) VALUES (?1, ?2)");
    if (!insertCustomer.get() || !insertOrder.get() || !insertNote.get()) {
        setError(error, QString::fromUtf8(sqlite3_errmsg(database)));
        return false;
    }
    for (int customer = 1; customer <= customers; ++customer) {
        const QByteArray name = QStringLiteral("Customer %1").arg(customer).toUtf8();
        const QByteArray email = QStringLiteral("customer%1@example.test").arg(customer).toUtf8();
        sqlite3_reset(insertCustomer.get());
        sqlite3_bind_int(insertCustomer.get(), 1, customer);
        sqlite3_bind_text(insertCustomer.get(), 2, name.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insertCustomer.get(), 3, kCities[customer % 7], -1, SQLITE_STATIC);
        sqlite3_bind_text(insertCustomer.get(), 4, email.constData(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(insertCustomer.get()) != SQLITE_DONE) {
            setError(error, QString::fromUtf8(sqlite3_errmsg(database)));
            return false;
        }
    }
    for (int order = 1; order <= rows; ++order) {
        const QByteArray placedAt = QStringLiteral("2026-02-%1T%2:00:00Z")
                                        .arg(1 + order % 28, 2, 10, QLatin1Char('0'))
                                        .arg(order % 24, 2, 10, QLatin1Char('0'))
                                        .toUtf8();
        const QByteArray reference = QStringLiteral("ORD-%1").arg(order, 8, 16).toUtf8();
        QByteArray packing(120 + random.bounded(120), Qt::Uninitialized);
        for (char& byte : packing) {
            byte = static_cast<char>(random.bounded(256));
        }
        sqlite3_reset(insertOrder.get());
        sqlite3_bind_int(insertOrder.get(), 1, 1 + random.bounded(customers));
        sqlite3_bind_text(insertOrder.get(), 2, placedAt.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insertOrder.get(), 3, kStatuses[order % 4], -1, SQLITE_STATIC);
        sqlite3_bind_int64(insertOrder.get(), 4, random.bounded(1, 500'000));
        sqlite3_bind_text(insertOrder.get(), 5, reference.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(insertOrder.get(), 6, packing.constData(), int(packing.size()),
                          SQLITE_TRANSIENT);
        if (sqlite3_step(insertOrder.get()) != SQLITE_DONE) {
            setError(error, QString::fromUtf8(sqlite3_errmsg(database)));
            return false;
        }
        if (order % 5 == 0) {
            const QByteArray body =
                QStringLiteral("Note for order %1: please leave the parcel at the door.")
                    .arg(order)
                    .toUtf8();
            sqlite3_reset(insertNote.get());
            sqlite3_bind_int(insertNote.get(), 1, order);
            sqlite3_bind_text(insertNote.get(), 2, body.constData(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(insertNote.get()) != SQLITE_DONE) {
                setError(error, QString::fromUtf8(sqlite3_errmsg(database)));
                return false;
            }
        }
    }
    return true;
}

} // namespace

QString journalModeName(JournalMode mode) {
    return mode == JournalMode::Wal ? QStringLiteral("wal") : QStringLiteral("delete");
}

SqliteConnection::SqliteConnection(const QString& path, bool readOnly) {
    const int flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    sqlite3* database = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &database, flags, nullptr) != SQLITE_OK) {
        m_lastError =
            QStringLiteral("open %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(database)));
        sqlite3_close(database);
        return;
    }
    sqlite3_busy_timeout(database, 10'000);
    m_database = database;
}

SqliteConnection::~SqliteConnection() {
    sqlite3_close(m_database);
}

bool SqliteConnection::execute(const QString& sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_database, sql.toUtf8().constData(), nullptr, nullptr, &message) !=
        SQLITE_OK) {
        m_lastError = QString::fromUtf8(message ? message : sqlite3_errmsg(m_database));
        sqlite3_free(message);
        return false;
    }
    return true;
}

std::optional<qint64> SqliteConnection::queryInteger(const QString& sql) {
    PreparedStatement statement(m_database, sql);
    if (!statement.get() || sqlite3_step(statement.get()) != SQLITE_ROW) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(m_database));
        return std::nullopt;
    }
    return sqlite3_column_int64(statement.get(), 0);
}

std::optional<QString> SqliteConnection::queryText(const QString& sql) {
    PreparedStatement statement(m_database, sql);
    if (!statement.get()) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(m_database));
        return std::nullopt;
    }
    QStringList lines;
    while (sqlite3_step(statement.get()) == SQLITE_ROW) {
        lines << QString::fromUtf8(
            reinterpret_cast<const char*>(sqlite3_column_text(statement.get(), 0)));
    }
    return lines.join(QLatin1Char('\n'));
}

bool makeDatabase(const QString& path, JournalMode journal, int pageSize, int rows,
                  QString* error) {
    SqliteConnection connection(path);
    if (!connection.isOpen()) {
        setError(error, connection.lastError());
        return false;
    }
    const QString setup =
        QStringLiteral("PRAGMA page_size = %1; PRAGMA journal_mode = %2;")
            .arg(pageSize)
            .arg(journalModeName(journal)) +
        QStringLiteral(
            "BEGIN;"
            "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT,"
            " email TEXT UNIQUE);"
            "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL"
            " REFERENCES customers(id), placed_at TEXT NOT NULL, status TEXT NOT NULL,"
            " amount_cents INTEGER NOT NULL, reference TEXT NOT NULL, packing BLOB);"
            "CREATE INDEX orders_by_customer ON orders(customer_id, placed_at);"
            "CREATE TABLE order_notes(id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " order_id INTEGER NOT NULL REFERENCES orders(id), body TEXT NOT NULL);"
            "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
            "INSERT INTO settings VALUES ('currency', 'EUR'), ('region', 'eu-west'),"
            " ('schema', '3');"
            "CREATE VIEW order_totals AS SELECT customer_id, SUM(amount_cents) AS total"
            " FROM orders GROUP BY customer_id;");
    if (!connection.execute(setup) || !fillCustomersAndOrders(connection, rows, error)) {
        if (error && error->isEmpty()) {
            *error = connection.lastError();
        }
        return false;
    }
    if (!connection.execute(QStringLiteral("COMMIT"))) {
        setError(error, connection.lastError());
        return false;
    }
    return true;
}

bool execSql(const QString& path, const QString& sql, QString* error) {
    SqliteConnection connection(path);
    if (!connection.isOpen() || !connection.execute(sql)) {
        setError(error, connection.lastError());
        return false;
    }
    return true;
}

bool copyDatabase(const QString& sourcePath, const QString& targetPath, QString* error) {
    SqliteConnection source(sourcePath, true);
    SqliteConnection target(targetPath);
    if (!source.isOpen() || !target.isOpen()) {
        setError(error, source.isOpen() ? target.lastError() : source.lastError());
        return false;
    }
    sqlite3_backup* backup = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
    if (!backup) {
        setError(error, QString::fromUtf8(sqlite3_errmsg(target.handle())));
        return false;
    }
    const int stepResult = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (stepResult != SQLITE_DONE) {
        setError(error, QStringLiteral("backup step failed: %1").arg(stepResult));
        return false;
    }
    return true;
}

QString integrityCheck(const QString& path) {
    SqliteConnection connection(path, true);
    if (!connection.isOpen()) {
        return connection.lastError();
    }
    const auto result = connection.queryText(QStringLiteral("PRAGMA integrity_check"));
    return result ? *result : connection.lastError();
}

int userTableCount(const QString& path) {
    SqliteConnection connection(path, true);
    if (!connection.isOpen()) {
        return -1;
    }
    const auto count = connection.queryInteger(QStringLiteral(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
    return count ? int(*count) : -1;
}

} // namespace tidemark::testsupport
