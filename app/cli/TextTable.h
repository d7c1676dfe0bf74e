#pragma once

#include <QString>
#include <QStringList>

namespace tidemark {

// Aligned columns for human-readable CLI output.
QString textTable(const QStringList& header, const QList<QStringList>& rows);
QString humanBytes(qint64 bytes);

} // namespace tidemark
