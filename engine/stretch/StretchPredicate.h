#pragma once

#include "core/Status.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <sqlite3.h>

namespace tidemark {

// The filter that decides which rows of a stretch table are cold. A restricted language, so it
// can never reach outside the row: conditions joined by AND, each one comparison or several
// joined by OR (optionally in parentheses), each comparison between a column of the table and
// a constant: < <= > >= = <> != IN (...) IS NULL, IS NOT NULL. Functions, subqueries, other
// tables and anything else are refused.
struct StretchPredicate {
    QString text;           // canonical form, stored in the catalog
    QString whereSql;       // SQL with the constants as parameters :tm_p1, :tm_p2, ...
    QList<QVariant> values; // the constants, bound in order

    int parameterCount() const { return int(values.size()); }
    // Binds the constants to :tm_p1..:tm_pN of `stmt`.
    void bind(sqlite3_stmt* stmt) const;
};

// `columns` are the table's columns; any other name is refused.
Result<StretchPredicate> parseStretchPredicate(const QString& expression,
                                               const QStringList& columns);

} // namespace tidemark
