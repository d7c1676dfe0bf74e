// Drives the real console widgets offscreen over a real workspace: navigation, the timeline,
// the restore wizard end to end (checked against a copy of the source at that point), job
// cancellation, verification. Saves a screenshot of each main view into the build folder.
#include "BackupTableModel.h"
#include "DatabaseListModel.h"
#include "DatabasePage.h"
#include "DemoData.h"
#include "IntegrityPage.h"
#include "JobListModel.h"
#include "JobsDock.h"
#include "LogicalDump.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "RestoreWizard.h"
#include "SqliteFiles.h"
#include "TimelineWidget.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {
const QByteArray kPass("console test passphrase");
constexpr qint64 kT0 = 1772359200000; // 2026-03-01T10:00:00Z

QString shotDir() {
    QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}
void shoot(QWidget* w, const QString& name) {
    QApplication::processEvents();
    QVERIFY(w->grab().save(shotDir() + QLatin1Char('/') + name + QStringLiteral(".png")));
}
} // namespace

class ConsoleTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>(kT0);
    std::unique_ptr<WorkspaceSession> session_;
    std::unique_ptr<MainWindow> window_;
    QList<BackupInfo> shopBackups_;
    QStringList references_;

    QString path(const QString& n) const { return dir_.path() + QLatin1Char('/') + n; }

