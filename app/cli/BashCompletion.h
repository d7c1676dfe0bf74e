#pragma once

#include <QString>

namespace tidemark {

// A bash completion script for tidemark-cli, generated from the command table: the commands,
// their sub-words, and per command its options and the words a choice option takes.
QString bashCompletion();

} // namespace tidemark
