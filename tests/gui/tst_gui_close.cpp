// Closing the console while its agent protects databases: the user is asked, Cancel keeps
// everything running, "Stop protecting and quit" stops the agent; the tray menu opens the
// window, pauses and resumes protection, and quits.
#include "MainWindow.h"
#include "SqliteFiles.h"
#include "TrayStatus.h"
#include "core/Clock.h"
#include "workspace/Workspace.h"

#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {

const QByteArray kPass("close console test passphrase");

QAction* trayAction(MainWindow& window, const char* name) {
    return window.trayStatus()->menu()->findChild<QAction*>(QLatin1String(name));
}

// Answers the close question with the button named `button` once it is shown.
void answerCloseQuestion(const QString& button, QStringList* offered) {
    QTimer::singleShot(0, [button, offered] {
        auto* ask = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(ask && ask->objectName() == QStringLiteral("closeQuestion"));
        for (QAbstractButton* b : ask->buttons())
            *offered << b->objectName();
        ask->findChild<QPushButton*>(button)->click();
    });
}

} // namespace

class CloseTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<WorkspaceSession> session_;
    std::unique_ptr<MainWindow> window_;

private slots:
    void initTestCase() {
        const QString wsDir = dir_.filePath(QStringLiteral("ws"));
        auto ws = Workspace::create(wsDir, wsDir + QStringLiteral("/vault"), &kPass,
                                    std::make_shared<SystemClock>());
        QVERIFY2(ws.isOk(), qPrintable(ws.status().message()));
        QVERIFY(
            makeDatabase(dir_.filePath(QStringLiteral("notes.db")), JournalMode::Wal, 4096, 200));
        QVERIFY((*ws)
                    ->addDatabase(QStringLiteral("notes"),
                                  dir_.filePath(QStringLiteral("notes.db")), -1)
                    .isOk());
        session_ = std::make_unique<WorkspaceSession>(std::move(*ws));
        window_ = std::make_unique<MainWindow>(*session_);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QVERIFY(session_->agent().start(wsDir, kPass));
    }

    void trayPausesAndResumesProtection() {
        QVERIFY(trayAction(*window_, "trayOpen"));
        QVERIFY(trayAction(*window_, "trayQuit"));
        QAction* pause = trayAction(*window_, "trayPause");
        QVERIFY(pause);
        QCOMPARE(pause->text(), QStringLiteral("Pause protection"));
        pause->trigger();
        QVERIFY(!session_->agent().running());
        QVERIFY(session_->agent().paused());
        QVERIFY2(window_->agentStatus().contains(QStringLiteral("paused")),
                 qPrintable(window_->agentStatus()));
        QAction* resume = trayAction(*window_, "trayPause");
        QCOMPARE(resume->text(), QStringLiteral("Resume protection"));
        resume->trigger();
        QVERIFY(session_->agent().running());
        QCOMPARE(trayAction(*window_, "trayPause")->text(), QStringLiteral("Pause protection"));
    }

    void closingAsksAndCancelKeepsProtecting() {
        QStringList offered;
        answerCloseQuestion(QStringLiteral("cancelCloseButton"), &offered);
        QVERIFY(!window_->close());
        QVERIFY(offered.contains(QStringLiteral("stopAndQuitButton")));
        // Without a system tray there is nowhere to keep protecting from: not offered.
        QCOMPARE(offered.contains(QStringLiteral("keepProtectingButton")),
                 QSystemTrayIcon::isSystemTrayAvailable());
        QVERIFY(window_->isVisible());
        QVERIFY(session_->agent().running());
    }

    void stopAndQuitStopsTheAgent() {
        QStringList offered;
        answerCloseQuestion(QStringLiteral("stopAndQuitButton"), &offered);
        QVERIFY(window_->close());
        QVERIFY(!window_->isVisible());
        QVERIFY(!session_->agent().running());
        QVERIFY(!session_->agent().paused());
    }

    void closingWithoutAnAgentJustCloses() {
        window_->show();
        QVERIFY(!session_->agent().running());
        QVERIFY(window_->close()); // no question: nothing is protected from here
    }

    void cleanupTestCase() {
        window_.reset();
        session_.reset();
    }
};

QTEST_MAIN(CloseTest)
#include "tst_gui_close.moc"
