// `key rotate` and `key list`: the vault's data keys.
#include "CliApplication.h"

#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {

int CliApplication::cmdKey(CliArguments& args) {
    const QStringList forms{QStringLiteral("rotate"), QStringLiteral("list")};
    if (args.words.size() != 1 || !forms.contains(args.words[0]) ||
        !args.unknownOption({}).isEmpty())
        return usage(QStringLiteral("key rotate | key list"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    if (args.words[0] == QStringLiteral("rotate")) {
        auto id = (*ws)->rotateDataKey();
        if (!id)
            return fail(id.status());
        say(QStringLiteral("Data key %1 is now used for new backups; older backups keep opening "
                           "with the key that sealed them.")
                .arg(*id));
    }
    const KeyRing& keys = (*ws)->vault().keys();
    if (json_) {
        QJsonObject o;
        o[QStringLiteral("encrypted")] = keys.encrypted();
        o[QStringLiteral("current")] = double(keys.currentDataKey());
        QJsonArray ids;
        for (quint32 id : keys.dataKeyIds())
            ids.append(double(id));
        o[QStringLiteral("keys")] = ids;
        printJson(o);
    } else if (args.words[0] == QStringLiteral("list")) {
        QStringList ids;
        for (quint32 id : keys.dataKeyIds())
            ids << QString::number(id);
        say(keys.encrypted() ? QStringLiteral("Data keys: %1; new objects are sealed with key %2.")
                                   .arg(ids.join(QStringLiteral(", ")))
                                   .arg(keys.currentDataKey())
                             : QStringLiteral("The vault is not encrypted: it has no data keys."));
    }
    return Success;
}

} // namespace tidemark
