#include "vault/Manifest.h"

#include "core/Bytes.h"
#include "core/Compression.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tidemark {
namespace {
const char kMagic[8] = {'T', 'M', 'M', 'A', 'N', 'I', '0', '1'};
// Version 2 adds the commit table of captured log backups after the page runs.
constexpr int kFormatVersion = 1;
constexpr int kFormatWithCommits = 2;

QString str(const QJsonObject& o, const char* k) {
    return o.value(QLatin1String(k)).toString();
}
qint64 num(const QJsonObject& o, const char* k) {
    const double v = o.value(QLatin1String(k)).toDouble();
    // A number no 64-bit field can hold is damage: 0, which the checks below refuse where it
    // matters (found by fuzzing; converting it would be undefined behaviour).
    if (!(v > -9.2e18 && v < 9.2e18))
        return 0;
    return qint64(v);
}
Status parseCommits(ByteReader& r, Manifest& m) {
    const auto damaged = [] {
        return Status::corruption(QStringLiteral("manifest commit table is damaged"));
    };
    uint32_t count = r.u32();
    if (count > r.remaining() / 28)
        return damaged();
    m.commits.resize(count);
    for (Manifest::Commit& k : m.commits) {
        k.number = qint64(r.u64());
        k.stampMs = qint64(r.u64());
        k.databasePages = r.u32();
        k.firstPage = r.u32();
        k.pageCount = r.u32();
    }
    uint32_t pages = r.u32();
    if (pages > r.remaining() / 12)
        return damaged();
    m.commitPages.resize(pages);
    for (Manifest::CommitPage& p : m.commitPages) {
        p.page = r.u32();
        p.pack = r.u32();
        p.blob = r.u32();
        if (p.pack >= uint32_t(m.packs.size()) || p.page == 0)
            return damaged();
    }
    qint64 previous = -1;
    for (const Manifest::Commit& k : m.commits) {
        if (uint64_t(k.firstPage) + k.pageCount > pages || k.number <= previous)
            return damaged();
        previous = k.number;
    }
    return Status::ok();
}

} // namespace

QString backupTypeName(BackupType t) {
    switch (t) {
    case BackupType::Full:
        return QStringLiteral("full");
    case BackupType::Differential:
        return QStringLiteral("diff");
    case BackupType::Log:
        return QStringLiteral("log");
    }
    return {};
}

bool parseBackupType(const QString& text, BackupType* out) {
    if (text == QStringLiteral("full"))
        *out = BackupType::Full;
    else if (text == QStringLiteral("diff") || text == QStringLiteral("differential"))
        *out = BackupType::Differential;
    else if (text == QStringLiteral("log"))
        *out = BackupType::Log;
    else
        return false;
    return true;
}

QByteArray Manifest::serialize() const {
    QJsonObject h;
    const bool withCommits = !commits.empty();
    h[QStringLiteral("version")] = withCommits ? kFormatWithCommits : kFormatVersion;
    if (firstCommit >= 0)
        h[QStringLiteral("first_commit")] = double(firstCommit);
    if (lastCommit >= 0)
        h[QStringLiteral("last_commit")] = double(lastCommit);
    if (gapFromMs >= 0) {
        h[QStringLiteral("gap_from")] = double(gapFromMs);
        h[QStringLiteral("gap_reason")] = gapReason;
    }
    h[QStringLiteral("backup_id")] = backupId;
    h[QStringLiteral("database_uuid")] = databaseUuid;
    h[QStringLiteral("database_name")] = databaseName;
    h[QStringLiteral("database_file")] = databaseFile;
    h[QStringLiteral("type")] = backupTypeName(type);
    h[QStringLiteral("requested_type")] = backupTypeName(requestedType);
    h[QStringLiteral("base_id")] = baseId;
    h[QStringLiteral("full_id")] = fullId;
    h[QStringLiteral("start")] = double(startMs);
    h[QStringLiteral("end")] = double(endMs);
    h[QStringLiteral("snapshot")] = double(snapshotMs);
    h[QStringLiteral("page_size")] = double(pageSize);
    h[QStringLiteral("page_count")] = double(pageCount);
    h[QStringLiteral("journal_mode")] = journalMode;
    h[QStringLiteral("logical_hash")] = logicalHash;
    h[QStringLiteral("logical_bytes")] = double(logicalBytes);
    h[QStringLiteral("new_bytes")] = double(newBytes);
    h[QStringLiteral("note")] = note;
    h[QStringLiteral("packs")] = QJsonArray::fromStringList(packs);
    QByteArray header = QJsonDocument(h).toJson(QJsonDocument::Compact);
    ByteWriter w;
    w.bytes(kMagic, sizeof kMagic);
    w.u32(uint32_t(header.size()));
    w.bytes(header);
    w.u32(uint32_t(runs.size()));
    for (const auto& r : runs) {
        w.u32(r.firstPage);
        w.u32(r.count);
        w.u32(r.pack);
        w.u32(r.firstBlob);
    }
    if (withCommits) {
        w.u32(uint32_t(commits.size()));
        for (const Commit& k : commits) {
            w.u64(uint64_t(k.number));
            w.u64(uint64_t(k.stampMs));
            w.u32(k.databasePages);
            w.u32(k.firstPage);
            w.u32(k.pageCount);
        }
        w.u32(uint32_t(commitPages.size()));
        for (const CommitPage& p : commitPages) {
            w.u32(p.page);
            w.u32(p.pack);
            w.u32(p.blob);
        }
    }
    return w.data();
}

