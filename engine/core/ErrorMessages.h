#pragma once

#include "core/Status.h"

namespace tidemark {

// The one place where engine errors become words for people (CLI, console, job logs).
QString userMessage(const Status& status);

} // namespace tidemark
