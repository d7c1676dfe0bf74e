// Backups of a database that another process keeps writing: every restore point must be a
// state the writer actually committed, never a mixture, in WAL and rollback-journal mode.

#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"
#include "WriterReference.h"

#include <QFileInfo>
#include <QtTest>

using namespace tidemark::testsupport;

namespace {

// Commits between two backups, so each backup sees a different state.
constexpr qint64 kCommitsBetweenBackups = 25;
constexpr int kWriterWaitMs = 60'000;

struct TakenBackup {
    QString type;
    QString id;
    qint64 startMs = 0;
    qint64 endMs = 0;
    // The instant restored: the backup's snapshot (docs/cli.md lists it), else its end, but
    // never past the window's latest point, which a restore may not exceed.
    QString restorePoint;
};

} // namespace

class TestCliLiveWriter : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void backupsWhileWriting_data();
    void backupsWhileWriting();
};

void TestCliLiveWriter::initTestCase() {
    QVERIFY2(QFileInfo(cliProgram()).isExecutable(),
             qPrintable(QStringLiteral("no CLI at %1").arg(cliProgram())));
}

void TestCliLiveWriter::backupsWhileWriting_data() {
    QTest::addColumn<int>("journal");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("wal") << int(JournalMode::Wal) << 4096;
    QTest::newRow("rollback journal") << int(JournalMode::Delete) << 1024;
}

void TestCliLiveWriter::backupsWhileWriting() {
    QFETCH(int, journal);
    QFETCH(int, pageSize);
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString database = workspace.dataPath("live.db");

    WriterProcess::Settings settings;
    settings.databasePath = database;
    settings.journal = JournalMode(journal);
    settings.pageSize = pageSize;
    settings.pauseMs = 10;
    settings.seconds = 240;
    settings.logPath = workspace.dataPath("writer.log");
    WriterProcess writer(settings);
    QString error;
    QVERIFY2(writer.start(&error), qPrintable(error));
    QVERIFY2(writer.waitForCommit(kCommitsBetweenBackups, kWriterWaitMs),
             qPrintable(writer.output()));

    TIDEMARK_VERIFY_EXIT(workspace.run({"init"}), 0);
    TIDEMARK_VERIFY_EXIT(workspace.run({"db", "add", "live", "--file", database}), 0);

    QList<TakenBackup> taken;
    for (const QString& type :
         {QStringLiteral("full"), QStringLiteral("diff"), QStringLiteral("log")}) {
        QVERIFY2(
            writer.waitForCommit(writer.lastLoggedCommit() + kCommitsBetweenBackups, kWriterWaitMs),
            qPrintable(writer.output()));
        const CliResult backup = workspace.runJson({"backup", "live", "--type", type});
        TIDEMARK_VERIFY_EXIT(backup, 0);
        const QJsonObject entry = backup.jsonArray().first().toObject();
        QVERIFY2(entry.value("status").toString() == "succeeded", qPrintable(backup.describe()));
        QVERIFY2(entry.value("type").toString() == type, qPrintable(backup.describe()));
        taken << TakenBackup{type, idText(entry.value("id")), 0, 0, QString()};
    }
    QVERIFY2(writer.waitForCommit(writer.lastLoggedCommit() + 5, kWriterWaitMs),
             qPrintable(writer.output()));
    QCOMPARE(writer.stop(), 0);
    const QList<WriterCommit> commits = readWriterLog(settings.logPath);
    QVERIFY(!commits.isEmpty());

    const CliResult list = workspace.runJson({"backups", "live"});
    TIDEMARK_VERIFY_EXIT(list, 0);
    const CliResult window = workspace.runJson({"restore-window", "live"});
    TIDEMARK_VERIFY_EXIT(window, 0);
    const QString latest = window.jsonObject().value("latest").toString();
    for (TakenBackup& backup : taken) {
        const QJsonObject entry = findObject(list.jsonArray(), "id", backup.id);
        QVERIFY2(!entry.isEmpty(), qPrintable(list.describe()));
        backup.startMs = parseTimeMs(entry.value("start").toString());
        backup.endMs = parseTimeMs(entry.value("end").toString());
        QVERIFY2(backup.startMs > 0 && backup.endMs >= backup.startMs, qPrintable(jsonText(entry)));
        const QString snapshot = entry.value("snapshot").toString();
        backup.restorePoint = parseTimeMs(snapshot) > 0 ? snapshot : entry.value("end").toString();
        if (parseTimeMs(backup.restorePoint) > parseTimeMs(latest)) {
            backup.restorePoint = latest;
        }
    }

    qint64 previousK = 0;
    for (const TakenBackup& backup : taken) {
        const QString name = "live_" + backup.type;
        const QString target = workspace.dataPath(name + ".db");
        const CliResult restore = workspace.runJson(
            {"restore", "live", "--to", backup.restorePoint, "--as", name, "--file", target});
        TIDEMARK_VERIFY_EXIT(restore, 0);
        QStringList applied;
        for (const QJsonValue& id : restore.jsonObject().value("applied").toArray()) {
            applied << idText(id);
        }
        QVERIFY2(applied.contains(backup.id), qPrintable(restore.describe()));
        QCOMPARE(integrityCheck(target), QStringLiteral("ok"));

        const std::optional<qint64> k = readWriterProgress(target);
        QVERIFY2(k.has_value() && *k > 0,
                 qPrintable(QStringLiteral("no writer progress in %1").arg(target)));
        const QString reference = workspace.dataPath(QStringLiteral("reference-k%1.db").arg(*k));
        QVERIFY2(buildWriterReference(reference, *k, &error), qPrintable(error));
        QString why;
        QVERIFY2(restoredEquals(target, reference, &why),
                 qPrintable(QStringLiteral("%1 backup restored as k=%2: %3")
                                .arg(backup.type)
                                .arg(*k)
                                .arg(why)));

        // The state lies inside the backup's time span: every commit finished before the backup
        // started is in it, and none begun after it ended.
        qint64 committedBeforeStart = 0;
        qint64 firstBegunAfterEnd = commits.constLast().k + 1;
        for (const WriterCommit& commit : commits) {
            if (commit.committedMs < backup.startMs) {
                committedBeforeStart = commit.k;
            }
            if (commit.beganMs > backup.endMs && commit.k < firstBegunAfterEnd) {
                firstBegunAfterEnd = commit.k;
            }
        }
        QVERIFY2(
            *k >= committedBeforeStart && *k < firstBegunAfterEnd,
            qPrintable(QStringLiteral("%1 backup (%2 .. %3) restored k=%4, expected %5 <= k < %6")
                           .arg(backup.type)
                           .arg(backup.startMs)
                           .arg(backup.endMs)
                           .arg(*k)
                           .arg(committedBeforeStart)
                           .arg(firstBegunAfterEnd)));
        QVERIFY2(*k >= previousK, "a later backup restored an earlier state");
        previousK = *k;
        qInfo("%s backup restores writer state k=%lld", qPrintable(backup.type),
              static_cast<long long>(*k));
    }
}

QTEST_GUILESS_MAIN(TestCliLiveWriter)
#include "tst_cli_live_writer.moc"
