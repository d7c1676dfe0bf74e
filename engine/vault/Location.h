#pragma once

#include "core/FileSystem.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace tidemark {

// What a location knows about one stored object.
struct ObjectInfo {
    QString name; // relative to the location, '/'-separated: "packs/ab/ab12.pack"
    qint64 size = 0;
    qint64 modifiedMs = 0; // the store's own clock: gc's grace periods are measured on it
    QString version;       // changes whenever the object is replaced (for replace-if-unchanged)
};

struct AbandonedCleanup {
    QList<ObjectInfo> removed;
    QStringList problems;
};

// An object being written in pieces (a pack of many segments). Nothing is visible under the
// final name until publish() returns ok; a writer dropped without publishing leaves at most
// a partial upload that cleanAbandoned() removes.
class ObjectWriter {
public:
    virtual ~ObjectWriter() = default;
    virtual Status append(const char* data, size_t size) = 0;
    Status append(const QByteArray& data) { return append(data.constData(), size_t(data.size())); }
    virtual qint64 size() const = 0;
    // A hint that the bytes so far will not change, so the store can start making them durable.
    virtual void startWriteback() {}
    // Makes the object durable under its final name; fails with AlreadyExists if the name is
    // taken. After a failure the writer is spent.
    virtual Status publish() = 0;
    // Drops what was written. Safe to call more than once.
    virtual void abandon() = 0;
};

// One agent's hold on a location, so that two agents never write one vault at once. Kept for
// as long as the object lives (a lease is renewed in the background) and given up when it is
// destroyed; a holder that dies loses it by itself after a short while.
class LocationLock {
public:
    virtual ~LocationLock() = default;
    // Ok while the hold stands; otherwise why it was lost (the holder must stop writing).
    virtual Status held() const = 0;
};

// Where a vault's objects live: a local folder today, an object-store container next. Every
// vault object goes through these verbs, which an object store also has; nothing else in the
// engine touches a location's files. Names are relative and '/'-separated. Thread-safe.
class Location {
public:
    virtual ~Location() = default;

    // How a user recognises it: an absolute folder path, or a URL. Also the base of address().
    virtual QString url() const = 0;
    // "folder" (or "memory" in tests); object stores name their own kind.
    virtual QString kind() const = 0;
    // Whether every request is billed (an object store): capture then gathers commits for a
    // sync interval before writing them, instead of writing each batch at once.
    virtual bool billsPerRequest() const { return false; }

    // Stores `data` under `name` if no object has that name (AlreadyExists otherwise).
    // Durable when it returns ok.
    virtual Status publish(const QString& name, const QByteArray& data) = 0;
    virtual Result<std::unique_ptr<ObjectWriter>> startObject(const QString& name) = 0;
    // Replaces `name` with `data` whatever it holds (healing a damaged copy, a record that
    // changes). Durable when it returns ok.
    virtual Status put(const QString& name, const QByteArray& data) = 0;
    // Replaces `name` only if its version is still `expectedVersion` (the vault configuration:
    // two writers must not silently overwrite each other). Returns the new version; Busy when
    // someone else replaced it first (read it again and retry).
    virtual Result<QString> replaceIfUnchanged(const QString& name, const QByteArray& data,
                                               const QString& expectedVersion) = 0;

    virtual Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& name) = 0;
    Result<QByteArray> read(const QString& name);
    // NotFound when there is no such object.
    virtual Result<ObjectInfo> stat(const QString& name) = 0;
    bool exists(const QString& name);
    // Every object whose name starts with `prefix` (a whole tree with "packs/"), in name order.
    // Partial uploads are not objects and are never listed.
    virtual Result<QList<ObjectInfo>> list(const QString& prefix) = 0;
    // The same names without their details, where details cost a lookup each (a folder).
    virtual Result<QStringList> listNames(const QString& prefix);
    // Protects an object against being overwritten by mistake (immutable long-term copies).
    // Removal stays possible: the engine decides when a copy may go.
    virtual Status makeWriteOnce(const QString& name) = 0;
    // Whether the store itself enforces makeWriteOnce (a folder's read-only files), or only the
    // engine's own discipline of never overwriting does (a blob container).
    virtual bool storeEnforcesWriteOnce() const { return true; }
    // Removes objects; a name already gone is fine. Durable when it returns ok.
    virtual Status remove(const QStringList& names) = 0;
    Status remove(const QString& name) { return remove(QStringList{name}); }
    // Removes partial uploads (interrupted writes) last modified before `cutoffMs`.
    virtual AbandonedCleanup cleanAbandoned(qint64 cutoffMs) = 0;

    // Takes the location's agent lock for `holder` (who: host, pid, since when); Busy naming
    // the current holder when another has it. `lost` is called (on another thread) if the hold
    // is lost later. A location that agents on other hosts cannot reach on their own (a
    // folder: the workspace's agent.lock already serialises its agents) holds nothing and
    // returns no lock.
    virtual Result<std::unique_ptr<LocationLock>>
    acquireLock(const QString& holder, std::function<void(const Status&)> lost = {}) {
        Q_UNUSED(holder);
        Q_UNUSED(lost);
        return std::unique_ptr<LocationLock>();
    }

    // The full address of an object, for messages: url()/name.
    QString address(const QString& name) const { return url() + QLatin1Char('/') + name; }
};

// A folder on this machine, through `fs` (the POSIX file system, or one that injects faults
// in tests; a mirrored one for zones and copies). Durability as the crash tests expect:
// temporary file, fsync, rename, fsync of the folder; removals sync their folders.
std::shared_ptr<Location> openFolderLocation(FileSystem& fs, const QString& root);

} // namespace tidemark
