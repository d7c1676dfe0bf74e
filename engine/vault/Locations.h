#pragma once

#include "vault/Location.h"

#include <QMap>

#include <functional>

namespace tidemark {

// Storage account credentials a workspace keeps, by account name: a connection string, an
// account key or a SAS token, as stored.
using StorageSecrets = QMap<QString, QByteArray>;

// Opens the location a user named: a folder (made absolute) or a blob container
// (azure://ACCOUNT/CONTAINER[/PREFIX]; the account's credential from the environment when it
// names one, else from `secrets`). The one place that turns a location's spelling into a Location,
// so every command accepts the same spellings.
Result<std::shared_ptr<Location>> openLocation(const QString& spec, FileSystem& fs,
                                               const StorageSecrets& secrets = {});
// Opens a location from its spelling; tests give the workspace one that keeps objects in memory.
using LocationOpener = std::function<Result<std::shared_ptr<Location>>(const QString& spec)>;

// The canonical spelling of a location, as workspace.json stores it (URLs as written).
QString normalizeLocation(const QString& spec);

} // namespace tidemark
