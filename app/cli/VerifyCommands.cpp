// `verify`: quick verify of every object (healing from intact copies), and the deep verify
// that is a restore drill.
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "Interrupt.h"
#include "core/ErrorMessages.h"
#include "restore/Verifier.h"
#include "workspace/JobDefinitions.h"
#include "workspace/JobRunner.h"
#include "workspace/RestoreDrill.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark {
namespace {

// Damage no copy could heal, and what it cost; in text, one paragraph per database.
QJsonArray damageJson(CliContext& cli, const VerifyReport& report) {
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
        cli.say(text);
    }
    return list;
}

// What verification rewrote from intact copies; in text, a count and one line per object.
QJsonArray healedJson(CliContext& cli, const VerifyReport& report) {
    QJsonArray list;
    for (const HealedObject& h : report.healed)
        list.append(QJsonObject{{QStringLiteral("kind"), h.kind},
                                {QStringLiteral("object"), h.object},
                                {QStringLiteral("location"), h.location},
                                {QStringLiteral("problem"), h.problem}});
    if (!report.healed.isEmpty()) {
        cli.say(QStringLiteral("%1 damaged %2 healed from intact copies:")
                    .arg(report.healed.size())
                    .arg(report.healed.size() == 1 ? QStringLiteral("object")
                                                   : QStringLiteral("objects")));
        for (const HealedObject& h : report.healed)
            cli.say(QStringLiteral("  healed %1 (%2)").arg(h.describe(), h.kind));
    }
    return list;
}

int deepVerify(CliContext& cli, CliArguments& args) {
    const qint64 point =
        args.has(QStringLiteral("to")) ? parseTime(args.value(QStringLiteral("to"))) : -1;
    auto drilled = std::make_shared<DrillResult>();
    const DrillResult& result = *drilled;
    JobContext context;
    Status s = JobRunner::runNow(cli.ws().catalog(), *cli.clock,
                                 drillJob(cli.ws(), args.words[0], point, drilled), context);
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("database")] = args.words[0];
        o[QStringLiteral("ok")] = s.isOk();
        o[QStringLiteral("point")] =
            result.pointMs > 0 ? QJsonValue(formatTime(result.pointMs)) : QJsonValue();
        o[QStringLiteral("restored_to")] =
            result.restoredToMs > 0 ? QJsonValue(formatTime(result.restoredToMs)) : QJsonValue();
        o[QStringLiteral("duration_seconds")] = double(result.durationMs) / 1000.0;
        o[QStringLiteral("foreign_key_violations")] = result.foreignKeyViolations;
        o[QStringLiteral("message")] = s.isOk() ? result.message : userMessage(s);
        cli.printJson(o);
    } else if (s) {
        cli.say(QStringLiteral("Restore drill passed in %1 s: %2")
                    .arg(double(result.durationMs) / 1000.0, 0, 'f', 2)
                    .arg(result.message));
    }
    // A point outside the restore window is bad input (exit 2), not a failed drill.
    if (s.code() == Status::Code::OutOfRange)
        return cli.refuse(s);
    if (!s)
        return cli.fail(s);
    return CliContext::Success;
}

// A drill restores one database; --to only says where.
QString checkVerify(const CliArguments& args) {
    if (args.has(QStringLiteral("deep")) && args.words.size() != 1)
        return QStringLiteral("verify --deep needs the NAME of one database");
    if (args.has(QStringLiteral("to")) && !args.has(QStringLiteral("deep")))
        return QStringLiteral("--to goes with --deep");
    return {};
}

int cmdVerify(CliContext& cli, CliArguments& args) {
    if (args.has(QStringLiteral("deep")))
        return deepVerify(cli, args);
    if (!args.words.isEmpty()) {
        auto db = cli.findDatabase(args.words[0]);
        if (!db)
            return cli.fail(db.status());
    }
    Workspace* workspace = &cli.ws();
    JobRunner runner(*workspace, 1);
    auto verified = std::make_shared<VerifyReport>();
    const VerifyReport& report = *verified;
    auto job = runner.submit(verifyJob(*workspace, args.words.value(0), verified));
    waitInterruptible(runner, job);
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("ok")] = report.ok();
        o[QStringLiteral("encrypted")] = cli.ws().vault().encrypted();
        o[QStringLiteral("packs")] = report.packs;
        o[QStringLiteral("segments")] = double(report.segments);
        o[QStringLiteral("blobs")] = double(report.blobs);
        o[QStringLiteral("manifests")] = report.manifests;
        o[QStringLiteral("problems")] = QJsonArray::fromStringList(report.problems);
        o[QStringLiteral("affected_backups")] = QJsonArray::fromStringList(report.affectedBackups);
        o[QStringLiteral("healed")] = healedJson(cli, report);
        o[QStringLiteral("intact_again")] = QJsonArray::fromStringList(report.intactAgain);
        QJsonArray cleared;
        for (qint64 id : report.clearedAlerts)
            cleared.append(double(id));
        o[QStringLiteral("cleared_alerts")] = cleared;
        o[QStringLiteral("damage")] = damageJson(cli, report);
        cli.printJson(o);
    } else {
        cli.say(QStringLiteral("Checked %1 packs (%2 segments, %3 blobs) and %4 manifests%5.")
                    .arg(report.packs)
                    .arg(report.segments)
                    .arg(report.blobs)
                    .arg(report.manifests)
                    .arg(cli.ws().vault().encrypted() ? QString()
                                                      : QStringLiteral(" (vault NOT ENCRYPTED)")));
        healedJson(cli, report);
        if (!report.intactAgain.isEmpty())
            cli.say(QStringLiteral("Found intact again, restore points again: backups %1%2.")
                        .arg(report.intactAgain.join(QStringLiteral(", ")),
                             report.clearedAlerts.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" (damage alert cleared)")));
        damageJson(cli, report);
        if (report.ok())
            cli.say(
                report.healed.isEmpty()
                    ? QStringLiteral("OK: every object authenticated and every checksum matched.")
                    : QStringLiteral("OK after healing: every object now authenticates and every "
                                     "checksum matches."));
    }
    for (const QString& p : report.problems)
        cli.err << "tidemark-cli: problem: " << p << "\n";
    // Damage no copy could heal: the backups are marked unusable and an alert is raised.
    return report.ok() ? CliContext::Success : CliContext::WithErrors;
}

} // namespace

QList<CliCommand> verifyCommands() {
    return {{{QStringLiteral("verify")},
             QStringLiteral("[NAME] [--deep [--to TIME]]"),
             {flag(QStringLiteral("deep")), timeOption(QStringLiteral("to"))},
             0,
             1,
             true,
             QStringLiteral("quick verify of every object (healing copies), or a restore drill"),
             cmdVerify,
             checkVerify}};
}

} // namespace tidemark
