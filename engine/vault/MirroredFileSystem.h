#pragma once

#include "core/FileSystem.h"

namespace tidemark {

// Synchronous redundancy at the file level: every write, rename, removal and folder sync under
// the primary root is applied to each replica root too, and succeeds only when it succeeded
// everywhere (ZRS zones, or LRS copies inside one location). Reads come from the primary and
// fall back to a replica when the primary file is gone. Paths outside the primary root (a
// restored database, for example) pass straight through.
class MirroredFileSystem final : public FileSystem {
public:
    MirroredFileSystem(FileSystem& base, QString primaryRoot, QStringList replicaRoots);

    Result<std::unique_ptr<WritableFile>> createFile(const QString& path) override;
    Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& path) override;
    Status rename(const QString& from, const QString& to) override;
    Status renameNoReplace(const QString& from, const QString& to) override;
    Status syncDir(const QString& dir) override;
    Status remove(const QString& path) override;
    Status makeDirs(const QString& path) override;
    bool exists(const QString& path) override { return base_.exists(path); }
    QStringList list(const QString& dir) override { return base_.list(dir); }

    const QStringList& replicaRoots() const { return replicas_; }
    // The same path in every replica; empty when `path` is outside the primary root.
    QStringList mirrorsOf(const QString& path) const;

private:
    FileSystem& base_;
    QString primary_;
    QStringList replicas_;
};

} // namespace tidemark
