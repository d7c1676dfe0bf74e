// `restore --dry-run` prints the engine's plan (text and --json) for a point, a commit and a
// long-term copy, writes nothing, records no job, and refuses exactly as the restore does.

#include "CliRunner.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>
#include <QtTest>

#include <csignal>

using namespace tidemark::testsupport;

namespace {

const QString kFirstFull = QStringLiteral("2026-03-02T10:00:00Z");
const QString kSecondFull = QStringLiteral("2026-03-09T10:00:00Z");
const QString kLog = QStringLiteral("2026-03-09T11:00:00Z");
const QString kAfter = QStringLiteral("2026-03-09T12:00:00Z");
const QStringList kPlanKeys = {"database",    "source",        "restorable",    "state",
                               "restored_to", "commit",        "chain",         "log_segments",
                               "location",    "location_root", "bytes_to_read", "window"};

QStringList chainIds(const QJsonObject& plan) {
    QStringList ids;
    for (const QJsonValue& step : plan.value(QStringLiteral("chain")).toArray())
        ids << step.toObject().value(QStringLiteral("id")).toString();
    return ids;
}

int jobCount(const TestWorkspace& ws) {
    return ws.runJson({"jobs"}, at(kAfter)).jsonArray().size();
}

} // namespace

class TestCliRestorePlan : public QObject {
    Q_OBJECT

    TestWorkspace ws_;
    QString file_;
    QStringList ltrIds_;
    QJsonObject log_;

private slots:
    void initTestCase() {
        file_ = ws_.dataPath(QStringLiteral("shop.db"));
        QVERIFY(makeDatabase(file_, JournalMode::Wal, 4096, 2000));
        TIDEMARK_VERIFY_EXIT(ws_.run({"init"}, at(kFirstFull)), 0);
        TIDEMARK_VERIFY_EXIT(ws_.run({"db", "add", "shop", "--file", file_}, at(kFirstFull)), 0);
        TIDEMARK_VERIFY_EXIT(ws_.run({"ltr", "shop", "--weekly", "P4W"}, at(kFirstFull)), 0);
        SqliteConnection app(file_);
        TIDEMARK_VERIFY_EXIT(ws_.run({"backup", "shop", "--type", "full"}, at(kFirstFull)), 0);
        QVERIFY(app.execute(QStringLiteral("DELETE FROM orders WHERE id % 3 = 0")));
        TIDEMARK_VERIFY_EXIT(ws_.run({"backup", "shop", "--type", "full"}, at(kSecondFull)), 0);
        QVERIFY(app.execute(QStringLiteral("UPDATE orders SET status = 'late' WHERE id % 4 = 1")));
        const CliResult log = ws_.runJson({"backup", "shop", "--type", "log"}, at(kLog));
        TIDEMARK_VERIFY_EXIT(log, 0);
        log_ = log.jsonArray().first().toObject();
        const CliResult copies = ws_.runJson({"ltr-backups", "shop"}, at(kAfter));
        for (const QJsonValue& c : copies.jsonArray())
            ltrIds_ << idText(c.toObject().value(QStringLiteral("id")));
        QVERIFY2(ltrIds_.size() == 2, qPrintable(copies.describe()));
    }

    void dryRunOfAPointPrintsTheChainAndWritesNothing() {
        const int jobsBefore = jobCount(ws_);
        const QString target = ws_.dataPath(QStringLiteral("point.db"));
        const QString point = log_.value("snapshot").toString();
        const QStringList command = {"restore", "shop",   "--to", point,      "--as",
                                     "point",   "--file", target, "--dry-run"};
        const CliResult json = ws_.runJson(command, at(kAfter));
        TIDEMARK_VERIFY_EXIT(json, 0);
        const QJsonObject plan = json.jsonObject();
        QVERIFY2(missingKeys(plan, kPlanKeys).isEmpty(), qPrintable(json.describe()));
        QCOMPARE(plan.value("source").toString(), QStringLiteral("point"));
        QCOMPARE(plan.value("location").toString(), QStringLiteral("primary"));
        QCOMPARE(plan.value("restored_to").toString(), log_.value("snapshot").toString());
        QCOMPARE(chainIds(plan).last(), idText(log_.value("id")));
        QVERIFY(plan.value("bytes_to_read").toDouble() > 0);
        const CliResult text = ws_.run(command, at(kAfter));
        TIDEMARK_VERIFY_EXIT(text, 0);
        QVERIFY2(text.text().contains(QStringLiteral("Dry run")), qPrintable(text.describe()));
        for (const QString& id : chainIds(plan))
            QVERIFY2(text.text().contains(id), qPrintable(text.describe()));
        // Nothing written, registered or recorded.
        QVERIFY(!QFileInfo::exists(target));
        QCOMPARE(jobCount(ws_), jobsBefore);
        const CliResult list = ws_.runJson({"db", "list"}, at(kAfter));
        QVERIFY(findObject(list.jsonArray(), QStringLiteral("name"), QStringLiteral("point"))
                    .isEmpty());
        // The restore then applies exactly the planned backups.
        const CliResult restored = ws_.runJson(command.mid(0, command.size() - 1), at(kAfter));
        TIDEMARK_VERIFY_EXIT(restored, 0);
        QStringList applied;
        for (const QJsonValue& id : restored.jsonObject().value("applied").toArray())
            applied << idText(id);
        QCOMPARE(applied, chainIds(plan));
    }

