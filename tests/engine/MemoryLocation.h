#pragma once

#include "vault/Location.h"

#include <QMap>
#include <QMutex>

namespace tidemark::testing {

// A location that keeps its objects in memory, with the verbs' contracts of an object store:
// publish refuses a taken name, replace-if-unchanged compares versions, partial writes stay
// invisible until published. Lets a test run the whole engine without a vault folder.
class MemoryLocation final : public Location {
public:
    explicit MemoryLocation(QString url) : url_(std::move(url)) {}

    QString url() const override { return url_; }
    QString kind() const override { return QStringLiteral("memory"); }

    Status publish(const QString& name, const QByteArray& data) override;
    Result<std::unique_ptr<ObjectWriter>> startObject(const QString& name) override;
    Status put(const QString& name, const QByteArray& data) override;
    Result<QString> replaceIfUnchanged(const QString& name, const QByteArray& data,
                                       const QString& expectedVersion) override;
    Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& name) override;
    Result<ObjectInfo> stat(const QString& name) override;
    Result<QList<ObjectInfo>> list(const QString& prefix) override;
    Status makeWriteOnce(const QString& name) override;
    Status remove(const QStringList& names) override;
    AbandonedCleanup cleanAbandoned(qint64 cutoffMs) override;

    // Every object's name and bytes, for comparisons.
    QMap<QString, QByteArray> snapshot() const;
    int pendingWrites() const;

private:
    struct Object {
        QByteArray data;
        qint64 modifiedMs = 0;
        quint64 version = 0;
        bool writeOnce = false;
    };
    friend class MemoryWriter;
    ObjectInfo infoOf(const QString& name, const Object& o) const;
    Status store(const QString& name, const QByteArray& data, bool mayReplace);

    QString url_;
    mutable QMutex mutex_;
    QMap<QString, Object> objects_;
    quint64 nextVersion_ = 1;
    int pending_ = 0;
};

} // namespace tidemark::testing
