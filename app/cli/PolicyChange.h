#pragma once

#include "catalog/Policy.h"

namespace tidemark {

class CliContext;

// Stores a changed policy (`policy`, `ltr`). A value outside the engine's ranges is bad input:
// refused with exit 2 before anything changes. Returns the exit status (Success when stored).
int savePolicy(CliContext& cli, const QString& database, const BackupPolicy& policy);

} // namespace tidemark
