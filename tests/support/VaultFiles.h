#pragma once

#include <QString>
#include <QStringList>

namespace tidemark::testsupport {

// Every file below `dir` whose name ends with `suffix` (e.g. ".pack", ".tmm"), sorted.
QStringList filesUnder(const QString& dir, const QString& suffix);

// The largest of `paths` (empty when there are none): the pack most likely to hold data pages.
QString largestFile(const QStringList& paths);

// The most recently modified of `paths` (empty when there are none).
QString newestFile(const QStringList& paths);

// Inverts every bit of the byte at `offset`: silent corruption, as a failing disk would cause.
bool flipByte(const QString& path, qint64 offset);

// Cuts the file to `size` bytes: a write torn by a crash.
bool truncateFile(const QString& path, qint64 size);

} // namespace tidemark::testsupport
