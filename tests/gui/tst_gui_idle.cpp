// The console shows the engine's health verdict and nothing else. An idle workspace under a
// running agent is a quiet one: after an hour of agent time in which nothing changed (scheduled
// log backups of a rollback-journal database, capture's log intervals of a WAL database with
// nothing to seal), there is no failed job and no red mark anywhere. And a database whose
// newest full is damaged in every copy is at risk in the overview, the tree and the tray while
// every other database stays protected, until the next backup (a full) protects it again.

#include "DatabaseListModel.h"
#include "JobListModel.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "SessionEngine.h"
#include "SqliteFiles.h"
#include "VaultFiles.h"
#include "capture/LogCapture.h"
#include "workspace/Agent.h"
#include "workspace/AgentLock.h"

#include <QLabel>
#include <QListWidget>
#include <QTemporaryDir>
#include <QThread>
#include <QTreeWidget>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {
const QByteArray kPass("idle console test passphrase");
constexpr qint64 kMinute = 60 * 1000;
} // namespace

class ConsoleHealthTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString path(const QString& n) const { return dir_.path() + QLatin1Char('/') + n; }

private slots:
    void anHourOfIdleAgentTimeLeavesNoRedMark() {
        const qint64 start = 1794216000000; // 2026-11-09T09:20:00Z
        auto clock = std::make_shared<ManualClock>(start);
        const QString wsDir = path(QStringLiteral("ws"));
        auto ws = Workspace::create(wsDir, wsDir + QStringLiteral("/vault"), &kPass, clock);
        QVERIFY2(ws.isOk(), qPrintable(ws.status().message()));
        QVERIFY(makeDatabase(path(QStringLiteral("shop.db")), JournalMode::Wal, 4096, 2000));
        QVERIFY(makeDatabase(path(QStringLiteral("notes.db")), JournalMode::Delete, 4096, 500));
        auto shop = (*ws)->addDatabase(QStringLiteral("shop"), path(QStringLiteral("shop.db")), -1);
        QVERIFY(shop.isOk());
        QVERIFY((*ws)
                    ->addDatabase(QStringLiteral("notes"), path(QStringLiteral("notes.db")), -1)
                    .isOk());
        // This test is the workspace's agent for its whole life.
        auto lock = AgentLock::acquire(wsDir, QStringLiteral("idle console test"));
        QVERIFY(lock.isOk());

        // Capture of the WAL database, sealing a log interval every 300 ms of real time while
        // the agent's passes walk an hour of the workspace's clock.
        CaptureOptions captureOptions;
        captureOptions.flushMs = 0;
        LogCapture capture((*ws)->vault(), (*ws)->catalogPath(), *clock, (*ws)->pool(), *shop,
                           captureOptions);
        QVERIFY(capture.step().isOk()); // the rebase that anchors capture
        std::atomic<bool> stop{false};
        std::thread capturing([&] { capture.run(stop, 300); });
        AgentOptions agentOptions;
        Agent agent(**ws, agentOptions);
        AgentReport report;
        for (int slot = 0; slot < 12; ++slot) {
            clock->advanceMs(5 * kMinute);
            agent.pass(report);
            QThread::msleep(400); // at least one log interval of capture per slot
        }
        stop.store(true);
        capturing.join();
        QCOMPARE(report.failures, 0);
        QVERIFY(report.backups > 0);

        auto session = std::make_unique<WorkspaceSession>(std::move(*ws));
        // No failed job anywhere in the history the jobs dock shows.
        QStringList failed;
        for (const JobInfo& j : SessionEngine::catalog(*session).jobs(1000))
            if (j.status != QStringLiteral("succeeded"))
                failed << QStringLiteral("%1 %2 %3: %4").arg(j.kind, j.target, j.status, j.message);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.join(u'\n')));

        MainWindow window(*session);
        window.resize(1200, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showOverview();
        DatabaseListModel model(*session);
        QCOMPARE(model.rowCount(), 2);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY2(model.healthAt(row) == DatabaseListModel::Health::Protected,
                     qPrintable(model.nameAt(row) + QStringLiteral(": ") + model.alertAt(row)));
        QCOMPARE(window.overviewPage()->alerts()->count(), 0);
        auto* attention =
            window.overviewPage()->findChild<QLabel*>(QStringLiteral("overviewAttention"));
        QVERIFY(attention);
        QCOMPARE(attention->text(), QStringLiteral("Nothing needs attention."));
        QVERIFY2(window.agentStatus().contains(QStringLiteral("another process")),
                 qPrintable(window.agentStatus()));
        QVERIFY2(window.trayStatus()->toolTip() ==
                     QStringLiteral("Tidemark: 2 of 2 databases protected"),
                 qPrintable(window.trayStatus()->toolTip()));
        const QString shots =
            QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
        QDir().mkpath(shots);
        QVERIFY(window.grab().save(shots + QStringLiteral("/21-overview-idle.png")));
    }

    void damagedFullIsAtRiskUntilTheNextFull() {
        auto clock = std::make_shared<ManualClock>(1794302400000); // 2026-11-10T09:20:00Z
        const QString wsDir = path(QStringLiteral("damaged"));
        RedundancyConfig lrs;
        lrs.kind = RedundancyKind::LRS;
        lrs.locations = {wsDir + QStringLiteral("/vault")};
        lrs.copies = 2;
        auto ws = Workspace::create(wsDir, lrs, &kPass, clock);
        QVERIFY2(ws.isOk(), qPrintable(ws.status().message()));
        for (const QString& name : {QStringLiteral("hurt"), QStringLiteral("fine")})
            QVERIFY(
                makeDatabase(path(name + QStringLiteral(".db")), JournalMode::Delete, 4096, 300) &&
                (*ws)->addDatabase(name, path(name + QStringLiteral(".db")), -1).isOk());
        auto lock = AgentLock::acquire(wsDir, QStringLiteral("damage console test"));
        QVERIFY(lock.isOk());
        auto session = std::make_unique<WorkspaceSession>(std::move(*ws));
        auto run = [&](const std::shared_ptr<Job>& job) {
            job->wait();
            QApplication::processEvents();
            return job->status.isOk();
        };
        for (const QString& name : {QStringLiteral("hurt"), QStringLiteral("fine")})
            QVERIFY(run(session->startBackup(name, BackupType::Full)));
        clock->advanceMs(10 * kMinute);
        QVERIFY(run(session->startBackup(QStringLiteral("hurt"), BackupType::Full)));
        const QList<BackupInfo> hurtBackups = session->backups(
            SessionEngine::catalog(*session).findDatabase(QStringLiteral("hurt"))->uuid);
        const QString newestFull = hurtBackups.last().id;
        int damaged = 0;
        for (const QString& manifest : filesUnder(wsDir, QStringLiteral(".tmm")))
            if (manifest.endsWith(newestFull + QStringLiteral(".tmm")) && flipByte(manifest, 40))
                ++damaged;
        QCOMPARE(damaged, 2); // the primary and its copy
        QVERIFY(!run(session->startVerify(QString(), std::make_shared<VerifyReport>())));

        MainWindow window(*session);
        window.resize(1200, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        emit session->changed();
        window.showOverview();
        auto healthOf = [&](const QString& name) {
            DatabaseListModel model(*session);
            for (int row = 0; row < model.rowCount(); ++row)
                if (model.nameAt(row) == name)
                    return model.healthAt(row);
            return DatabaseListModel::Health::Dropped;
        };
        auto treeIcon = [&](const QString& name) {
            const auto items =
                window.navigation()->findItems(name, Qt::MatchExactly | Qt::MatchRecursive);
            return items.isEmpty() ? QString() : items.first()->toolTip(0);
        };
        QCOMPARE(healthOf(QStringLiteral("hurt")), DatabaseListModel::Health::AtRisk);
        QCOMPARE(healthOf(QStringLiteral("fine")), DatabaseListModel::Health::Protected);
        QVERIFY2(window.trayStatus()->toolTip().contains(QStringLiteral("hurt: At risk")),
                 qPrintable(window.trayStatus()->toolTip()));
        QVERIFY(!window.trayStatus()->toolTip().contains(QStringLiteral("fine:")));
        QVERIFY(window.overviewPage()->alerts()->count() > 0);
        QVERIFY2(
            window.overviewPage()->alerts()->item(0)->text().startsWith(QStringLiteral("hurt:")),
            qPrintable(window.overviewPage()->alerts()->item(0)->text()));
        QVERIFY(!window.overviewPage()->alerts()->item(0)->text().startsWith(
            QStringLiteral("hurt: hurt:")));
        QVERIFY2(treeIcon(QStringLiteral("hurt")).contains(QStringLiteral("hurt:")),
                 qPrintable(treeIcon(QStringLiteral("hurt"))));
        const QString shots =
            QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
        QDir().mkpath(shots);
        QVERIFY(window.grab().save(shots + QStringLiteral("/22-overview-damaged-full.png")));

        // The next backup, asked for as a differential, is a full; then all is protected.
        clock->advanceMs(5 * kMinute);
        QVERIFY(run(session->startBackup(QStringLiteral("hurt"), BackupType::Differential)));
        const QList<BackupInfo> after = session->backups(
            SessionEngine::catalog(*session).findDatabase(QStringLiteral("hurt"))->uuid);
        QCOMPARE(after.last().type, BackupType::Full);
        emit session->changed();
        QCOMPARE(healthOf(QStringLiteral("hurt")), DatabaseListModel::Health::Protected);
        QVERIFY2(window.trayStatus()->toolTip() ==
                     QStringLiteral("Tidemark: 2 of 2 databases protected"),
                 qPrintable(window.trayStatus()->toolTip()));
        QCOMPARE(window.overviewPage()->alerts()->count(), 0);
    }
};

QTEST_MAIN(ConsoleHealthTest)
#include "tst_gui_idle.moc"
