// `alerts`: damage verification could not heal, and what it cost; what verify healed.
#include "CliApplication.h"

#include "catalog/Alerts.h"
#include "restore/Verifier.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {

QJsonArray CliApplication::reportAlerts(Catalog& catalog, bool includeCleared) {
    QJsonArray list;
    for (const Alert& a : listAlerts(catalog, includeCleared)) {
        QJsonObject o;
        o[QStringLiteral("id")] = double(a.id);
        o[QStringLiteral("at")] = formatTime(a.atMs);
        o[QStringLiteral("kind")] = a.kind;
        o[QStringLiteral("database")] = a.databaseName;
        o[QStringLiteral("message")] = a.message;
        o[QStringLiteral("backups")] = QJsonArray::fromStringList(a.backups);
        o[QStringLiteral("earliest")] =
            a.earliestMs < 0 ? QJsonValue() : QJsonValue(formatTime(a.earliestMs));
        o[QStringLiteral("latest")] =
            a.latestMs < 0 ? QJsonValue() : QJsonValue(formatTime(a.latestMs));
        o[QStringLiteral("cleared")] =
            a.clearedMs < 0 ? QJsonValue() : QJsonValue(formatTime(a.clearedMs));
        list.append(o);
        say(QStringLiteral("ALERT %1 (%2%3): %4")
                .arg(a.id)
                .arg(formatTime(a.atMs),
                     a.open() ? QString()
                              : QStringLiteral(", cleared %1").arg(formatTime(a.clearedMs)),
                     a.message));
    }
    return list;
}

QJsonArray CliApplication::damageJson(const VerifyReport& report) {
    QJsonArray list;
    for (const DatabaseDamage& d : report.damage) {
        QJsonObject o;
        o[QStringLiteral("database")] = d.name;
        o[QStringLiteral("unusable_backups")] = QJsonArray::fromStringList(d.backups);
        o[QStringLiteral("objects")] = QJsonArray::fromStringList(d.objects);
        o[QStringLiteral("earliest")] =
            d.window.empty() ? QJsonValue() : QJsonValue(formatTime(d.window.earliestMs));
        o[QStringLiteral("latest")] =
            d.window.empty() ? QJsonValue() : QJsonValue(formatTime(d.window.latestMs));
        QJsonArray gaps;
        for (const auto& g : d.gaps)
            gaps.append(QJsonObject{{QStringLiteral("from"), formatTime(g.first)},
                                    {QStringLiteral("until"), formatTime(g.second)}});
        o[QStringLiteral("gaps")] = gaps;
        o[QStringLiteral("alert")] = d.alertId ? QJsonValue(double(d.alertId)) : QJsonValue();
        list.append(o);
        QString text = QStringLiteral("DAMAGED beyond repair in %1: ").arg(d.name);
        if (!d.objects.isEmpty())
            text +=
                QStringLiteral("no copy could heal %1; ").arg(d.objects.join(QStringLiteral(", ")));
        if (!d.backups.isEmpty())
            text += QStringLiteral("backups %1 are marked unusable; ")
                        .arg(d.backups.join(QStringLiteral(", ")));
        text += d.window.empty()
                    ? QStringLiteral("nothing can be restored any more.")
                    : QStringLiteral("the restore window is now %1 to %2.")
                          .arg(formatTime(d.window.earliestMs), formatTime(d.window.latestMs));
        for (const auto& g : d.gaps)
            text += QStringLiteral(" No point from %1 until %2 can be restored.")
                        .arg(formatTime(g.first), formatTime(g.second));
        say(text);
    }
    return list;
}

QJsonArray CliApplication::healedJson(const VerifyReport& report) {
    QJsonArray list;
    for (const HealedObject& h : report.healed)
        list.append(QJsonObject{{QStringLiteral("kind"), h.kind},
                                {QStringLiteral("object"), h.object},
                                {QStringLiteral("location"), h.location},
                                {QStringLiteral("problem"), h.problem}});
    if (!report.healed.isEmpty()) {
        say(QStringLiteral("%1 damaged %2 healed from intact copies:")
                .arg(report.healed.size())
                .arg(report.healed.size() == 1 ? QStringLiteral("object")
                                               : QStringLiteral("objects")));
        for (const HealedObject& h : report.healed)
            say(QStringLiteral("  healed %1 (%2)").arg(h.describe(), h.kind));
    }
    return list;
}

int CliApplication::cmdAlerts(CliArguments& args) {
    const bool clear = args.words.value(0) == QStringLiteral("clear");
    bool idOk = false;
    const qint64 id = args.words.value(1).toLongLong(&idOk);
    if ((clear && (args.words.size() != 2 || !idOk)) || (!clear && !args.words.isEmpty()) ||
        !args.unknownOption(clear ? QSet<QString>{} : QSet<QString>{QStringLiteral("all")})
             .isEmpty())
        return usage(QStringLiteral("alerts [--all] | alerts clear ID"));
    auto ws = openWorkspace();
    if (!ws)
        return fail(ws.status());
    if (clear) {
        Status s = clearAlert((*ws)->catalog(), id, clock_->nowMs());
        if (!s)
            return fail(s);
        say(QStringLiteral("Alert %1 cleared.").arg(id));
        return Success;
    }
    currentHealth(**ws); // raises and clears the alerts for conditions health sees
    QJsonArray list = reportAlerts((*ws)->catalog(), args.has(QStringLiteral("all")));
    if (json_)
        printJson(list);
    else if (list.isEmpty())
        say(QStringLiteral("No open alerts."));
    return Success;
}

} // namespace tidemark
