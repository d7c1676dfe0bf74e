#pragma once

#include "core/Status.h"

#include <QByteArray>

#include <optional>

namespace tidemark {

// Where the vault passphrase comes from, in order: --passphrase-file, TIDEMARK_PASSPHRASE,
// a prompt on the terminal (never echoed). No source yields nullopt; the vault then says
// whether it needed one. The passphrase is never logged or written anywhere.
Result<std::optional<QByteArray>> readPassphrase(const QString& file, bool confirmOnPrompt);

// A secret (for `credential create`): the first line of `file`, else a hidden prompt on the
// terminal, else the first line of standard input. Never from the command line.
Result<QByteArray> readSecret(const QString& file);

} // namespace tidemark
