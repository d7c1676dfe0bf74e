// `agent`: every database's schedule and continuous capture, until stopped.
#include "CliArguments.h"
#include "CliCommand.h"
#include "CliContext.h"
#include "Interrupt.h"
#include "workspace/Agent.h"
#include "workspace/AgentLock.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSysInfo>

#include <mutex>
#include <optional>

namespace tidemark {
namespace {

int cmdAgent(CliContext& cli, CliArguments& args) {
    const qint64 until =
        args.has(QStringLiteral("until")) ? parseTime(args.value(QStringLiteral("until"))) : -1;
    // With --now the agent replays: its clock jumps from slot to slot.
    std::shared_ptr<ManualClock> replay;
    if (cli.nowMs >= 0) {
        replay = std::make_shared<ManualClock>(cli.nowMs);
        cli.clock = replay;
    }
    // Opened here, not by the table, so that the workspace runs on the replay clock.
    if (!cli.enterWorkspace())
        return CliContext::Failure;
    // Set from the lease's renewal thread; read once the agent has stopped.
    auto lockLost = std::make_shared<std::optional<Status>>();
    auto lostMutex = std::make_shared<std::mutex>();
    auto lock =
        AgentLock::acquire(cli.ws(),
                           QStringLiteral("pid %1 on %2 since %3")
                               .arg(QCoreApplication::applicationPid())
                               .arg(QSysInfo::machineHostName(), formatTime(cli.clock->nowMs())),
                           [lockLost, lostMutex](const Status& why) {
                               std::lock_guard guard(*lostMutex);
                               *lockLost = why;
                               interrupted().store(true);
                           });
    if (!lock)
        return cli.fail(lock.status());
    AgentOptions options;
    options.replayClock = replay.get();
    options.untilMs = until;
    options.stop = &interrupted();
    options.capture = !replay;
    // Test-only: without pinned readers a reset of the log can hide commits, and the tests
    // prove that capture then records a break instead of missing them silently.
    options.captureOptions.pinning =
        qEnvironmentVariableIntValue("TIDEMARK_TEST_UNPINNED_CAPTURE") == 0;
    options.log = [&cli](const QString& line) {
        if (!cli.json) {
            cli.out << line << "\n";
            cli.out.flush();
        }
    };
    Agent agent(cli.ws(), options);
    auto report = agent.run();
    if (!report)
        return cli.fail(report.status());
    if (std::lock_guard guard(*lostMutex); lockLost->has_value())
        return cli.fail(**lockLost);
    if (cli.json) {
        QJsonObject o;
        o[QStringLiteral("passes")] = report->passes;
        o[QStringLiteral("backups")] = report->backups;
        o[QStringLiteral("failures")] = report->failures;
        o[QStringLiteral("purged")] = report->purged;
        o[QStringLiteral("stopped_at")] = formatTime(cli.clock->nowMs());
        cli.printJson(o);
    } else {
        cli.say(
            QStringLiteral("Agent stopped at %1: %2 backups, %3 failed, %4 removed by retention.")
                .arg(formatTime(cli.clock->nowMs()))
                .arg(report->backups)
                .arg(report->failures)
                .arg(report->purged));
    }
    return report->failures == 0 ? CliContext::Success : CliContext::WithErrors;
}

} // namespace

QList<CliCommand> agentCommands() {
    return {{{QStringLiteral("agent")},
             QStringLiteral("[--until TIME]"),
             {timeOption(QStringLiteral("until"))},
             0,
             0,
             false,
             QStringLiteral("run the schedule and continuous capture until stopped or TIME"),
             cmdAgent}};
}

} // namespace tidemark
