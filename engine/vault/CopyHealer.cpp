#include "vault/CopyHealer.h"

#include <QFile>
#include <QFileInfo>

namespace tidemark {
namespace {

QString problemOf(const Vault& location, const VaultObject& object, const Status& status) {
    return QFileInfo::exists(object.path(location)) ? status.message()
                                                    : QStringLiteral("the file is missing");
}

Status rewrite(const QString& path, const QByteArray& bytes, QFileDevice::Permissions mode) {
    TM_TRY(FileSystem::posix().makeDirs(QFileInfo(path).absolutePath()));
    TM_TRY(writeFileDurably(FileSystem::posix(), path, bytes));
    // Immutable LTR copies are write-once files: the healed copy keeps the donor's mode.
    if (!(mode & QFileDevice::WriteOwner))
        QFile::setPermissions(path, mode);
    return Status::ok();
}

} // namespace

QString HealedObject::describe() const {
    return QStringLiteral("%1 at %2: %3").arg(object, location, problem);
}

QList<HealedObject> healCopies(const Vault& vault, const VaultCopies& copies,
                               const VaultObject& object) {
    QList<HealedObject> healed;
    // The primary's own files: reads through the vault's mirror would fall back to a copy.
    auto own = Vault::attach(FileSystem::posix(), vault.root(), vault);
    QList<const Vault*> checked;
    if (own)
        checked << own->get();
    for (const auto& c : copies.synchronous)
        checked << c.get();
    QList<Status> verdicts;
    const Vault* donor = nullptr;
    for (const Vault* location : checked) {
        verdicts << object.check(*location);
        if (verdicts.last() && !donor)
            donor = location;
    }
    for (const auto& c : copies.sources) {
        if (donor)
            break;
        if (object.check(*c))
            donor = c.get();
    }
    if (!donor)
        return healed;
    const QString donorPath = object.path(*donor);
    auto bytes = FileSystem::posix().readFile(donorPath);
    if (!bytes)
        return healed;
    const QFileDevice::Permissions mode = QFile::permissions(donorPath);
    for (int i = 0; i < checked.size(); ++i) {
        if (verdicts[i])
            continue;
        const QString path = object.path(*checked[i]);
        const QString problem = problemOf(*checked[i], object, verdicts[i]);
        if (rewrite(path, *bytes, mode))
            healed.append(HealedObject{object.kind, object.object, checked[i]->root(), problem});
    }
    return healed;
}

} // namespace tidemark
