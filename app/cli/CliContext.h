#pragma once

#include "catalog/Catalog.h"
#include "core/Clock.h"
#include "core/Status.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QTextStream>

#include <memory>

namespace tidemark {

struct CliCommand;
class Workspace;

// What every command shares: the global options, the output (text or --json), the exit
// codes, and the workspace with its one failure path. Handlers print only through it.
class CliContext {
public:
    // Exit status, as docs/cli.md states it.
    enum Exit { Success = 0, Failure = 1, Usage = 2, WithErrors = 3 };

    CliContext();
    ~CliContext();

    QString workspaceDir;
    QString passphraseFile;
    bool json = false;
    std::shared_ptr<const Clock> clock;
    qint64 nowMs = -1; // --now, when given
    QTextStream out{stdout};
    QTextStream err{stderr};

    // The row being run, for usage messages; null before a command is known.
    const CliCommand* command = nullptr;

    // A usage problem: the message, the synopsis of the command (or every synopsis), exit 2.
    int usage(const QString& problem);
    // The engine's refusal in words on stderr, exit 1.
    int fail(const Status& status);
    // Bad input the engine refused (a value out of its range): the message, exit 2.
    int refuse(const Status& status);
    void printJson(const QJsonValue& value);
    // A line of text output; nothing with --json.
    void say(const QString& text);
    // The outcome of a command that has no listing of its own: with --json
    // {"ok":true, ...fields}, else the sentence.
    int done(const QJsonObject& fields, const QString& text);
    // Tells on stderr what a failed side step means, for steps the command goes on without.
    void note(const Status& status, const QString& consequence);

    Result<std::unique_ptr<Workspace>> openWorkspace();
    // Opens the workspace for a command that needs one; false (with the failure printed) when
    // it cannot be opened.
    bool enterWorkspace();
    Workspace& ws() { return *workspace_; }
    // A registered database by name; with `orDropped`, a dropped one too.
    Result<DatabaseInfo> findDatabase(const QString& name, bool orDropped = false);

private:
    std::unique_ptr<Workspace> workspace_;
};

} // namespace tidemark
