#pragma once

#include "vault/Location.h"

#include <functional>

namespace tidemark {

// Opens the location a user named: a folder (made absolute) or a blob container
// (azure://ACCOUNT/CONTAINER[/PREFIX], credentials from the environment). The one place that turns
// a location's spelling into a Location, so every command accepts the same spellings.
Result<std::shared_ptr<Location>> openLocation(const QString& spec, FileSystem& fs);
// Opens a location from its spelling; tests give the workspace one that keeps objects in memory.
using LocationOpener = std::function<Result<std::shared_ptr<Location>>(const QString& spec)>;

// The canonical spelling of a location, as workspace.json stores it (URLs as written).
QString normalizeLocation(const QString& spec);

} // namespace tidemark
