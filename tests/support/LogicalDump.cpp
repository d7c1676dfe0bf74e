#include "LogicalDump.h"

#include "SqliteFiles.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QStringList>

#include <sqlite3.h>

namespace tidemark::testsupport {
namespace {

constexpr auto kSqldiffPath = "/usr/bin/sqldiff";
constexpr int kSqldiffTimeoutMs = 120'000;

QByteArray quotedIdentifier(const QByteArray& name) {
    QByteArray quoted = name;
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

void appendValue(QByteArray& out, sqlite3_stmt* statement, int column) {
    switch (sqlite3_column_type(statement, column)) {
    case SQLITE_NULL:
        out += "null";
        break;
    case SQLITE_INTEGER:
        out += "int:" + QByteArray::number(sqlite3_column_int64(statement, column));
        break;
    case SQLITE_FLOAT:
        out += "real:" + QByteArray::number(sqlite3_column_double(statement, column), 'g', 17);
        break;
    case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
        out +=
            "text:" + QByteArray(text, sqlite3_column_bytes(statement, column)).toPercentEncoding();
        break;
    }
    default: {
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(statement, column));
        out += "blob:" + QByteArray(blob, sqlite3_column_bytes(statement, column)).toHex();
        break;
    }
    }
}

// Rowid tables are ordered by rowid (which is part of their content); WITHOUT ROWID tables by
// all their columns, which orders them by primary key.
bool appendTableRows(QByteArray& out, sqlite3* database, const QByteArray& table) {
    sqlite3_stmt* statement = nullptr;
    const QByteArray withRowid =
        "SELECT rowid, * FROM " + quotedIdentifier(table) + " ORDER BY rowid";
    if (sqlite3_prepare_v2(database, withRowid.constData(), -1, &statement, nullptr) != SQLITE_OK) {
        sqlite3_finalize(statement);
        statement = nullptr;
        const QByteArray probe = "SELECT * FROM " + quotedIdentifier(table);
        sqlite3_stmt* columns = nullptr;
        if (sqlite3_prepare_v2(database, probe.constData(), -1, &columns, nullptr) != SQLITE_OK) {
            sqlite3_finalize(columns);
            return false;
        }
        QByteArray orderBy;
        for (int column = 1; column <= sqlite3_column_count(columns); ++column) {
            orderBy += (column > 1 ? "," : "") + QByteArray::number(column);
        }
        sqlite3_finalize(columns);
        const QByteArray ordered = probe + " ORDER BY " + orderBy;
        if (sqlite3_prepare_v2(database, ordered.constData(), -1, &statement, nullptr) !=
            SQLITE_OK) {
            sqlite3_finalize(statement);
            return false;
        }
    }
    out += "rows " + table + '\n';
    int result = SQLITE_ROW;
    while ((result = sqlite3_step(statement)) == SQLITE_ROW) {
        for (int column = 0; column < sqlite3_column_count(statement); ++column) {
            if (column > 0) {
                out += '|';
            }
            appendValue(out, statement, column);
        }
        out += '\n';
    }
    sqlite3_finalize(statement);
    return result == SQLITE_DONE;
}

} // namespace

QByteArray logicalDump(const QString& path) {
    SqliteConnection connection(path, true);
    if (!connection.isOpen()) {
        return {};
    }
    sqlite3* database = connection.handle();
    sqlite3_stmt* schema = nullptr;
    if (sqlite3_prepare_v2(database,
                           "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                           "ORDER BY type, name",
                           -1, &schema, nullptr) != SQLITE_OK) {
        sqlite3_finalize(schema);
        return {};
    }
    QByteArray out = "tidemark logical dump\n";
    QList<QByteArray> tables;
    int result = SQLITE_ROW;
    while ((result = sqlite3_step(schema)) == SQLITE_ROW) {
        const QByteArray type = reinterpret_cast<const char*>(sqlite3_column_text(schema, 0));
        const QByteArray name = reinterpret_cast<const char*>(sqlite3_column_text(schema, 1));
        const QByteArray sql = reinterpret_cast<const char*>(sqlite3_column_text(schema, 3));
        out += "schema " + type + ' ' + name + ": " + sql + '\n';
        if (type == "table" && !sql.startsWith("CREATE VIRTUAL")) {
            tables << name;
        }
    }
    sqlite3_finalize(schema);
    if (result != SQLITE_DONE) {
        return {};
    }
    for (const QByteArray& table : tables) {
        if (!appendTableRows(out, database, table)) {
            return {};
        }
    }
    return out;
}

QByteArray logicalHash(const QString& path) {
    const QByteArray dump = logicalDump(path);
    if (dump.isEmpty()) {
        return "unreadable";
    }
    return QCryptographicHash::hash(dump, QCryptographicHash::Sha256).toHex();
}

bool sqldiffEmpty(const QString& firstPath, const QString& secondPath, QString* output) {
    QProcess sqldiff;
    sqldiff.setProcessChannelMode(QProcess::MergedChannels);
    sqldiff.start(QString::fromLatin1(kSqldiffPath), {firstPath, secondPath});
    const bool finished = sqldiff.waitForFinished(kSqldiffTimeoutMs);
    const QByteArray printed = sqldiff.readAll();
    if (output) {
        *output = finished
                      ? QString::fromUtf8(printed)
                      : QStringLiteral("sqldiff did not finish: %1").arg(sqldiff.errorString());
    }
    return finished && sqldiff.exitStatus() == QProcess::NormalExit && sqldiff.exitCode() == 0 &&
           printed.isEmpty();
}

bool restoredEquals(const QString& restoredPath, const QString& referencePath, QString* why) {
    auto explain = [why](const QString& message) {
        if (why) {
            *why = message;
        }
        return false;
    };
    const QString integrity = integrityCheck(restoredPath);
    if (integrity != QLatin1String("ok")) {
        return explain(QStringLiteral("integrity_check of %1: %2").arg(restoredPath, integrity));
    }
    QString diff;
    if (!sqldiffEmpty(referencePath, restoredPath, &diff)) {
        return explain(QStringLiteral("sqldiff %1 %2 printed:\n%3")
                           .arg(referencePath, restoredPath, diff.left(3000)));
    }
    const QByteArray restoredHash = logicalHash(restoredPath);
    const QByteArray referenceHash = logicalHash(referencePath);
    if (restoredHash != referenceHash) {
        return explain(QStringLiteral("logical dumps differ (schema or sqlite_sequence): %1 has %2,"
                                      " reference %3 has %4")
                           .arg(restoredPath, QString::fromLatin1(restoredHash), referencePath,
                                QString::fromLatin1(referenceHash)));
    }
    return true;
}

} // namespace tidemark::testsupport
