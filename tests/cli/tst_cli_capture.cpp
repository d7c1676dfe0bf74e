// Continuous capture against real processes: a writer committing at a high rate with its own
// autocheckpoint, another process looping every kind of checkpoint, VACUUM and incremental
// vacuum, the database replaced under the agent, the agent killed with SIGKILL. Every restore
// is compared with the writer's own record of the table at that commit.

#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"
#include "WriterReference.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QThread>
#include <QtTest>

#include <csignal>

using namespace tidemark::testsupport;

namespace {

constexpr int kWaitMs = 60'000;

// The agent as a background process; stopped with SIGINT so it seals what it holds.
class AgentProcess {
public:
    explicit AgentProcess(const TestWorkspace& ws, bool pinned = true) : ws_(ws) {
        CliOptions options;
        if (!pinned)
            options.environment.insert(QStringLiteral("TIDEMARK_TEST_UNPINNED_CAPTURE"),
                                       QStringLiteral("1"));
        ws_.start(process_, {QStringLiteral("agent")}, options);
    }
    ~AgentProcess() {
        if (process_.state() != QProcess::NotRunning) {
            process_.kill();
            process_.waitForFinished(10'000);
        }
    }
    bool running() { return process_.state() == QProcess::Running; }
    bool stop() {
        ::kill(pid_t(process_.processId()), SIGINT);
        return process_.waitForFinished(kWaitMs) && process_.exitStatus() == QProcess::NormalExit;
    }
    void killHard() {
        process_.kill();
        process_.waitForFinished(10'000);
    }
    QString output() { return QString::fromUtf8(process_.readAll()); }

private:
    const TestWorkspace& ws_;
    QProcess process_;
};

class Checkpointer {
public:
    explicit Checkpointer(const QString& database) {
        process_.setProcessChannelMode(QProcess::MergedChannels);
        process_.start(checkpointerProgram(), {QStringLiteral("--db"), database});
    }
    ~Checkpointer() { stop(); }
    QString stop() {
        if (process_.state() == QProcess::NotRunning)
            return output_;
        process_.terminate();
        process_.waitForFinished(10'000);
        output_ = QString::fromUtf8(process_.readAll()).trimmed();
        return output_;
    }

private:
    QProcess process_;
    QString output_;
};

QJsonObject restoreWindow(const TestWorkspace& ws) {
    return ws.runJson({QStringLiteral("restore-window"), QStringLiteral("app")}).jsonObject();
}

qint64 latestCommit(const TestWorkspace& ws) {
    QJsonObject w = restoreWindow(ws);
    return w.contains(QStringLiteral("latest_commit"))
               ? qint64(w.value(QStringLiteral("latest_commit")).toDouble())
               : -1;
}

// Waits until capture has made at least commit `atLeast` durable.
bool waitForCommit(const TestWorkspace& ws, qint64 atLeast) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kWaitMs) {
        if (latestCommit(ws) >= atLeast)
            return true;
        QThread::msleep(200);
    }
    return false;
}

// Waits until the captured commits stop growing (the writer has stopped and all is durable).
qint64 waitForQuiet(const TestWorkspace& ws) {
    qint64 last = -2;
    for (int i = 0; i < 100; ++i) {
        QThread::msleep(600);
        qint64 now = latestCommit(ws);
        if (now == last)
            return now;
        last = now;
    }
    return last;
}

struct Commit {
    qint64 number = 0;
    QString stamp;
};

QList<Commit> commitsOf(const TestWorkspace& ws) {
    QList<Commit> out;
    CliResult r =
        ws.runJson({QStringLiteral("backups"), QStringLiteral("app"), QStringLiteral("--commits")});
    for (const QJsonValue& v : r.jsonArray()) {
        QJsonObject o = v.toObject();
        out.append(Commit{qint64(o.value(QStringLiteral("commit")).toDouble()),
                          o.value(QStringLiteral("stamp")).toString()});
    }
    return out;
}

// Restores one commit and returns the writer's k in it (-1 on failure, with `why`).
qint64 restoreCommit(const TestWorkspace& ws, qint64 commit, const QString& file, QString* why) {
    CliResult r =
        ws.run({QStringLiteral("restore"), QStringLiteral("app"), QStringLiteral("--to-commit"),
                QString::number(commit), QStringLiteral("--as"), QStringLiteral("c%1").arg(commit),
                QStringLiteral("--file"), file});
    if (r.exitCode != 0) {
        *why = r.describe();
        return -1;
    }
    return readWriterProgress(file).value_or(-1);
}

// The restored file holds exactly the writer's content after its commit k.
bool matchesWriter(const TestWorkspace& ws, const QString& restored, qint64 k, QString* why) {
    const QString reference = ws.dataPath(QStringLiteral("ref-%1.db").arg(k));
    if (!QFileInfo::exists(reference) && !buildWriterReference(reference, k, why))
        return false;
    return restoredEquals(restored, reference, why);
}

qint64 packBytes(const TestWorkspace& ws) {
    qint64 total = 0;
    QDirIterator it(ws.vaultDir() + QStringLiteral("/packs"), QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        total += QFileInfo(it.next()).size();
    return total;
}

QList<QJsonObject> jobsOf(const TestWorkspace& ws) {
    QList<QJsonObject> out;
    for (const QJsonValue& j : ws.runJson({QStringLiteral("jobs")}).jsonArray())
        out.append(j.toObject());
    return out;
}

bool addDatabase(const TestWorkspace& ws, const QString& file) {
    return ws.run({QStringLiteral("init")}).exitCode == 0 &&
           ws.run({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("app"),
                   QStringLiteral("--file"), file})
                   .exitCode == 0;
}

} // namespace

class TestCliCapture : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everyCommitReplaysUnderCheckpointStorm();
    void unpinnedControlRunIsDetectedAsBreak();
    void vacuumAndShrinkRestoreExactly();
    void replacedDatabaseIsABreakWithExactRestoresOnBothSides();
    void killedAgentResumesOrRebases();
    void rollbackJournalDatabaseSaysItsGranularity();
    void idleDatabaseResumesAndAChangeWhileDownIsABreak();
    void agentStartStoresTheDatabaseOnce();
    void idleAgentRecordsNoFailedJob();

private:
    // A workspace protecting app.db, which the writer has started; the agent not yet running.
    bool prepare(TestWorkspace& ws, qint64 initialCommits);
};

void TestCliCapture::initTestCase() {
    QVERIFY(QFileInfo(cliProgram()).isExecutable());
    QVERIFY(QFileInfo(checkpointerProgram()).isExecutable());
}

bool TestCliCapture::prepare(TestWorkspace& ws, qint64 initialCommits) {
    WriterProcess::Settings s;
    s.databasePath = ws.dataPath("app.db");
    s.pauseMs = 0;
    s.logPath = ws.dataPath("writer.log");
    WriterProcess first(s);
    if (!first.start() || !first.waitForCommit(initialCommits, kWaitMs))
        return false;
    first.stop();
    return ws.run({QStringLiteral("init")}).exitCode == 0 &&
           ws.run({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("app"),
                   QStringLiteral("--file"), ws.dataPath("app.db")})
                   .exitCode == 0;
}

void TestCliCapture::everyCommitReplaysUnderCheckpointStorm() {
    TestWorkspace ws;
    QVERIFY(prepare(ws, 20));
    AgentProcess agent(ws);
    QVERIFY2(waitForCommit(ws, 0), "capture never anchored");
    {
        Checkpointer checkpointer(ws.dataPath("app.db"));
        WriterProcess::Settings s;
        s.databasePath = ws.dataPath("app.db");
        s.pauseMs = 0;
        s.logPath = ws.dataPath("writer.log");
        WriterProcess writer(s);
        QVERIFY(writer.start());
        const qint64 from = writer.lastLoggedCommit();
        QVERIFY(writer.waitForCommit(from + 1200, kWaitMs));
        writer.stop();
        qInfo("checkpoints completed meanwhile: %s", qPrintable(checkpointer.stop()));
    }
    waitForQuiet(ws);
    QVERIFY(agent.stop());

    QJsonObject window = restoreWindow(ws);
    QCOMPARE(window.value(QStringLiteral("granularity")).toString(), QStringLiteral("commit"));
    QVERIFY2(window.value(QStringLiteral("capture_gaps")).toArray().isEmpty(),
             qPrintable(jsonText(window)));
    const QList<Commit> commits = commitsOf(ws);
    QVERIFY(commits.size() > 1000);
    // Commit numbers are dense: none skipped.
    for (int i = 1; i < commits.size(); ++i)
        QCOMPARE(commits[i].number, commits[i - 1].number + 1);

    // Every 50th commit, and the last: the writer's own record of the table at that commit,
    // and exactly one writer commit per captured commit (k advances with the commit number).
    QList<qint64> sample;
    for (int i = 0; i < commits.size(); i += 50)
        sample << commits[i].number;
    sample << commits.last().number;
    qint64 firstK = -1;
    const qint64 firstCommit = sample.first();
    for (qint64 c : sample) {
        const QString file = ws.dataPath(QStringLiteral("c%1.db").arg(c));
        QString why;
        const qint64 k = restoreCommit(ws, c, file, &why);
        QVERIFY2(k >= 0, qPrintable(why));
        if (firstK < 0)
            firstK = k;
        QCOMPARE(k - firstK, c - firstCommit);
        QVERIFY2(matchesWriter(ws, file, k, &why), qPrintable(why));
    }
    QString diff;
    QVERIFY2(sqldiffEmpty(ws.dataPath(QStringLiteral("c%1.db").arg(sample.last())),
                          ws.dataPath("app.db"), &diff),
             qPrintable(diff));
    QVERIFY(ws.run({QStringLiteral("verify")}).exitCode == 0);
}

void TestCliCapture::unpinnedControlRunIsDetectedAsBreak() {
    TestWorkspace ws;
    QVERIFY(prepare(ws, 20));
    AgentProcess agent(ws, /*pinned=*/false);
    QVERIFY2(waitForCommit(ws, 0), "capture never anchored");
    {
        Checkpointer checkpointer(ws.dataPath("app.db"));
        WriterProcess::Settings s;
        s.databasePath = ws.dataPath("app.db");
        s.pauseMs = 0;
        s.logPath = ws.dataPath("writer.log");
        WriterProcess writer(s);
        QVERIFY(writer.start());
        QVERIFY(writer.waitForCommit(writer.lastLoggedCommit() + 1200, kWaitMs));
        writer.stop();
    }
    waitForQuiet(ws);
    QVERIFY(agent.stop());
    const QJsonArray gaps = restoreWindow(ws).value(QStringLiteral("capture_gaps")).toArray();
    QVERIFY2(!gaps.isEmpty(), "resets nobody pinned against went unnoticed");
    // Whatever was lost between, the newest point is still exact.
    const QList<Commit> commits = commitsOf(ws);
    QVERIFY(!commits.isEmpty());
    QString why;
    const QString last = ws.dataPath("last.db");
    QVERIFY2(restoreCommit(ws, commits.last().number, last, &why) >= 0, qPrintable(why));
    QVERIFY2(sqldiffEmpty(last, ws.dataPath("app.db"), &why), qPrintable(why));
}

void TestCliCapture::vacuumAndShrinkRestoreExactly() {
    TestWorkspace ws;
    const QString db = ws.dataPath("app.db");
    QVERIFY(execSql(db, "PRAGMA page_size=4096; PRAGMA auto_vacuum=INCREMENTAL; "
                        "PRAGMA journal_mode=WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB);"
                        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < "
                        "10) INSERT INTO t(v) SELECT randomblob(300) FROM s;"));
    QVERIFY(ws.run({QStringLiteral("init")}).exitCode == 0);
    QVERIFY(ws.run({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("app"),
                    QStringLiteral("--file"), db})
                .exitCode == 0);
    AgentProcess agent(ws);
    QVERIFY2(waitForCommit(ws, 0), "capture never anchored");
    const QStringList steps = {
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000) INSERT "
        "INTO t(v) SELECT randomblob(1500) FROM s",
        "DELETE FROM t WHERE id % 4 <> 0",
        "PRAGMA incremental_vacuum",
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 800) INSERT INTO "
        "t(v) SELECT randomblob(700) FROM s",
        "VACUUM",
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 50) INSERT INTO "
        "t(v) SELECT randomblob(100) FROM s",
    };
    QStringList points;
    for (int i = 0; i < steps.size(); ++i) {
        QString error;
        QVERIFY2(execSql(db, steps[i], &error), qPrintable(error));
        QVERIFY(copyDatabase(db, ws.dataPath(QStringLiteral("step%1.db").arg(i))));
        // Stamps are capture times: let capture see the commit before naming the instant.
        QThread::msleep(700);
        points << QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        QThread::msleep(300);
    }
    waitForQuiet(ws);
    QVERIFY(agent.stop());
    for (int i = 0; i < steps.size(); ++i) {
        const QString file = ws.dataPath(QStringLiteral("r%1.db").arg(i));
        CliResult r = ws.run({QStringLiteral("restore"), QStringLiteral("app"),
                              QStringLiteral("--to"), points[i], QStringLiteral("--as"),
                              QStringLiteral("r%1").arg(i), QStringLiteral("--file"), file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QString why;
        QVERIFY2(restoredEquals(file, ws.dataPath(QStringLiteral("step%1.db").arg(i)), &why),
                 qPrintable(QStringLiteral("after '%1': %2").arg(steps[i], why)));
    }
}

void TestCliCapture::replacedDatabaseIsABreakWithExactRestoresOnBothSides() {
    TestWorkspace ws;
    QVERIFY(prepare(ws, 50));
    const QString db = ws.dataPath("app.db");
    AgentProcess agent(ws);
    QVERIFY2(waitForCommit(ws, 0), "capture never anchored");
    WriterProcess::Settings s;
    s.databasePath = db;
    s.pauseMs = 1;
    s.logPath = ws.dataPath("writer.log");
    {
        WriterProcess writer(s);
        QVERIFY(writer.start());
        QVERIFY(writer.waitForCommit(writer.lastLoggedCommit() + 200, kWaitMs));
        writer.stop();
    }
    const qint64 before = waitForQuiet(ws);
    QVERIFY(copyDatabase(db, ws.dataPath("before.db")));
    const QString beforePoint = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QThread::msleep(300);

    // Another file (the same rows plus a marker) renamed over the database; its log and
    // shared-memory index deleted, as a tool swapping in another copy would.
    const QString other = ws.dataPath("other.db");
    QVERIFY(copyDatabase(db, other));
    QVERIFY(execSql(other, "PRAGMA journal_mode=WAL; CREATE TABLE marker(x); "
                           "INSERT INTO marker VALUES (42);"));
    QVERIFY(QFile::remove(db + "-wal") || !QFile::exists(db + "-wal"));
    QVERIFY(QFile::remove(db + "-shm") || !QFile::exists(db + "-shm"));
    QVERIFY(::rename(QFile::encodeName(other).constData(), QFile::encodeName(db).constData()) == 0);
    QFile::remove(other + "-wal");
    QFile::remove(other + "-shm");
    {
        WriterProcess writer(s);
        QVERIFY(writer.start());
        QVERIFY(writer.waitForCommit(writer.lastLoggedCommit() + 200, kWaitMs));
        writer.stop();
    }
    QVERIFY(waitForCommit(ws, before + 2));
    waitForQuiet(ws);
    QVERIFY(agent.stop());

    const QJsonArray gaps = restoreWindow(ws).value(QStringLiteral("capture_gaps")).toArray();
    QVERIFY2(!gaps.isEmpty(), "the replaced file went unnoticed");
    QString why;
    CliResult r = ws.run({QStringLiteral("restore"), QStringLiteral("app"), QStringLiteral("--to"),
                          beforePoint, QStringLiteral("--as"), QStringLiteral("old"),
                          QStringLiteral("--file"), ws.dataPath("old.db")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(restoredEquals(ws.dataPath("old.db"), ws.dataPath("before.db"), &why),
             qPrintable(why));
    const QList<Commit> commits = commitsOf(ws);
    QVERIFY2(restoreCommit(ws, commits.last().number, ws.dataPath("new.db"), &why) >= 0,
             qPrintable(why));
    QVERIFY2(sqldiffEmpty(ws.dataPath("new.db"), db, &why), qPrintable(why));
}

void TestCliCapture::killedAgentResumesOrRebases() {
    TestWorkspace ws;
    QVERIFY(prepare(ws, 20));
    WriterProcess::Settings s;
    s.databasePath = ws.dataPath("app.db");
    s.pauseMs = 1;
    s.logPath = ws.dataPath("writer.log");
    WriterProcess writer(s);
    {
        AgentProcess agent(ws);
        QVERIFY2(waitForCommit(ws, 0), "capture never anchored");
        QVERIFY(writer.start());
        const qint64 at = latestCommit(ws);
        QVERIFY(waitForCommit(ws, at + 300));
        agent.killHard();
    }
    // Writes go on with no agent; then a new agent picks up.
    QThread::msleep(800);
    {
        AgentProcess agent(ws);
        const qint64 at = latestCommit(ws);
        QVERIFY(waitForCommit(ws, at + 300));
        writer.stop();
        waitForQuiet(ws);
        QVERIFY(agent.stop());
    }
    const QList<Commit> commits = commitsOf(ws);
    QString why;
    const QString last = ws.dataPath("last.db");
    QVERIFY2(restoreCommit(ws, commits.last().number, last, &why) >= 0, qPrintable(why));
    QVERIFY2(sqldiffEmpty(last, ws.dataPath("app.db"), &why), qPrintable(why));
    QVERIFY(ws.run({QStringLiteral("verify")}).exitCode == 0);
}

void TestCliCapture::rollbackJournalDatabaseSaysItsGranularity() {
    TestWorkspace ws;
    const QString db = ws.dataPath("journal.db");
    QVERIFY(makeDatabase(db, JournalMode::Delete, 4096, 200));
    QVERIFY(ws.run({QStringLiteral("init")}).exitCode == 0);
    QVERIFY(ws.run({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("app"),
                    QStringLiteral("--file"), db})
                .exitCode == 0);
    QVERIFY(ws.run({QStringLiteral("backup"), QStringLiteral("app"), QStringLiteral("--type"),
                    QStringLiteral("full")})
                .exitCode == 0);
    QCOMPARE(restoreWindow(ws).value(QStringLiteral("granularity")).toString(),
             QStringLiteral("log-interval"));
    // Without capture, a loss of the machine costs up to a log interval.
    QCOMPARE(restoreWindow(ws).value(QStringLiteral("rpo_seconds")).toDouble(), 300.0);
    CliResult text = ws.run({QStringLiteral("restore-window"), QStringLiteral("app")});
    QVERIFY2(text.text().contains(QStringLiteral("log interval")), qPrintable(text.describe()));
    CliResult commit =
        ws.run({QStringLiteral("restore"), QStringLiteral("app"), QStringLiteral("--to-commit"),
                QStringLiteral("1"), QStringLiteral("--as"), QStringLiteral("x"),
                QStringLiteral("--file"), ws.dataPath("x.db")});
    QCOMPARE(commit.exitCode, 1);
    QVERIFY2(commit.text().contains(QStringLiteral("no captured commits")),
             qPrintable(commit.describe()));
}

void TestCliCapture::idleDatabaseResumesAndAChangeWhileDownIsABreak() {
    TestWorkspace ws;
    QVERIFY(prepare(ws, 20)); // the writer closed last: its log was checkpointed and removed
    QVERIFY(!QFileInfo::exists(ws.dataPath("app.db") + "-wal") ||
            QFileInfo(ws.dataPath("app.db") + "-wal").size() == 0);
    auto rebases = [&ws] {
        int n = 0;
        for (const QJsonValue& j : ws.runJson({QStringLiteral("jobs")}).jsonArray())
            n += j.toObject().value(QStringLiteral("kind")).toString() ==
                 QStringLiteral("capture-rebase");
        return n;
    };
    for (int run = 0; run < 2; ++run) {
        AgentProcess agent(ws);
        QVERIFY2(waitForCommit(ws, 0), "capture never anchored");
        QThread::msleep(2500); // an idle look or two, recorded
        QVERIFY(agent.stop());
    }
    // Restarted over an untouched idle database: it resumed, nothing to rebase, no gap.
    QCOMPARE(rebases(), 1);
    QVERIFY(restoreWindow(ws).value(QStringLiteral("capture_gaps")).toArray().isEmpty());

    // A commit while no agent ran (checkpointed into the file when its connection closed):
    // capture cannot vouch for the time in between, so it rebases and records the gap.
    QVERIFY(execSql(ws.dataPath("app.db"), "CREATE TABLE touched_while_down(x); "
                                           "INSERT INTO touched_while_down VALUES (1);"));
    {
        AgentProcess agent(ws);
        QElapsedTimer timer;
        timer.start();
        while (rebases() < 2 && timer.elapsed() < kWaitMs)
            QThread::msleep(200);
        QVERIFY(agent.stop());
    }
    QCOMPARE(rebases(), 2);
    QVERIFY(!restoreWindow(ws).value(QStringLiteral("capture_gaps")).toArray().isEmpty());
}

void TestCliCapture::agentStartStoresTheDatabaseOnce() {
    // What one full of this database costs, measured in a workspace of its own.
    TestWorkspace alone;
    const QString file = alone.dataPath("app.db");
    QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 80'000));
    QVERIFY(addDatabase(alone, file));
    QVERIFY(alone
                .run({QStringLiteral("backup"), QStringLiteral("app"), QStringLiteral("--type"),
                      QStringLiteral("full")})
                .exitCode == 0);
    const qint64 oneFull = packBytes(alone);
    QVERIFY(oneFull > 100'000);

    // At its start the agent owes a scheduled full and capture's anchoring rebase at once.
    TestWorkspace ws;
    QVERIFY(addDatabase(ws, file));
    {
        AgentProcess agent(ws);
        QVERIFY2(waitForCommit(ws, 0), "capture never anchored");
        QElapsedTimer timer;
        timer.start();
        auto fullDone = [&ws] {
            for (const QJsonObject& j : jobsOf(ws)) {
                if (j.value(QStringLiteral("kind")).toString() == QStringLiteral("scheduled-full"))
                    return j.value(QStringLiteral("status")).toString() !=
                           QStringLiteral("running");
            }
            return false;
        };
        while (!fullDone() && timer.elapsed() < kWaitMs)
            QThread::msleep(200);
        QVERIFY(fullDone());
        QVERIFY(agent.stop());
    }
    const qint64 stored = packBytes(ws);
    QVERIFY2(stored < oneFull * 3 / 2,
             qPrintable(QStringLiteral("%1 pack bytes for a database one full stores in %2")
                            .arg(stored)
                            .arg(oneFull)));
    int fullsStoringEveryPage = 0;
    for (const QJsonValue& v :
         ws.runJson({QStringLiteral("backups"), QStringLiteral("app")}).jsonArray()) {
        const QJsonObject b = v.toObject();
        if (b.value(QStringLiteral("stored_bytes")).toDouble() > double(oneFull) / 2)
            fullsStoringEveryPage += 1;
    }
    QCOMPARE(fullsStoringEveryPage, 1);
}

void TestCliCapture::idleAgentRecordsNoFailedJob() {
    TestWorkspace ws;
    const QString file = ws.dataPath("app.db");
    QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 500));
    QVERIFY(addDatabase(ws, file));
    for (int run = 0; run < 2; ++run) {
        AgentProcess agent(ws);
        QVERIFY2(waitForCommit(ws, 0), "capture never anchored");
        QThread::msleep(1500);
        QVERIFY(agent.stop()); // on the way out capture seals what it holds: nothing
    }
    bool sawSeal = false;
    for (const QJsonObject& j : jobsOf(ws)) {
        QVERIFY2(j.value(QStringLiteral("status")).toString() == QStringLiteral("succeeded"),
                 qPrintable(QJsonDocument(j).toJson()));
        if (j.value(QStringLiteral("kind")).toString() == QStringLiteral("scheduled-log")) {
            sawSeal = true;
            QVERIFY2(j.value(QStringLiteral("message"))
                         .toString()
                         .startsWith(QStringLiteral("nothing to seal: no commits since ")),
                     qPrintable(QJsonDocument(j).toJson()));
        }
    }
    QVERIFY(sawSeal);
}

QTEST_GUILESS_MAIN(TestCliCapture)
#include "tst_cli_capture.moc"
