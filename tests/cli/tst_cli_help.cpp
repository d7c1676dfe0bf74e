// The CLI as a table of commands: usage, `help [COMMAND]`, `--version` and the bash completion
// script come from the one table; every row's options are checked (unknown ones, flags given a
// value, values out of range exit 2); every command prints JSON with --json.

#include "CliCommand.h"
#include "CliRunner.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

using namespace tidemark::testsupport;

namespace {

QString optionWord(const tidemark::CliOption& o) {
    return QStringLiteral("--") + o.name;
}

// What bash's completion function offers after `typed` (the last word is the one completed).
QStringList completions(const QString& script, const QStringList& typed, QString* error) {
    const QString bash = QStandardPaths::findExecutable(QStringLiteral("bash"));
    if (bash.isEmpty()) {
        *error = QStringLiteral("no bash");
        return {};
    }
    QStringList quoted;
    for (const QString& w : QStringList{QStringLiteral("tidemark-cli")} + typed)
        quoted << QLatin1Char('\'') + w + QLatin1Char('\'');
    const QString program =
        script + QStringLiteral("\nCOMP_WORDS=(%1)\nCOMP_CWORD=%2\n_tidemark_cli\n"
                                "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
                     .arg(quoted.join(QLatin1Char(' ')))
                     .arg(typed.size());
    QProcess process;
    process.start(bash, {QStringLiteral("--norc"), QStringLiteral("-c"), program});
    if (!process.waitForFinished(30'000) || process.exitCode() != 0) {
        *error = QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    return QString::fromUtf8(process.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

} // namespace

class TestCliHelp : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void tableIsConsistent();
    void helpListsEveryCommand();
    void helpForOneCommand();
    void version();
    void unknownOptionsExitTwo();
    void rangeErrorsExitTwo();
    void jsonOnCommandsWithoutListings();
    void completionListsEveryCommand();

private:
    // init and one registered database "shop" with a full backup.
    static bool setUp(const TestWorkspace& ws);
};

void TestCliHelp::initTestCase() {
    QVERIFY2(QFileInfo(cliProgram()).isExecutable(),
             qPrintable(QStringLiteral("no CLI at %1").arg(cliProgram())));
}

bool TestCliHelp::setUp(const TestWorkspace& ws) {
    const QString file = ws.dataPath(QStringLiteral("shop.db"));
    return ws.isValid() && makeDatabase(file, JournalMode::Wal, 4096, 200) &&
           exitedWith(ws.run({QStringLiteral("init")}), 0) &&
           exitedWith(ws.run({"db", "add", "shop", "--file", file}), 0) &&
           exitedWith(ws.run({"backup", "shop", "--type", "full"}), 0);
}

void TestCliHelp::tableIsConsistent() {
    // The parser splits words from option values before it knows the row, so an option name
    // must take a value in every row or in none.
    QHash<QString, bool> takesValue;
    QSet<QString> names;
    for (const tidemark::CliCommand& c : tidemark::commandTable()) {
        QVERIFY2(!names.contains(c.fullName()), qPrintable(c.fullName()));
        names << c.fullName();
        QVERIFY2(c.run && !c.help.isEmpty(), qPrintable(c.fullName()));
        for (const tidemark::CliOption& o : c.options) {
            QVERIFY2(!takesValue.contains(o.name) || takesValue.value(o.name) == o.takesValue(),
                     qPrintable(c.fullName() + QStringLiteral(" --") + o.name));
            takesValue.insert(o.name, o.takesValue());
            // The synopsis a person reads names every option the row takes.
            QVERIFY2(c.synopsis().contains(optionWord(o)),
                     qPrintable(c.synopsis() + QStringLiteral(" lacks ") + optionWord(o)));
        }
    }
}

void TestCliHelp::helpListsEveryCommand() {
    const CliResult help = runCli({QStringLiteral("help")});
    TIDEMARK_VERIFY_EXIT(help, 0);
    const QString text = QString::fromUtf8(help.standardOutput);
    for (const tidemark::CliCommand& c : tidemark::commandTable()) {
        QVERIFY2(text.contains(c.synopsis()), qPrintable(c.synopsis()));
        QVERIFY2(text.contains(c.help), qPrintable(c.help));
    }
    // --help is the same text.
    const CliResult dashes = runCli({QStringLiteral("--help")});
    TIDEMARK_VERIFY_EXIT(dashes, 0);
    QCOMPARE(dashes.standardOutput, help.standardOutput);
    // A usage error reminds of the command's synopsis.
    const CliResult misuse = runCli({QStringLiteral("db"), QStringLiteral("show")});
    TIDEMARK_VERIFY_EXIT(misuse, 2);
    QVERIFY2(misuse.standardError.contains("db show NAME"), qPrintable(misuse.describe()));
}

void TestCliHelp::helpForOneCommand() {
    const CliResult add = runCli({"help", "db", "add"});
    TIDEMARK_VERIFY_EXIT(add, 0);
    for (const char* expected : {"db add NAME --file PATH", "--max-size BYTES", "required"})
        QVERIFY2(add.text().contains(QLatin1String(expected)), qPrintable(add.describe()));
    QVERIFY2(!add.text().contains(QStringLiteral("db drop")), qPrintable(add.describe()));
    // A family: every row of it.
    const CliResult db = runCli({"help", "db"});
    TIDEMARK_VERIFY_EXIT(db, 0);
    for (const char* form : {"db add", "db list", "db show", "db set", "db drop"})
        QVERIFY2(db.text().contains(QLatin1String(form)), qPrintable(db.describe()));
    // COMMAND --help is help COMMAND.
    const CliResult dashes = runCli({"backup", "--help"});
    TIDEMARK_VERIFY_EXIT(dashes, 0);
    QVERIFY2(dashes.text().contains(QStringLiteral("--type full|diff|log")),
             qPrintable(dashes.describe()));
    // With --json, the rows themselves.
    CliOptions json;
    json.json = true;
    const CliResult rows = runCli({"help", "alerts"}, json);
    TIDEMARK_VERIFY_EXIT(rows, 0);
    const QJsonArray commands = rows.jsonObject().value("commands").toArray();
    const QJsonObject alerts = findObject(commands, "command", "alerts");
    QVERIFY2(!alerts.isEmpty(), qPrintable(rows.describe()));
    const QJsonObject all = findObject(alerts.value("options").toArray(), "name", "all");
    QVERIFY2(all.contains("takes_value") && !all.value("takes_value").toBool(),
             qPrintable(rows.describe()));
    TIDEMARK_VERIFY_EXIT(runCli({"help", "frobnicate"}), 2);
}

void TestCliHelp::version() {
    const CliResult version = runCli({QStringLiteral("--version")});
    TIDEMARK_VERIFY_EXIT(version, 0);
    QVERIFY2(version.text().startsWith(QStringLiteral("tidemark-cli ")),
             qPrintable(version.describe()));
}

void TestCliHelp::unknownOptionsExitTwo() {
    TestWorkspace ws;
    QVERIFY(setUp(ws));
    const QList<QStringList> misuses = {
        {"hold", "set", "shop", "--bogus", "x"},  // hold took no options and ignored them
        {"catalog", "rebuild", "--force", "yes"}, // so did catalog rebuild
        {"alerts", "--all=yes"},                  // a flag takes no value
        {"db", "list", "--file", "x"},            // an option of another db command
        {"status", "--all"},                      // a flag of another command
        {"credential", "create", "c", "--secret", "abc"},
    };
    for (const QStringList& misuse : misuses) {
        const CliResult r = ws.run(misuse);
        TIDEMARK_VERIFY_EXIT(r, 2);
        QVERIFY2(!r.standardError.trimmed().isEmpty(), qPrintable(r.describe()));
    }
    // The flag itself, without a value, is fine.
    TIDEMARK_VERIFY_EXIT(ws.run({"alerts", "--all"}), 0);
}

void TestCliHelp::rangeErrorsExitTwo() {
    TestWorkspace ws;
    QVERIFY(setUp(ws));
    const QList<QStringList> outOfRange = {
        {"policy", "shop", "--retention-days", "36"},
        {"policy", "shop", "--retention-days", "0"},
        {"policy", "shop", "--tier", "basic", "--retention-days", "10"},
        {"policy", "shop", "--log-minutes", "90"},
        {"policy", "shop", "--diff-hours", "6"},
        {"policy", "shop", "--sync-seconds", "0"},
        {"policy", "shop", "--sync-seconds", "61"},
        {"ltr", "shop", "--week-of-year", "60"},
        {"ltr", "shop", "--yearly", "P20Y"},
        {"jobs", "--limit", "0"},
        {"gc", "--grace-minutes", "-1"},
        {"stretch", "rpo", "shop", "--hours", "eight"},
        {"redundancy", "LRS", "--copies", "9"},
        {"consumption", "shop", "--by", "week"},
        {"restore", "shop", "--to", "yesterday", "--as", "copy", "--file", "copy.db"},
    };
    for (const QStringList& command : outOfRange) {
        const CliResult r = ws.run(command);
        TIDEMARK_VERIFY_EXIT(r, 2);
        QVERIFY2(!r.standardError.trimmed().isEmpty(), qPrintable(r.describe()));
    }
    // Refused before anything changed: the policy is the default one.
    const CliResult policy = ws.runJson({"policy", "shop"});
    TIDEMARK_VERIFY_EXIT(policy, 0);
    QCOMPARE(policy.jsonObject().value("retention_days").toInt(), 7);
    QCOMPARE(policy.jsonObject().value("tier").toString(), QStringLiteral("standard"));
    QCOMPARE(policy.jsonObject().value("log_minutes").toInt(), 5);
    QCOMPARE(policy.jsonObject().value("sync_seconds").toInt(), 10);
    const CliResult ltr = ws.runJson({"ltr", "shop"});
    TIDEMARK_VERIFY_EXIT(ltr, 0);
    QVERIFY2(ltr.jsonObject().value("week_of_year").toInt() <= 52, qPrintable(ltr.describe()));
    // A value inside the range is taken.
    const CliResult changed = ws.runJson({"policy", "shop", "--retention-days", "35"});
    TIDEMARK_VERIFY_EXIT(changed, 0);
    QCOMPARE(changed.jsonObject().value("retention_days").toInt(), 35);
    const CliResult sync = ws.runJson({"policy", "shop", "--sync-seconds", "1"});
    TIDEMARK_VERIFY_EXIT(sync, 0);
    QCOMPARE(sync.jsonObject().value("sync_seconds").toInt(), 1);
}

void TestCliHelp::jsonOnCommandsWithoutListings() {
    TestWorkspace ws;
    QVERIFY(setUp(ws));
    const CliResult set = ws.runJson({"hold", "set", "shop"});
    TIDEMARK_VERIFY_EXIT(set, 0);
    QVERIFY2(set.jsonObject().value("ok").toBool(), qPrintable(set.describe()));
    QCOMPARE(set.jsonObject().value("database").toString(), QStringLiteral("shop"));
    QCOMPARE(set.jsonObject().value("hold").toBool(), true);
    const CliResult clear = ws.runJson({"hold", "clear", "shop"});
    TIDEMARK_VERIFY_EXIT(clear, 0);
    QCOMPARE(clear.jsonObject().value("hold").toBool(), false);

    const CliResult maxSize = ws.runJson({"db", "set", "shop", "--max-size", "1048576"});
    TIDEMARK_VERIFY_EXIT(maxSize, 0);
    QVERIFY2(maxSize.jsonObject().value("ok").toBool(), qPrintable(maxSize.describe()));
    QCOMPARE(maxSize.jsonObject().value("max_size").toInteger(), 1048576);

    const CliResult drop = ws.runJson({"db", "drop", "shop"});
    TIDEMARK_VERIFY_EXIT(drop, 0);
    QVERIFY2(drop.jsonObject().value("ok").toBool(), qPrintable(drop.describe()));
    QCOMPARE(drop.jsonObject().value("database").toString(), QStringLiteral("shop"));
    QVERIFY2(parseTimeMs(drop.jsonObject().value("dropped").toString()) > 0,
             qPrintable(drop.describe()));
    // What the JSON says is what happened: shop is no longer listed.
    const CliResult list = ws.runJson({"db", "list"});
    QVERIFY2(findObject(list.jsonArray(), "name", "shop").isEmpty(), qPrintable(list.describe()));
}

void TestCliHelp::completionListsEveryCommand() {
    const CliResult completion = runCli({QStringLiteral("completion"), QStringLiteral("bash")});
    TIDEMARK_VERIFY_EXIT(completion, 0);
    const QString script = QString::fromUtf8(completion.standardOutput);
    QString error;
    const QStringList commands = completions(script, {QString()}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (const tidemark::CliCommand& c : tidemark::commandTable()) {
        QVERIFY2(commands.contains(c.name.first()), qPrintable(c.fullName()));
        if (c.name.size() > 1) {
            const QStringList sub = completions(script, {c.name.first(), QString()}, &error);
            QVERIFY2(sub.contains(c.name.at(1)), qPrintable(c.fullName() + error));
        }
        // The row's options, after its words (and an operand where it takes one).
        QStringList typed = c.name;
        if (c.minOperands > 0)
            typed << QStringLiteral("NAME");
        const QStringList options = completions(script, typed + QStringList{"--"}, &error);
        for (const tidemark::CliOption& o : c.options)
            QVERIFY2(options.contains(optionWord(o)),
                     qPrintable(c.fullName() + QStringLiteral(": ") + optionWord(o) + error));
    }
    // A choice option completes its values.
    const QStringList types = completions(script, {"backup", "shop", "--type", ""}, &error);
    QVERIFY2(types.contains(QStringLiteral("full")) && types.contains(QStringLiteral("log")),
             qPrintable(types.join(u' ') + error));
    TIDEMARK_VERIFY_EXIT(runCli({"completion", "fish"}), 2);
}

QTEST_GUILESS_MAIN(TestCliHelp)
#include "tst_cli_help.moc"
