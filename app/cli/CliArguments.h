#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace tidemark {

// Splits a command line into words and --options. Options take a value unless listed as flags
// (the command table says which); `--name=value` works too. Which options a command takes is
// the table's business (CliApplication checks them against the row).
class CliArguments {
public:
    static CliArguments parse(const QStringList& args, const QSet<QString>& flags);

    QStringList words;
    QMap<QString, QStringList> options;
    QString error;

    bool has(const QString& o) const { return options.contains(o); }
    QString value(const QString& o, const QString& fallback = {}) const {
        return options.contains(o) ? options.value(o).last() : fallback;
    }
    QStringList values(const QString& o) const { return options.value(o); }
    // Removes and returns the option, for global options read before the command's own.
    QString take(const QString& o);
    bool takeFlag(const QString& o);
    // The first option not in `allowed`, or empty.
    QString unknownOption(const QSet<QString>& allowed) const;
};

} // namespace tidemark