    void dryRunOfTheSecondLtrCopyPlansThatCopy() {
        const CliResult json = ws_.runJson(
            {"restore", "shop", "--ltr", ltrIds_[1], "--as", "old", "--dry-run"}, at(kAfter));
        TIDEMARK_VERIFY_EXIT(json, 0);
        const QJsonObject plan = json.jsonObject();
        QCOMPARE(plan.value("source").toString(), QStringLiteral("ltr"));
        QCOMPARE(chainIds(plan), QStringList{ltrIds_[1]});
        const CliResult other = ws_.runJson(
            {"restore", "shop", "--ltr", ltrIds_[0], "--as", "old", "--dry-run"}, at(kAfter));
        TIDEMARK_VERIFY_EXIT(other, 0);
        QCOMPARE(chainIds(other.jsonObject()), QStringList{ltrIds_[0]});
        QVERIFY(plan.value("restored_to") != other.jsonObject().value("restored_to"));
    }

    void refusedPointFailsAsTheRestoreDoes() {
        const QString before = QStringLiteral("2026-03-01T00:00:00Z");
        const QString target = ws_.dataPath(QStringLiteral("early.db"));
        const CliResult dry = ws_.run({"restore", "shop", "--to", before, "--dry-run"}, at(kAfter));
        const CliResult real = ws_.run(
            {"restore", "shop", "--to", before, "--as", "early", "--file", target}, at(kAfter));
        TIDEMARK_VERIFY_EXIT(dry, 1);
        TIDEMARK_VERIFY_EXIT(real, 1);
        QCOMPARE(dry.standardError, real.standardError);
        QVERIFY2(dry.text().contains(QStringLiteral("outside the restore window")),
                 qPrintable(dry.describe()));
        QVERIFY(!QFileInfo::exists(target));
    }

    void dryRunOfACommitSaysWhichCommitAndWhen() {
        TestWorkspace ws;
        const QString file = ws.dataPath(QStringLiteral("app.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 500));
        TIDEMARK_VERIFY_EXIT(ws.run({"init"}), 0);
        TIDEMARK_VERIFY_EXIT(ws.run({"db", "add", "app", "--file", file}), 0);
        QProcess agent;
        ws.start(agent, {QStringLiteral("agent")});
        auto latestCommit = [&ws] {
            const QJsonObject w = ws.runJson({"restore-window", "app"}).jsonObject();
            return w.contains(QStringLiteral("latest_commit"))
                       ? qint64(w.value(QStringLiteral("latest_commit")).toDouble())
                       : qint64(-1);
        };
        auto waitFor = [&](qint64 atLeast) {
            QElapsedTimer timer;
            timer.start();
            while (timer.elapsed() < 60'000 && latestCommit() < atLeast)
                QThread::msleep(200);
            return latestCommit() >= atLeast;
        };
        QVERIFY2(waitFor(0), "capture never anchored");
        const qint64 anchored = latestCommit();
        {
            SqliteConnection app(file);
            QVERIFY(app.execute(QStringLiteral("UPDATE orders SET status = 'x' WHERE id < 50")));
            QVERIFY2(waitFor(anchored + 1), "the commit was never captured");
        }
        ::kill(pid_t(agent.processId()), SIGINT);
        QVERIFY(agent.waitForFinished(60'000));
        const qint64 commit = latestCommit();
        const CliResult json =
            ws.runJson({"restore", "app", "--to-commit", QString::number(commit), "--dry-run"});
        TIDEMARK_VERIFY_EXIT(json, 0);
        const QJsonObject plan = json.jsonObject();
        QCOMPARE(qint64(plan.value("commit").toDouble()), commit);
        QCOMPARE(plan.value("state").toString(), QStringLiteral("commit %1 at %2")
                                                     .arg(commit)
                                                     .arg(plan.value("restored_to").toString()));
        const CliResult restored =
            ws.runJson({"restore", "app", "--to-commit", QString::number(commit), "--as", "c",
                        "--file", ws.dataPath(QStringLiteral("c.db"))});
        TIDEMARK_VERIFY_EXIT(restored, 0);
        QCOMPARE(restored.jsonObject().value("restored_to"), plan.value("restored_to"));
    }
};

QTEST_GUILESS_MAIN(TestCliRestorePlan)
#include "tst_cli_restore_plan.moc"
