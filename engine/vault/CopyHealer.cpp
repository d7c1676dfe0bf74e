#include "vault/CopyHealer.h"

namespace tidemark {
namespace {

QString problemOf(const Vault& location, const VaultObject& object, const Status& status) {
    return location.location().exists(object.name) ? status.message()
                                                   : QStringLiteral("the object is missing");
}

Status rewrite(const Vault& location, const VaultObject& object, const QByteArray& bytes) {
    TM_TRY(location.location().put(object.name, bytes));
    return object.writeOnce ? location.location().makeWriteOnce(object.name) : Status::ok();
}

} // namespace

QString HealedObject::describe() const {
    return QStringLiteral("%1 at %2: %3").arg(object, location, problem);
}

QList<HealedObject> healCopies(const Vault& vault, const VaultCopies& copies,
                               const VaultObject& object) {
    QList<HealedObject> healed;
    QList<const Vault*> checked;
    checked << (copies.own ? copies.own.get() : &vault);
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
    auto bytes = donor->location().read(object.name);
    if (!bytes)
        return healed;
    for (int i = 0; i < checked.size(); ++i) {
        if (verdicts[i])
            continue;
        const QString problem = problemOf(*checked[i], object, verdicts[i]);
        if (rewrite(*checked[i], object, *bytes))
            healed.append(HealedObject{object.kind, object.object, checked[i]->root(), problem});
    }
    return healed;
}

} // namespace tidemark
