#pragma once

#include <QByteArray>
#include <QString>

namespace tidemark::testsupport {

// A canonical text of a database's logical content: every schema object (type, name, SQL) in
// name order, then every table's rows (with rowid where the table has one) in key order, each
// value tagged with its storage class. Two files with equal dumps hold the same data, whatever
// their page layout, page size or journal mode. Returns an empty array when the file cannot be
// read (a readable database always yields at least a header line).
QByteArray logicalDump(const QString& path);

// SHA-256 (hex) of logicalDump(path): short enough to print in a failure message.
QByteArray logicalHash(const QString& path);

// Runs /usr/bin/sqldiff a b. Returns true when it exits 0 and prints nothing, i.e. the tables
// hold the same rows. `output` receives what it printed (stdout and stderr) for messages.
bool sqldiffEmpty(const QString& firstPath, const QString& secondPath, QString* output = nullptr);

// A restore is right when the restored file passes PRAGMA integrity_check and holds exactly the
// reference's content (sqldiff prints nothing and the logical dumps agree). `why` says what
// differed.
bool restoredEquals(const QString& restoredPath, const QString& referencePath, QString* why);

} // namespace tidemark::testsupport
