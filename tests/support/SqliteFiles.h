#pragma once

#include <QString>
#include <QStringList>

#include <optional>

struct sqlite3;

namespace tidemark::testsupport {

enum class JournalMode { Wal, Delete };

QString journalModeName(JournalMode mode);

// An open SQLite connection that closes itself. Tests use it only on files the CLI is not writing.
class SqliteConnection {
public:
    // Opens (creating when allowed) the file; isOpen() tells whether it worked.
    explicit SqliteConnection(const QString& path, bool readOnly = false);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    bool isOpen() const { return m_database != nullptr; }
    QString lastError() const { return m_lastError; }
    sqlite3* handle() const { return m_database; }

    bool execute(const QString& sql);
    std::optional<qint64> queryInteger(const QString& sql);
    std::optional<QString> queryText(const QString& sql);

private:
    sqlite3* m_database = nullptr;
    QString m_lastError;
};

// Creates a small but realistic database: customers, orders (with a foreign key and index),
// order notes with text, a WITHOUT ROWID settings table and a view. `rows` is the number of
// orders; each order carries about 200 bytes, so 20'000 rows make a file of a few MiB.
bool makeDatabase(const QString& path, JournalMode journal, int pageSize, int rows,
                  QString* error = nullptr);

// Runs SQL against a file (one connection, closed afterwards).
bool execSql(const QString& path, const QString& sql, QString* error = nullptr);

// A consistent copy taken with SQLite's online backup API: the reference a restore must equal.
bool copyDatabase(const QString& sourcePath, const QString& targetPath, QString* error = nullptr);

// "ok" for a healthy file, otherwise the messages of PRAGMA integrity_check (or the open error).
QString integrityCheck(const QString& path);

// Number of user tables (sqlite_% tables excluded); -1 when the file cannot be read.
int userTableCount(const QString& path);

} // namespace tidemark::testsupport
