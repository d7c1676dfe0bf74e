#pragma once

#include "CliArguments.h"
#include "billing/Billing.h"
#include "catalog/Catalog.h"
#include "core/Clock.h"
#include "core/Status.h"
#include "vault/Redundancy.h"
#include "workspace/Health.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QTextStream>

#include <memory>
#include <optional>

namespace tidemark {

class Catalog;
class Workspace;
struct VerifyReport;

// tidemark-cli: parses the command line, runs the engine, prints text or JSON.
// Exit status: 0 success, 1 failure, 2 usage error, 3 completed with errors.
class CliApplication {
public:
    enum Exit { Success = 0, Failure = 1, Usage = 2, WithErrors = 3 };

    int run(const QStringList& arguments);

private:
    int dispatch(CliArguments& args);
    int usage(const QString& problem);
    int fail(const Status& status);
    void printJson(const QJsonValue& value);
    void say(const QString& text);
    // Tells on stderr what a failed side step means, for steps the command goes on without.
    void note(const Status& status, const QString& consequence);
    Result<std::unique_ptr<Workspace>> openWorkspace();

    int cmdInit(CliArguments& args);
    int cmdDb(CliArguments& args);
    int cmdBackup(CliArguments& args);
    int cmdBackups(CliArguments& args);
    int cmdRestoreWindow(CliArguments& args);
    int cmdRestore(CliArguments& args);
    int cmdVerify(CliArguments& args);
    int cmdCatalog(CliArguments& args);
    int cmdJobs(CliArguments& args);
    int cmdDemo(CliArguments& args);
    int cmdGc(CliArguments& args);
    int cmdPolicy(CliArguments& args);
    int cmdAgent(CliArguments& args);
    int cmdLtr(CliArguments& args);
    int cmdLtrBackups(CliArguments& args);
    int cmdHold(CliArguments& args);
    int cmdRedundancy(CliArguments& args);
    int cmdStatus(CliArguments& args);
    int cmdReplicate(CliArguments& args);
    int printStatus(Workspace& ws);
    int cmdConsumption(CliArguments& args);
    int cmdBill(CliArguments& args);
    int cmdRates(CliArguments& args);
    int cmdSimulate(CliArguments& args);
    int deepVerify(CliArguments& args);
    int cmdPassphrase(CliArguments& args);
    // Continuous capture (CaptureCommands.cpp).
    int printCommits(Workspace& ws, const DatabaseInfo& db);
    int printRestoreWindow(Workspace& ws, const DatabaseInfo& db);
    QJsonArray captureStatusJson(Workspace& ws, QStringList* lines);
    int cmdCredential(CliArguments& args);
    int cmdStretch(CliArguments& args);
    int stretchReconcile(Workspace& ws, const QString& database, bool wait);
    int printStretchStatus(Workspace& ws, const QString& database);
    int cmdKey(CliArguments& args);
    int cmdSystem(CliArguments& args);
    int cmdAlerts(CliArguments& args);
    int cmdPurge(CliArguments& args);
    QJsonArray reportAlerts(Catalog& catalog, bool includeCleared);
    // The engine's health verdicts (HealthCommands.cpp).
    static QJsonObject healthJson(const DatabaseHealth& health);
    QList<DatabaseHealth> currentHealth(Workspace& ws);
    QJsonArray healthReport(Workspace& ws, QStringList* lines);
    QJsonArray damageJson(const VerifyReport& report);
    // What verification rewrote from intact copies; in text, a count and one line per object.
    QJsonArray healedJson(const VerifyReport& report);
    void printBills(const QList<MonthlyBill>& bills, const QString& currency, bool samplePrices);
    static bool redundancyFrom(const CliArguments& args, RedundancyConfig* out);

    QString workspaceDir_;
    QString passphraseFile_;
    bool json_ = false;
    std::shared_ptr<const Clock> clock_;
    qint64 nowMs_ = -1; // --now, when given
    QTextStream out_{stdout};
    QTextStream err_{stderr};
};

} // namespace tidemark
