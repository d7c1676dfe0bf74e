#include "stretch/RemoteSnapshots.h"

#include "core/Compression.h"
#include "stretch/RemoteEndpoint.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QUuid>

#include <unistd.h>

namespace tidemark {
namespace {

constexpr size_t kLargestSnapshot = size_t(64) << 30;

QByteArray contextFor(const QString& databaseUuid, const QString& id) {
    return QByteArrayLiteral("tidemark-stretch-snapshot:") + databaseUuid.toUtf8() + '/' +
           id.toUtf8();
}

} // namespace

Result<RemoteSnapshot> takeRemoteSnapshot(const Vault& vault, StretchStore& store,
                                          const QString& databaseUuid, const QString& remoteFile,
                                          qint64 nowMs) {
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return Status::ioError(QStringLiteral("no temporary folder for the remote snapshot"));
    const QString copy = scratch.filePath(QStringLiteral("remote.db"));
    TM_TRY(copyRemote(remoteFile, copy));
    QFile f(copy);
    if (!f.open(QIODevice::ReadOnly))
        return Status::ioError(QStringLiteral("reading %1: %2").arg(copy, f.errorString()));
    QByteArray plain = f.readAll();
    RemoteSnapshot s;
    s.id = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC)
               .toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz")) +
           QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(8);
    s.databaseUuid = databaseUuid;
    s.remoteFile = remoteFile;
    s.takenMs = nowMs;
    s.path = QStringLiteral("stretch/%1/%2.tss").arg(databaseUuid, s.id);
    QByteArray frame = zstdCompress(plain.constData(), size_t(plain.size()));
    auto sealed = vault.keys().seal(frame, contextFor(databaseUuid, s.id));
    if (!sealed)
        return sealed.status();
    s.bytes = sealed->size();
    // The vault first, then the catalog.
    TM_TRY(vault.location().publish(s.path, *sealed));
    TM_TRY(store.addSnapshot(s));
    return s;
}

Status restoreRemoteSnapshot(const Vault& vault, const RemoteSnapshot& s,
                             const QString& remoteFile) {
    auto sealed = vault.location().read(s.path);
    if (!sealed)
        return sealed.status();
    auto frame = vault.keys().open(*sealed, contextFor(s.databaseUuid, s.id));
    if (!frame)
        return frame.status();
    auto plain = zstdDecompressFrame(*frame, kLargestSnapshot);
    if (!plain)
        return plain.status();
    const QString temporary = remoteFile + QStringLiteral(".restoring");
    {
        QFile out(temporary);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            out.write(*plain) != plain->size() || !out.flush() || ::fsync(out.handle()) != 0)
            return Status::ioError(QStringLiteral("writing %1").arg(temporary));
    }
    // The old file's journal belongs to the old content.
    QFile::remove(remoteFile + QStringLiteral("-journal"));
    TM_TRY(FileSystem::posix().rename(temporary, remoteFile));
    return FileSystem::posix().syncDir(QFileInfo(remoteFile).absolutePath());
}

Result<int> expireRemoteSnapshots(const Vault& vault, StretchStore& store,
                                  const QString& databaseUuid, qint64 nowMs) {
    int removed = 0;
    for (const RemoteSnapshot& s : store.snapshots(databaseUuid)) {
        if (s.takenMs + kRemoteSnapshotKeepMs > nowMs)
            continue;
        // The catalog first: it never names a snapshot whose file is gone.
        TM_TRY(store.removeSnapshot(s.id));
        TM_TRY(vault.location().remove(s.path));
        ++removed;
    }
    return removed;
}

} // namespace tidemark
