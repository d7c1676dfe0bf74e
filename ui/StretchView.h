#pragma once

#include "WorkspaceSession.h"

#include <QString>

namespace tidemark {

// The Stretch tab's text for one database, from the engine's StretchStatus.
QString stretchHtml(const StretchStatus& status, const QString& databaseName);

} // namespace tidemark