private slots:
    void initTestCase() {
        auto ws = Workspace::create(path(QStringLiteral("ws")), QString(), &kPass, clock_);
        QVERIFY2(ws.isOk(), qPrintable(ws.status().message()));
        QString shop = path(QStringLiteral("shop.db"));
        QVERIFY(writeDemoDatabase(shop, 3000, 1).isOk());
        QVERIFY((*ws)->addDatabase(QStringLiteral("shop"), shop, -1).isOk());
        QString big = path(QStringLiteral("ledger.db"));
        QVERIFY(makeDatabase(big, JournalMode::Wal, 4096, 60000));
        QVERIFY((*ws)->addDatabase(QStringLiteral("ledger"), big, -1).isOk());
        // A few hours of backups with business in between, and a reference copy after each.
        const BackupType plan[] = {BackupType::Full, BackupType::Log, BackupType::Log,
                                   BackupType::Differential, BackupType::Log};
        quint32 seed = 10;
        for (BackupType t : plan) {
            clock_->advanceMs(90 * 60 * 1000);
            JobContext job;
            auto db = (*ws)->catalog().findDatabase(QStringLiteral("shop"));
            auto b = (*ws)->backup((*ws)->catalog(), *db, t, job);
            QVERIFY2(b.isOk(), qPrintable(b.status().message()));
            shopBackups_ << *b;
            QString ref = path(QStringLiteral("ref%1.db").arg(references_.size()));
            QVERIFY(copyDatabase(shop, ref));
            references_ << ref;
            QVERIFY(mutateDemoDatabase(shop, 3.0, seed++).isOk());
        }
        session_ = std::make_unique<WorkspaceSession>(std::move(*ws));
        window_ = std::make_unique<MainWindow>(*session_);
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }

    void modelsBehave() {
        DatabaseListModel databases(*session_);
        QAbstractItemModelTester t1(&databases,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(databases.rowCount(), 2);
        BackupTableModel backups(*session_);
        QAbstractItemModelTester t2(&backups,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        backups.setDatabase(session_->catalog().findDatabase(QStringLiteral("shop"))->uuid);
        QCOMPARE(backups.rowCount(), shopBackups_.size());
        JobListModel jobs(*session_);
        QAbstractItemModelTester t3(&jobs, QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void overviewShowsWhatNeedsAttention() {
        window_->showOverview();
        auto* table = window_->findChild<QTableView*>(QStringLiteral("overviewTable"));
        QVERIFY(table);
        QCOMPARE(table->model()->rowCount(), 2);
        auto* attention = window_->findChild<QLabel*>(QStringLiteral("overviewAttention"));
        QVERIFY(attention->text().contains(QStringLiteral("ledger: not backed up yet")));
        auto* summary = window_->findChild<QLabel*>(QStringLiteral("overviewSummary"));
        QVERIFY(summary->text().startsWith(QStringLiteral("1 of 2")));
        shoot(window_.get(), QStringLiteral("01-overview"));
    }

    void timelineShowsBackupsAndWindow() {
        window_->showDatabase(QStringLiteral("shop"));
        QCOMPARE(window_->currentDatabase(), QStringLiteral("shop"));
        TimelineWidget* timeline = window_->databasePage()->timeline();
        QCOMPARE(timeline->data().itemCount(), int(shopBackups_.size()));
        QCOMPARE(timeline->data().windowStartMs(), shopBackups_.first().snapshotMs);
        QCOMPARE(timeline->data().windowEndMs(), shopBackups_.last().snapshotMs);
        // A click far left of the window leaves the cursor at the window's start.
        QTest::mouseClick(timeline, Qt::LeftButton, {}, QPoint(100, 40));
        QCOMPARE(timeline->cursorMs(), shopBackups_.first().snapshotMs);
        qint64 span = timeline->viewEndMs() - timeline->viewStartMs();
        timeline->zoomBy(0.5, timeline->cursorMs());
        QVERIFY(timeline->viewEndMs() - timeline->viewStartMs() < span);
        timeline->showAll();
        shoot(window_.get(), QStringLiteral("02-timeline"));
        window_->databasePage()->tabs()->setCurrentIndex(1);
        QCOMPARE(window_->databasePage()->backupsTable()->model()->rowCount(), shopBackups_.size());
        auto* filter = window_->findChild<QLineEdit*>(QStringLiteral("backupsFilter"));
        QTest::keyClicks(filter, QStringLiteral("Differential"));
        QCOMPARE(window_->databasePage()->backupsTable()->model()->rowCount(), 1);
        filter->clear();
        shoot(window_.get(), QStringLiteral("03-backups"));
        window_->databasePage()->tabs()->setCurrentIndex(2);
        shoot(window_.get(), QStringLiteral("04-policy"));
        window_->databasePage()->tabs()->setCurrentIndex(0);
    }

    void restoreWizardRestoresTheChosenPoint() {
        // Between the third and fourth backups: the state captured by the third.
        const int chosen = 2;
        qint64 point = shopBackups_[chosen].snapshotMs + 60 * 1000;
        RestoreWizard* wizard = window_->openRestoreWizard(QStringLiteral("shop"), point);
        QVERIFY(QTest::qWaitForWindowExposed(wizard));
        shoot(wizard, QStringLiteral("05-wizard-source"));
        wizard->next();
        QCOMPARE(wizard->currentId(), int(RestoreWizard::PointPage));
        QCOMPARE(wizard->pointMs(), point);
        auto* chosenLabel = wizard->findChild<QLabel*>(QStringLiteral("restorePointBackup"));
        QVERIFY(chosenLabel->text().contains(formatTime(shopBackups_[chosen].snapshotMs)));
        shoot(wizard, QStringLiteral("06-wizard-point"));
        wizard->next();
        auto* name = wizard->findChild<QLineEdit*>(QStringLiteral("restoreNameEdit"));
        auto* file = wizard->findChild<QLineEdit*>(QStringLiteral("restoreFileEdit"));
        // Refused as typed: a registered name, then an invalid one, then an existing file.
        name->setText(QStringLiteral("shop"));
        QVERIFY(!wizard->currentPage()->isComplete());
        name->setText(QStringLiteral("bad;name"));
        QVERIFY(!wizard->currentPage()->isComplete());
        name->setText(QStringLiteral("shop_restored"));
        file->setText(references_.first());
        QVERIFY(!wizard->currentPage()->isComplete());
        QString target = path(QStringLiteral("restored.db"));
        file->setText(target);
        QVERIFY(wizard->currentPage()->isComplete());
        shoot(wizard, QStringLiteral("07-wizard-target"));
        wizard->next();
        auto* plan = wizard->findChild<QTableWidget*>(QStringLiteral("restorePlanTable"));
        QCOMPARE(plan->rowCount(), chosen + 1); // full and two logs
        wizard->findChild<QPushButton*>(QStringLiteral("showCommandButton"))->click();
        QVERIFY(wizard->commandLine().contains(QStringLiteral("--as 'shop_restored'")));
        shoot(wizard, QStringLiteral("08-wizard-plan"));
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(wizard->currentPage()->isComplete(), 30000);
        QVERIFY2(wizard->job()->status.isOk(), qPrintable(wizard->job()->status.message()));
        shoot(wizard, QStringLiteral("09-wizard-done"));
        QString why;
        QVERIFY2(restoredEquals(target, references_[chosen], &why), qPrintable(why));
        QVERIFY(session_->catalog().findDatabase(QStringLiteral("shop_restored")).isOk());
        wizard->close();
    }

    void queuedJobCanBeCancelled() {
        window_->showDatabase(QStringLiteral("ledger"));
        // Two runner threads: the third backup waits in the queue and is cancelled there.
        session_->startBackup(QStringLiteral("ledger"), BackupType::Full);
        session_->startBackup(QStringLiteral("ledger"), BackupType::Full);
        auto third = session_->startBackup(QStringLiteral("ledger"), BackupType::Full);
        JobsDock* dock = window_->jobsDock();
        dock->table()->selectRow(0);
        QVERIFY(dock->cancelButton()->isEnabled());
        dock->cancelButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            third->done.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 60000);
        QVERIFY(third->status.isCancelled());
        QTRY_COMPARE_WITH_TIMEOUT(
            session_->backups(session_->catalog().findDatabase(QStringLiteral("ledger"))->uuid)
                .size(),
            2, 60000);
        // The views catch up on their next poll.
        QTRY_COMPARE_WITH_TIMEOUT(window_->databasePage()->timeline()->data().itemCount(), 2, 5000);
        dock->table()->selectRow(1);
        QTRY_VERIFY(!dock->cancelButton()->isEnabled());
        shoot(window_.get(), QStringLiteral("10-jobs"));
    }

    void verifyFromTheIntegrityPage() {
        window_->showIntegrity();
        IntegrityPage* page = window_->integrityPage();
        QTest::mouseClick(page->verifyButton(), Qt::LeftButton);
        auto* result = page->findChild<QLabel*>(QStringLiteral("verifyResult"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("OK")), 60000);
        shoot(window_.get(), QStringLiteral("11-integrity"));
    }

    void cleanupTestCase() {
        window_.reset();
        session_.reset();
    }
};

QTEST_MAIN(ConsoleTest)
#include "tst_gui_console.moc"
