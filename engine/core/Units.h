#pragma once

#include <QString>

namespace tidemark {

// Sizes and durations as people read them, shared by the CLI and the console.
QString humanBytes(qint64 bytes);
// "3 min ago", "2 h ago", "5 days ago".
QString humanAge(qint64 ms);
// "0.25 s", "10 s", "5 min": a short span, such as a restore point objective.
QString humanDuration(qint64 ms);

} // namespace tidemark
