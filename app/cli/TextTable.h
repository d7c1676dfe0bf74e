#pragma once

#include <QString>
#include <QStringList>

#include "core/Units.h"

namespace tidemark {

// Aligned columns for human-readable CLI output.
QString textTable(const QStringList& header, const QList<QStringList>& rows);

} // namespace tidemark
