#include "core/Compression.h"

#include <zstd.h>

namespace tidemark {

QByteArray zstdCompress(const char* data, size_t size, int level) {
    // One context per thread: creating one per call costs more than compressing a page group.
    thread_local ZSTD_CCtx* ctx = ZSTD_createCCtx();
    QByteArray out(int(ZSTD_compressBound(size)), Qt::Uninitialized);
    size_t n = ZSTD_compressCCtx(ctx, out.data(), size_t(out.size()), data, size, level);
    if (ZSTD_isError(n))
        qFatal("zstd compression failed: %s", ZSTD_getErrorName(n));
    out.truncate(int(n));
    return out;
}

Result<QByteArray> zstdDecompress(const char* data, size_t size, size_t expectedSize) {
    thread_local ZSTD_DCtx* ctx = ZSTD_createDCtx();
    QByteArray out(int(expectedSize), Qt::Uninitialized);
    size_t n = ZSTD_decompressDCtx(ctx, out.data(), expectedSize, data, size);
    if (ZSTD_isError(n) || n != expectedSize)
        return Status::corruption(QStringLiteral("compressed data is damaged"));
    return out;
}

Result<QByteArray> zstdDecompressFrame(const QByteArray& frame, size_t maxSize) {
    unsigned long long size = ZSTD_getFrameContentSize(frame.constData(), size_t(frame.size()));
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > maxSize)
        return Status::corruption(QStringLiteral("compressed data is damaged"));
    return zstdDecompress(frame.constData(), size_t(frame.size()), size_t(size));
}

} // namespace tidemark
