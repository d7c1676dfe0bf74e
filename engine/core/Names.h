#pragma once

#include "core/Status.h"

namespace tidemark {

// Database names appear in paths, logs and SQL-adjacent places; they are refused when they
// could be mistaken for something else.
Status validateDatabaseName(const QString& name);

} // namespace tidemark
