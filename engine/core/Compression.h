#pragma once

#include "core/Status.h"

#include <QByteArray>

namespace tidemark {

// zstd frames. Level 3 is the default balance of speed and ratio for page data.
QByteArray zstdCompress(const char* data, size_t size, int level = 3);
Result<QByteArray> zstdDecompress(const char* data, size_t size, size_t expectedSize);
// For frames whose size is recorded in the frame header; refuses anything over maxSize.
Result<QByteArray> zstdDecompressFrame(const QByteArray& frame, size_t maxSize);

} // namespace tidemark