Result<Manifest> Manifest::parse(const QByteArray& raw) {
    ByteReader r(raw);
    QByteArray magic = r.bytes(8);
    if (magic != QByteArray(kMagic, 8))
        return Status::corruption(QStringLiteral("not a Tidemark manifest"));
    uint32_t headerSize = r.u32();
    QByteArray header = r.bytes(headerSize);
    QJsonParseError err{};
    QJsonDocument doc = QJsonDocument::fromJson(header, &err);
    if (r.failed() || err.error != QJsonParseError::NoError || !doc.isObject())
        return Status::corruption(QStringLiteral("manifest header is damaged"));
    QJsonObject h = doc.object();
    const int version = h.value(QStringLiteral("version")).toInt();
    if (version != kFormatVersion && version != kFormatWithCommits)
        return Status::unsupported(QStringLiteral("manifest format version %1 is not supported")
                                       .arg(h.value(QStringLiteral("version")).toInt()));
    Manifest m;
    m.backupId = str(h, "backup_id");
    m.databaseUuid = str(h, "database_uuid");
    m.databaseName = str(h, "database_name");
    m.databaseFile = str(h, "database_file");
    if (!parseBackupType(str(h, "type"), &m.type) ||
        !parseBackupType(str(h, "requested_type"), &m.requestedType))
        return Status::corruption(QStringLiteral("manifest has an unknown backup type"));
    m.baseId = str(h, "base_id");
    m.fullId = str(h, "full_id");
    m.startMs = num(h, "start");
    m.endMs = num(h, "end");
    m.snapshotMs = num(h, "snapshot");
    m.pageSize = uint32_t(num(h, "page_size"));
    m.pageCount = uint32_t(num(h, "page_count"));
    m.journalMode = str(h, "journal_mode");
    m.logicalHash = str(h, "logical_hash");
    m.logicalBytes = num(h, "logical_bytes");
    m.newBytes = num(h, "new_bytes");
    m.note = str(h, "note");
    auto optional = [&h](const char* k) {
        return h.contains(QLatin1String(k)) ? num(h, k) : qint64(-1);
    };
    m.firstCommit = optional("first_commit");
    m.lastCommit = optional("last_commit");
    m.gapFromMs = optional("gap_from");
    m.gapReason = str(h, "gap_reason");
    for (const auto& v : h.value(QStringLiteral("packs")).toArray())
        m.packs << v.toString();
    uint32_t runCount = r.u32();
    if (runCount > r.remaining() / 16)
        return Status::corruption(QStringLiteral("manifest page table is damaged"));
    m.runs.resize(runCount);
    for (auto& run : m.runs) {
        run.firstPage = r.u32();
        run.count = r.u32();
        run.pack = r.u32();
        run.firstBlob = r.u32();
        if (run.pack >= uint32_t(m.packs.size()) || run.count == 0 ||
            uint64_t(run.firstPage) + run.count - 1 > m.pageCount)
            return Status::corruption(QStringLiteral("manifest page table is damaged"));
    }
    if (version == kFormatWithCommits)
        TM_TRY(parseCommits(r, m));
    if (r.failed() || r.remaining() != 0 || m.backupId.isEmpty() || m.pageSize < 512 ||
        m.pageSize > 65536)
        return Status::corruption(QStringLiteral("manifest is damaged"));
    return m;
}

QByteArray Manifest::context(const QString& backupId) {
    return QByteArrayLiteral("manifest/") + backupId.toLatin1();
}

QByteArray Manifest::seal(const KeyRing& keys) const {
    QByteArray raw = serialize();
    auto sealed = keys.seal(zstdCompress(raw.constData(), size_t(raw.size())), context(backupId));
    return sealed ? *sealed : QByteArray();
}

Result<Manifest> Manifest::open(const KeyRing& keys, const QByteArray& sealed,
                                const QString& backupId) {
    auto compressed = keys.open(sealed, context(backupId));
    if (!compressed)
        return compressed.status().context(QStringLiteral("manifest %1").arg(backupId));
    auto raw = zstdDecompressFrame(*compressed, size_t(512) << 20);
    if (!raw)
        return raw.status().context(QStringLiteral("manifest %1").arg(backupId));
    auto m = parse(*raw);
    if (!m)
        return m.status().context(QStringLiteral("manifest %1").arg(backupId));
    if (m->backupId != backupId)
        return Status::corruption(
            QStringLiteral("manifest %1 names another backup (%2)").arg(backupId, m->backupId));
    return m;
}

} // namespace tidemark
