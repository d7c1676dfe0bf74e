#pragma once

#include "restore/RestorePlan.h"

namespace tidemark {

// `restore --dry-run` in text: the state restored, where it is read from, how much, and the
// backups applied in order. Only renders the engine's plan.
QString restorePlanText(const RestorePlan& plan);

} // namespace tidemark
