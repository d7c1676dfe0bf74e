#pragma once

#include "DatabaseListModel.h"

#include <QIcon>

namespace tidemark {

// The status badge of a database in the navigation and the overview (SVG, sharp on HiDPI).
QIcon healthIcon(DatabaseListModel::Health health);
QIcon droppedIcon();

} // namespace tidemark
