#include "core/Names.h"

namespace tidemark {

Status validateDatabaseName(const QString& name) {
    if (name.isEmpty())
        return Status::invalidArgument(QStringLiteral("a database name cannot be empty"));
    if (name.size() > 128)
        return Status::invalidArgument(
            QStringLiteral("a database name can have at most 128 characters"));
    if (name != name.trimmed())
        return Status::invalidArgument(
            QStringLiteral("a database name cannot start or end with spaces"));
    for (QChar c : name) {
        if (c == QLatin1Char(';'))
            return Status::invalidArgument(
                QStringLiteral("invalid database name '%1': ';' is not allowed").arg(name));
        if (c == QLatin1Char('/') || c == QLatin1Char('\\'))
            return Status::invalidArgument(
                QStringLiteral("invalid database name '%1': path separators are not allowed")
                    .arg(name));
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return Status::invalidArgument(
                QStringLiteral("invalid database name: control characters are not allowed"));
    }
    if (name.startsWith(QLatin1Char('-')))
        return Status::invalidArgument(
            QStringLiteral("invalid database name '%1': it cannot start with '-'").arg(name));
    if (name == QStringLiteral(".") || name == QStringLiteral(".."))
        return Status::invalidArgument(QStringLiteral("invalid database name '%1'").arg(name));
    return Status::ok();
}

} // namespace tidemark
