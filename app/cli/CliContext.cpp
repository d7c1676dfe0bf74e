#include "CliContext.h"

#include "CliCommand.h"
#include "HelpText.h"
#include "Passphrase.h"
#include "core/ErrorMessages.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tidemark {

CliContext::CliContext() = default;
CliContext::~CliContext() = default;

int CliContext::usage(const QString& problem) {
    err << "tidemark-cli: " << problem << "\n" << (command ? commandUsage(*command) : usageText());
    err.flush();
    return Usage;
}

int CliContext::fail(const Status& status) {
    err << "tidemark-cli: " << userMessage(status) << "\n";
    err.flush();
    return Failure;
}

int CliContext::refuse(const Status& status) {
    fail(status);
    return Usage;
}

void CliContext::printJson(const QJsonValue& value) {
    QJsonDocument doc =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    out << doc.toJson(QJsonDocument::Indented);
}

void CliContext::say(const QString& text) {
    if (!json)
        out << text << (text.endsWith(QLatin1Char('\n')) ? "" : "\n");
}

int CliContext::done(const QJsonObject& fields, const QString& text) {
    if (json) {
        QJsonObject o = fields;
        o[QStringLiteral("ok")] = true;
        printJson(o);
    } else {
        say(text);
    }
    return Success;
}

void CliContext::note(const Status& status, const QString& consequence) {
    if (!status)
        err << "note: " << consequence << ": " << userMessage(status) << "\n";
}

Result<std::unique_ptr<Workspace>> CliContext::openWorkspace() {
    auto pass = readPassphrase(passphraseFile, false);
    if (!pass)
        return pass.status();
    return Workspace::open(workspaceDir, pass->has_value() ? &pass->value() : nullptr, clock);
}

bool CliContext::enterWorkspace() {
    auto opened = openWorkspace();
    if (!opened) {
        fail(opened.status());
        return false;
    }
    workspace_ = std::move(*opened);
    return true;
}

Result<DatabaseInfo> CliContext::findDatabase(const QString& name, bool orDropped) {
    auto db = workspace_->catalog().findDatabase(name);
    if (!db && orDropped)
        return workspace_->catalog().findDroppedDatabase(name);
    return db;
}

} // namespace tidemark
