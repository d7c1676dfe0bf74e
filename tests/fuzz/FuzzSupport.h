#pragma once

// Helpers shared by the fuzz targets: fixed keys and an in-memory file seam.

#include "core/FileSystem.h"
#include "vault/KeyRing.h"

#include <QHash>
#include <QJsonObject>

#include <cstdint>

namespace tidemark::fuzz {

// One key ring per process: an encrypted vault's keys (random master key, so the targets
// exercise the real AES-GCM path; inputs are sealed by the harness, not forged).
inline const KeyRing& keys() {
    static std::shared_ptr<KeyRing> ring = [] {
        QJsonObject section;
        QByteArray passphrase("fuzzing passphrase");
        return *KeyRing::create(&passphrase, &section);
    }();
    return *ring;
}

inline QByteArray bytes(const uint8_t* data, size_t size) {
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

// Files kept in memory: the vault code reads them through the same seam as on disk.
class MemoryFileSystem : public FileSystem {
public:
    QHash<QString, QByteArray> files;

    Result<std::unique_ptr<WritableFile>> createFile(const QString&) override {
        return Status::unsupported(QStringLiteral("read-only in the fuzzer"));
    }
    Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& path) override {
        auto it = files.constFind(path);
        if (it == files.constEnd())
            return Status::notFound(path);
        return std::unique_ptr<RandomAccessFile>(new Reader(it.value()));
    }
    Status rename(const QString&, const QString&) override { return unsupported(); }
    Status renameNoReplace(const QString&, const QString&) override { return unsupported(); }
    Status syncDir(const QString&) override { return Status::ok(); }
    Status remove(const QString& path) override {
        files.remove(path);
        return Status::ok();
    }
    Status makeDirs(const QString&) override { return Status::ok(); }
    bool exists(const QString& path) override { return files.contains(path); }
    QStringList list(const QString&) override { return {}; }

private:
    static Status unsupported() { return Status::unsupported(QStringLiteral("read-only")); }
    class Reader : public RandomAccessFile {
    public:
        explicit Reader(QByteArray data) : data_(std::move(data)) {}
        qint64 size() const override { return data_.size(); }
        Result<QByteArray> read(qint64 offset, qint64 length) const override {
            if (offset < 0 || length < 0 || offset > data_.size() || length > data_.size() - offset)
                return Status::ioError(QStringLiteral("read past the end"));
            return data_.mid(offset, length);
        }

    private:
        QByteArray data_;
    };
};

} // namespace tidemark::fuzz
