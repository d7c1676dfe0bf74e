// `key rotate` and `key list`: the vault's data keys.
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

int printKeys(CliContext& cli, bool listInText) {
    const KeyRing& keys = cli.ws().vault().keys();
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("encrypted")] = keys.encrypted();
        o[QStringLiteral("current")] = double(keys.currentDataKey());
        QJsonArray ids;
        for (quint32 id : keys.dataKeyIds())
            ids.append(double(id));
        o[QStringLiteral("keys")] = ids;
        cli.printJson(o);
    } else if (listInText) {
        QStringList ids;
        for (quint32 id : keys.dataKeyIds())
            ids << QString::number(id);
        cli.say(keys.encrypted()
                    ? QStringLiteral("Data keys: %1; new objects are sealed with key %2.")
                          .arg(ids.join(QStringLiteral(", ")))
                          .arg(keys.currentDataKey())
                    : QStringLiteral("The vault is not encrypted: it has no data keys."));
    }
    return CliContext::Success;
}

int cmdKeyRotate(CliContext& cli, CliArguments&) {
    auto id = cli.ws().rotateDataKey();
    if (!id)
        return cli.fail(id.status());
    cli.say(QStringLiteral("Data key %1 is now used for new backups; older backups keep opening "
                           "with the key that sealed them.")
                .arg(*id));
    return printKeys(cli, false);
}

int cmdKeyList(CliContext& cli, CliArguments&) {
    return printKeys(cli, true);
}

} // namespace

QList<CliCommand> keyCommands() {
    return {
        {{QStringLiteral("key"), QStringLiteral("rotate")},
         {},
         {},
         0,
         0,
         true,
         QStringLiteral("start a new data key for everything sealed from now on"),
         cmdKeyRotate},
        {{QStringLiteral("key"), QStringLiteral("list")},
         {},
         {},
         0,
         0,
         true,
         QStringLiteral("the data key ids and the one in use"),
         cmdKeyList},
    };
}

} // namespace tidemark
