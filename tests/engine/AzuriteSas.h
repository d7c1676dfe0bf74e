#pragma once

#include <QString>

namespace tidemark::testing {

// An account SAS for the emulator's development account, signed with its development key:
// blob service, every resource type, the given permissions ("rl" reads and lists only) and
// expiry (ISO 8601, UTC). The token without its leading '?'.
QString azuriteAccountSas(const QString& permissions, const QString& expiry);

} // namespace tidemark::testing
