#include "capture/LogSegment.h"

#include "core/Bytes.h"
#include "core/Compression.h"

#include <algorithm>

namespace tidemark {
namespace {
const char kMagic[8] = {'T', 'M', 'L', 'O', 'G', 'S', '0', '1'};

QByteArray contextFor(const QString& databaseUuid, qint64 firstCommit) {
    return QByteArrayLiteral("logsegment/") + databaseUuid.toLatin1() + '/' +
           QByteArray::number(firstCommit);
}
} // namespace

qint64 LogSegment::rawBytes() const {
    qint64 n = 0;
    for (const CapturedCommit& c : commits)
        n += c.pages.size();
    return n;
}

QByteArray LogSegment::serialize() const {
    ByteWriter w;
    w.bytes(kMagic, sizeof kMagic);
    QByteArray uuid = databaseUuid.toLatin1();
    w.u32(uint32_t(uuid.size()));
    w.bytes(uuid);
    w.u32(pageSize);
    w.u32(uint32_t(commits.size()));
    for (const CapturedCommit& c : commits) {
        w.u64(uint64_t(c.number));
        w.u64(uint64_t(c.stampMs));
        w.u32(c.databasePages);
        w.u32(uint32_t(c.pageNumbers.size()));
        for (uint32_t p : c.pageNumbers)
            w.u32(p);
        w.bytes(c.pages);
    }
    return w.data();
}

Result<LogSegment> LogSegment::parse(const QByteArray& raw) {
    const auto damaged = [] {
        return Status::corruption(QStringLiteral("log segment is damaged"));
    };
    ByteReader r(raw);
    if (r.bytes(8) != QByteArray(kMagic, 8))
        return Status::corruption(QStringLiteral("not a Tidemark log segment"));
    LogSegment s;
    uint32_t uuidSize = r.u32();
    if (uuidSize > 64)
        return damaged();
    s.databaseUuid = QString::fromLatin1(r.bytes(uuidSize));
    s.pageSize = r.u32();
    if (s.pageSize < 512 || s.pageSize > 65536)
        return damaged();
    uint32_t count = r.u32();
    if (count > r.remaining() / 24)
        return damaged();
    s.commits.resize(count);
    qint64 previous = -1;
    for (CapturedCommit& c : s.commits) {
        c.number = qint64(r.u64());
        c.stampMs = qint64(r.u64());
        c.databasePages = r.u32();
        uint32_t pages = r.u32();
        if (r.failed() || c.number <= previous || pages > r.remaining() / (4 + s.pageSize))
            return damaged();
        previous = c.number;
        c.pageNumbers.resize(pages);
        for (uint32_t& p : c.pageNumbers) {
            p = r.u32();
            if (p == 0 || p > c.databasePages)
                return damaged();
        }
        c.pages = r.bytes(size_t(pages) * s.pageSize);
    }
    if (r.failed() || r.remaining() != 0)
        return damaged();
    return s;
}

namespace {
QString logSegmentFolder(const QString& databaseUuid) {
    return QStringLiteral("logs/") + databaseUuid + QLatin1Char('/');
}
} // namespace

QString logSegmentObject(const QString& databaseUuid, qint64 firstCommit) {
    return logSegmentFolder(databaseUuid) +
           QStringLiteral("%1.tls").arg(firstCommit, 16, 10, QLatin1Char('0'));
}

std::vector<qint64> listLogSegments(const Vault& vault, const QString& databaseUuid) {
    std::vector<qint64> out;
    auto objects = vault.location().listNames(logSegmentFolder(databaseUuid));
    if (!objects)
        return out;
    for (const QString& object : *objects) {
        const QString name = object.section(QLatin1Char('/'), -1);
        if (!name.endsWith(QStringLiteral(".tls")))
            continue;
        bool ok = false;
        qint64 first = name.chopped(4).toLongLong(&ok);
        if (ok)
            out.push_back(first);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<qint64> writeLogSegment(const Vault& vault, const LogSegment& segment) {
    QByteArray raw = segment.serialize();
    auto sealed = vault.keys().seal(zstdCompress(raw.constData(), size_t(raw.size()), 1),
                                    contextFor(segment.databaseUuid, segment.firstCommit()));
    if (!sealed)
        return sealed.status();
    // Replaced, not published once: capture restarted after a crash captures the same first
    // commit again, and the new segment holds at least what the old one did.
    TM_TRY(vault.location().put(logSegmentObject(segment.databaseUuid, segment.firstCommit()),
                                *sealed));
    return qint64(sealed->size());
}

Result<LogSegment> readLogSegment(const Vault& vault, const QString& databaseUuid,
                                  qint64 firstCommit) {
    const QString what =
        QStringLiteral("log segment %1 of database %2").arg(firstCommit).arg(databaseUuid);
    auto bytes = vault.location().read(logSegmentObject(databaseUuid, firstCommit));
    if (!bytes)
        return bytes.status().context(what);
    auto compressed = vault.keys().open(*bytes, contextFor(databaseUuid, firstCommit));
    if (!compressed)
        return compressed.status().context(what);
    auto raw = zstdDecompressFrame(*compressed, size_t(1) << 31);
    if (!raw)
        return raw.status().context(what);
    auto segment = LogSegment::parse(*raw);
    if (!segment)
        return segment.status().context(what);
    if (segment->databaseUuid != databaseUuid || segment->firstCommit() != firstCommit)
        return Status::corruption(QStringLiteral("%1 holds other commits").arg(what));
    return segment;
}

Status removeLogSegment(const Vault& vault, const QString& databaseUuid, qint64 firstCommit) {
    return vault.location().remove(logSegmentObject(databaseUuid, firstCommit));
}

} // namespace tidemark
