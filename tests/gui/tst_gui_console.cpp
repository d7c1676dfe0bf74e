// Drives the real console widgets offscreen over a real demo workspace (built by the engine's
// demo builder with the agent on a manual clock): navigation with badges and dropped
// databases, the overview and its alerts, the timeline, the storage and billing charts, the
// bill and its CSV, the what-if panel, the restore wizard end to end (checked against a copy of
// the source at that point) and its other sources, job cancellation, verification and drills,
// the in-process agent and its lock. Saves a screenshot of each view into the build folder.
#include "AboutDialog.h"
#include "BackupTableModel.h"
#include "BillChart.h"
#include "BillTable.h"
#include "ConsumptionChart.h"
#include "DatabaseListModel.h"
#include "DatabasePage.h"
#include "IntegrityPage.h"
#include "JobListModel.h"
#include "JobsDock.h"
#include "LogicalDump.h"
#include "LtrPage.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "RestoreWizard.h"
#include "ScenarioChart.h"
#include "Screenshots.h"
#include "SessionEngine.h"
#include "SqliteFiles.h"
#include "StoragePage.h"
#include "TimelineWidget.h"
#include "VaultFiles.h"
#include "WhatIfPanel.h"
#include "capture/LogCapture.h"
#include "catalog/Alerts.h"
#include "restore/Restorer.h"
#include "workspace/About.h"
#include "workspace/AgentLock.h"
#include "workspace/DemoData.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {
const QByteArray kPass("console test passphrase");
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;

bool isDone(const std::shared_ptr<Job>& job) {
    return job->done.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}
QStringList navigationTexts(QTreeWidget* nav) {
    QStringList out;
    QList<QTreeWidgetItem*> stack;
    for (int i = 0; i < nav->topLevelItemCount(); ++i)
        stack << nav->topLevelItem(i);
    while (!stack.isEmpty()) {
        QTreeWidgetItem* item = stack.takeFirst();
        out << item->text(0);
        for (int i = 0; i < item->childCount(); ++i)
            stack << item->child(i);
    }
    return out;
}
} // namespace

class ConsoleTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::shared_ptr<ManualClock> clock_;
    std::unique_ptr<WorkspaceSession> session_;
    std::unique_ptr<MainWindow> window_;
    QList<BackupInfo> steps_; // shop's log backups taken by the test
    QStringList references_;  // shop's content at each of them
    QString wsDir_;

    QString path(const QString& n) const { return dir_.path() + QLatin1Char('/') + n; }

private slots:
    void initTestCase() {
        wsDir_ = path(QStringLiteral("ws"));
        const qint64 end = 1794060000000; // 2026-11-07T14:00:00Z
        DemoOptions options;
        options.days = 8;
        options.strideHours = 8;
        options.recentDays = 1;
        auto demo = buildDemoWorkspace(wsDir_, kPass, end, options);
        QVERIFY2(demo.isOk(), qPrintable(demo.status().message()));
        QCOMPARE(demo->databases, 3);
        clock_ = std::make_shared<ManualClock>(end + 5 * kMinute);
        auto ws = Workspace::open(wsDir_, &kPass, clock_);
        QVERIFY2(ws.isOk(), qPrintable(ws.status().message()));
        // A bigger database nobody backed up yet, for the alerts and the job queue.
        QString ledger = path(QStringLiteral("ledger.db"));
        QVERIFY(makeDatabase(ledger, JournalMode::Wal, 4096, 60000));
        QVERIFY((*ws)->addDatabase(QStringLiteral("ledger"), ledger, -1).isOk());
        // Two more log backups of shop with business in between, and a reference after each.
        auto shop = (*ws)->catalog().findDatabase(QStringLiteral("shop"));
        QVERIFY(shop.isOk());
        for (int i = 0; i < 2; ++i) {
            QVERIFY(mutateDemoDatabase(shop->file, 1.0, 500 + i, 40).isOk());
            clock_->advanceMs(10 * kMinute);
            JobContext job;
            auto b = (*ws)->backup((*ws)->catalog(), *shop, BackupType::Log, job);
            QVERIFY2(b.isOk(), qPrintable(b.status().message()));
            steps_ << *b;
            QString ref = path(QStringLiteral("ref%1.db").arg(i));
            QVERIFY(copyDatabase(shop->file, ref));
            references_ << ref;
        }
        QVERIFY(mutateDemoDatabase(shop->file, 1.0, 600, 40).isOk());
        clock_->advanceMs(kMinute);
        session_ = std::make_unique<WorkspaceSession>(std::move(*ws));
        window_ = std::make_unique<MainWindow>(*session_);
        window_->resize(1366, 860);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }

    void modelsBehave() {
        DatabaseListModel databases(*session_);
        QAbstractItemModelTester t1(&databases,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(databases.rowCount(), 4);
        QCOMPARE(databases.dropped().size(), 1);
        BackupTableModel backups(*session_);
        QAbstractItemModelTester t2(&backups,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString shop =
            SessionEngine::catalog(*session_).findDatabase(QStringLiteral("shop"))->uuid;
        backups.setDatabase(shop);
        QCOMPARE(backups.rowCount(), session_->backups(shop).size());
        JobListModel jobs(*session_);
        QAbstractItemModelTester t3(&jobs, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(jobs.rowCount() > 0);
        BillTable bill;
        QAbstractItemModelTester t4(&bill, QAbstractItemModelTester::FailureReportingMode::QtTest);
        bill.load(*session_, QString(), BillTable::Grouping::ByDatabase);
        QVERIFY(bill.rowCount() > 0);
    }

    void navigationListsDatabasesDroppedAndLtr() {
        QStringList texts = navigationTexts(window_->navigation());
        for (const char* t :
             {"Overview", "Storage and billing", "Databases (4)", "shop", "crm", "warehouse",
              "ledger", "Dropped databases (1)", "legacy", "Long-term backups", "Integrity"})
            QVERIFY2(texts.contains(QLatin1String(t)), t);
        // shop keeps weekly LTR copies in the demo.
        QVERIFY(!SessionEngine::catalog(*session_).ltrBackups().isEmpty());
        QVERIFY(texts.count(QStringLiteral("shop")) == 2);
        window_->showLtr(QStringLiteral("shop"));
        QVERIFY(window_->ltrPage()->isVisible());
        QVERIFY(window_->ltrPage()->table()->rowCount() > 0);
        shoot(window_.get(), QStringLiteral("15-ltr"));
    }

    void overviewShowsWhatNeedsAttention() {
        window_->showOverview();
        auto* table = window_->findChild<QTableView*>(QStringLiteral("overviewTable"));
        QCOMPARE(table->model()->rowCount(), 4);
        auto* summary = window_->findChild<QLabel*>(QStringLiteral("overviewSummary"));
        QVERIFY2(summary->text().startsWith(QStringLiteral("3 of 4")), qPrintable(summary->text()));
        QStringList alerts;
        for (int i = 0; i < window_->overviewPage()->alerts()->count(); ++i)
            alerts << window_->overviewPage()->alerts()->item(i)->text();
        QVERIFY(alerts.contains(QStringLiteral("ledger: not backed up yet")));
        // The demo ran on a simulated clock, so nothing was captured commit by commit: said
        // plainly, never a number.
        DatabaseListModel model(*session_);
        QCOMPARE(
            model.data(model.index(0, DatabaseListModel::CaptureLag), Qt::DisplayRole).toString(),
            QStringLiteral("not captured"));
        QVERIFY(model.data(model.index(0, DatabaseListModel::RestoreWindow), Qt::DisplayRole)
                    .toString()
                    .contains(QStringLiteral(" to ")));
        shoot(window_.get(), QStringLiteral("01-overview"));
    }

    void timelineShowsBackupsAndWindow() {
        window_->showDatabase(QStringLiteral("shop"));
        QCOMPARE(window_->currentDatabase(), QStringLiteral("shop"));
        TimelineWidget* timeline = window_->databasePage()->timeline();
        const QString uuid =
            SessionEngine::catalog(*session_).findDatabase(QStringLiteral("shop"))->uuid;
        const RestoreWindow w = session_->window(uuid);
        QCOMPARE(timeline->data().windowStartMs(), w.earliestMs);
        QCOMPARE(timeline->data().windowEndMs(), steps_.last().snapshotMs);
        QVERIFY(!timeline->data().items(TimelineData::Ltr).empty());
        QVERIFY(timeline->data().replicatedMs() > 0); // the demo ends on GRS
        // A click far left of the window leaves the cursor at the window's start.
        QTest::mouseClick(timeline, Qt::LeftButton, {}, QPoint(100, 40));
        QCOMPARE(timeline->cursorMs(), w.earliestMs);
        // A click in the middle rests inside the window.
        QTest::mouseClick(timeline, Qt::LeftButton, {}, QPoint(timeline->width() / 2, 40));
        QVERIFY(timeline->cursorMs() >= w.earliestMs && timeline->cursorMs() <= w.latestMs);
        qint64 span = timeline->viewEndMs() - timeline->viewStartMs();
        timeline->zoomBy(0.5, timeline->cursorMs());
        QVERIFY(timeline->viewEndMs() - timeline->viewStartMs() < span);
        // Shift+drag zooms to the band.
        timeline->showAll();
        QTest::mousePress(timeline, Qt::LeftButton, Qt::ShiftModifier, QPoint(300, 60));
        QTest::mouseMove(timeline, QPoint(400, 60));
        QTest::mouseRelease(timeline, Qt::LeftButton, Qt::ShiftModifier, QPoint(400, 60));
        QVERIFY(timeline->viewEndMs() - timeline->viewStartMs() < span / 4);
        timeline->showAll();
        shoot(window_.get(), QStringLiteral("02-timeline"));
        window_->databasePage()->tabs()->setCurrentIndex(1);
        auto* filter = window_->findChild<QLineEdit*>(QStringLiteral("backupsFilter"));
        QTest::keyClicks(filter, QStringLiteral("Full"));
        const int fulls = window_->databasePage()->backupsTable()->model()->rowCount();
        QVERIFY(fulls >= 1 && fulls < session_->backups(uuid).size());
        filter->clear();
        shoot(window_.get(), QStringLiteral("03-backups"));
        window_->databasePage()->tabs()->setCurrentIndex(2);
        shoot(window_.get(), QStringLiteral("04-policy"));
        window_->databasePage()->tabs()->setCurrentIndex(0);
    }

    void storageChartsAndTheBill() {
        window_->showStorage();
        StoragePage* page = window_->storagePage();
        QVERIFY(page->isVisible());
        page->setRangeDays(30);
        // Stacked full, differential, log (and LTR) with the allowance line.
        QVERIFY(page->consumptionChart()->seriesCount() >= 4);
        QVERIFY(page->consumptionChart()->maxStackedBytes() > 0);
        shoot(window_.get(), QStringLiteral("12-storage-consumption"));
        page->setDatabase(QStringLiteral("shop"));
        QVERIFY(page->consumptionChart()->seriesCount() >= 4);
        page->setDatabase(QString());
        page->tabs()->setCurrentIndex(StoragePage::BillTab);
        // The bill agrees with the engine's own bills, and shop (its allowance is small) bills.
        const Rates rates = storedRates(SessionEngine::catalog(*session_));
        double engineTotal = 0;
        for (const MonthlyBill& b :
             monthlyBills(SessionEngine::catalog(*session_), rates, QString(), QString()))
            engineTotal += b.total;
        QVERIFY(engineTotal > 0);
        QVERIFY(qAbs(page->billTable().totalCost() - engineTotal) < 1e-9);
        bool shopBills = false;
        for (const BillTable::Row& r : page->billTable().rows())
            shopBills = shopBills || (r.group == QStringLiteral("shop") && r.billable > 0);
        QVERIFY(shopBills);
        QVERIFY(!page->billChart()->categories().isEmpty());
        shoot(window_.get(), QStringLiteral("13-storage-bill"));
        QString csv = path(QStringLiteral("bill.csv"));
        page->setNextExportPath(csv);
        page->findChild<QPushButton*>(QStringLiteral("billExportButton"))->click();
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split(u'\n');
        QVERIFY(lines.first().startsWith(QStringLiteral("month,group,pitr_gb_month")));
        QCOMPARE(lines.size(), page->billTable().rowCount() + 1);
        // By redundancy: the demo ran LRS, then GRS.
        auto* grouping = page->findChild<QComboBox*>(QStringLiteral("billGrouping"));
        grouping->setCurrentIndex(1);
        QStringList groups = page->billTable().groups();
        QVERIFY2(groups.contains(QStringLiteral("LRS")) && groups.contains(QStringLiteral("GRS")),
                 qPrintable(groups.join(u',')));
        grouping->setCurrentIndex(0);
    }

    void whatIfComparesScenariosThroughTheSimulator() {
        StoragePage* page = window_->storagePage();
        page->tabs()->setCurrentIndex(StoragePage::WhatIfTab);
        WhatIfPanel* panel = page->whatIf();
        panel->findChild<QPushButton*>(QStringLiteral("whatIfCompare"))->click();
        QCOMPARE(panel->results().size(), 3);
        QCOMPARE(panel->chart()->scenarioCount(), 3);
        // Scenario B keeps 35 days instead of 7: more storage on the last simulated hour.
        const UsageSample& a = panel->results()[0].hours.last();
        const UsageSample& b = panel->results()[1].hours.last();
        QVERIFY(b.pitrBytes() > a.pitrBytes());
        QVERIFY(panel->resultTable()->rowCount() >= 3);
        shoot(window_.get(), QStringLiteral("14-storage-whatif"));
    }

    void restoreWizardRestoresTheChosenPoint() {
        // Between the test's two log backups: the state captured by the first.
        qint64 point = steps_[0].snapshotMs + kMinute;
        RestoreWizard* wizard = window_->openRestoreWizard(QStringLiteral("shop"), point);
        QVERIFY(QTest::qWaitForWindowExposed(wizard));
        QCOMPARE(wizard->kind(), RestoreWizard::Kind::PointInTime);
        // Every kind is possible here but a dropped database's.
        QVERIFY(!wizard->findChild<QRadioButton*>(QStringLiteral("sourceDeleted"))->isEnabled());
        QVERIFY(wizard->findChild<QRadioButton*>(QStringLiteral("sourceGeo"))->isEnabled());
        QVERIFY(wizard->findChild<QRadioButton*>(QStringLiteral("sourceLtr"))->isEnabled());
        shoot(wizard, QStringLiteral("05-wizard-source"));
        wizard->next();
        QCOMPARE(wizard->currentId(), int(RestoreWizard::PointPage));
        QCOMPARE(wizard->pointMs(), point);
        auto* chosenLabel = wizard->findChild<QLabel*>(QStringLiteral("restorePointBackup"));
        QVERIFY(chosenLabel->text().contains(formatTime(steps_[0].snapshotMs)));
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
        auto chain = session_->planRestore(steps_[0].databaseUuid, point);
        QVERIFY(chain.isOk());
        QCOMPARE(plan->rowCount(), chain->size());
        QCOMPARE(plan->item(plan->rowCount() - 1, 5)->text(), steps_[0].id);
        wizard->findChild<QPushButton*>(QStringLiteral("showCommandButton"))->click();
        QVERIFY(wizard->commandLine().contains(QStringLiteral("--as 'shop_restored'")));
        QVERIFY(wizard->commandLine().contains(QStringLiteral("--to ") + formatTime(point)));
        shoot(wizard, QStringLiteral("08-wizard-plan"));
        wizard->next();
        shoot(wizard, QStringLiteral("09-wizard-run"));
        QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(RestoreWizard::DonePage), 30000);
        QVERIFY2(wizard->job()->status.isOk(), qPrintable(wizard->job()->status.message()));
        auto* done = wizard->findChild<QLabel*>(QStringLiteral("restoreDoneText"));
        QVERIFY(done->text().contains(QStringLiteral("matches the hash recorded")));
        QVERIFY(wizard->findChild<QPushButton*>(QStringLiteral("openFolderButton"))->isVisible());
        shoot(wizard, QStringLiteral("10-wizard-done"));
        QString why;
        QVERIFY2(restoredEquals(target, references_[0], &why), qPrintable(why));
        QVERIFY(
            SessionEngine::catalog(*session_).findDatabase(QStringLiteral("shop_restored")).isOk());
        wizard->close();
    }

    void wizardOffersGeoLtrAndDroppedSources() {
        // Geo: the newest point on the secondary.
        RestoreWizard* geo = window_->openRestoreWizard(QStringLiteral("crm"));
        QVERIFY(geo->setKind(RestoreWizard::Kind::Geo));
        geo->next();
        auto* geoText = geo->findChild<QLabel*>(QStringLiteral("restoreGeoPoint"));
        QVERIFY2(geoText->text().contains(QStringLiteral("newest point on the secondary")),
                 qPrintable(geoText->text()));
        QVERIFY(geo->currentPage()->isComplete());
        shoot(geo, QStringLiteral("06b-wizard-geo-point"));
        geo->close();
        // A dropped database: only "restore the dropped database", up to the drop time.
        window_->showDatabase(QStringLiteral("legacy"));
        QVERIFY(window_->databasePage()->restoreDroppedButton()->isVisible());
        shoot(window_.get(), QStringLiteral("16-dropped-database"));
        RestoreWizard* dropped = window_->openRestoreWizard(QStringLiteral("legacy"));
        QCOMPARE(dropped->kind(), RestoreWizard::Kind::Deleted);
        QVERIFY(
            !dropped->findChild<QRadioButton*>(QStringLiteral("sourcePointInTime"))->isEnabled());
        QVERIFY(
            dropped->whyNot(RestoreWizard::Kind::PointInTime).contains(QStringLiteral("dropped")));
        QVERIFY(dropped->whyNot(RestoreWizard::Kind::Geo).contains(QStringLiteral("dropped")));
        shoot(dropped, QStringLiteral("05b-wizard-source-dropped"));
        dropped->next();
        QVERIFY(dropped->pointMs() <=
                session_->findAnyDatabase(QStringLiteral("legacy"))->droppedMs);
        QVERIFY(dropped->commandLine().contains(QStringLiteral("--deleted --to ")));
        dropped->close();
        // LTR: from the long-term backups page, restored end to end.
        window_->showLtr(QStringLiteral("shop"));
        QTableWidget* copies = window_->ltrPage()->table();
        copies->selectRow(0);
        const QString ltrId = copies->item(0, 6)->text();
        window_->ltrPage()->restoreButton()->click();
        auto* ltr = window_->findChild<RestoreWizard*>(QString(), Qt::FindDirectChildrenOnly);
        QList<RestoreWizard*> wizards = window_->findChildren<RestoreWizard*>();
        for (RestoreWizard* w : wizards)
            if (w->isVisible())
                ltr = w;
        QVERIFY(ltr);
        QCOMPARE(ltr->kind(), RestoreWizard::Kind::Ltr);
        ltr->next();
        QCOMPARE(ltr->ltrId(), ltrId);
        shoot(ltr, QStringLiteral("06c-wizard-ltr-point"));
        ltr->next();
        ltr->findChild<QLineEdit*>(QStringLiteral("restoreNameEdit"))
            ->setText(QStringLiteral("shop_ltr"));
        ltr->findChild<QLineEdit*>(QStringLiteral("restoreFileEdit"))
            ->setText(path(QStringLiteral("ltr.db")));
        ltr->next();
        QCOMPARE(ltr->findChild<QTableWidget*>(QStringLiteral("restorePlanTable"))->rowCount(), 1);
        QVERIFY(ltr->commandLine().contains(QStringLiteral("--ltr ") + ltrId));
        ltr->next();
        QTRY_COMPARE_WITH_TIMEOUT(ltr->currentId(), int(RestoreWizard::DonePage), 30000);
        QCOMPARE(integrityCheck(path(QStringLiteral("ltr.db"))), QStringLiteral("ok"));
        ltr->close();
    }

    void ltrWizardRestoresTheSelectedCopyNotTheFirst() {
        window_->showLtr(QStringLiteral("shop"));
        QTableWidget* copies = window_->ltrPage()->table();
        QVERIFY2(copies->rowCount() >= 2, "the demo keeps two long-term copies of shop");
        const QString firstId = copies->item(0, 6)->text();
        const QString secondId = copies->item(1, 6)->text();
        // Each copy as the engine reads it, without registering anything.
        auto reference = [this](const QString& ltrId, const QString& file) {
            RestoreRequest request;
            request.source = RestoreRequest::Source::Ltr;
            request.ltrId = ltrId;
            const RestorePlan plan = session_->restorePlan(request);
            JobContext job;
            Restorer restorer(SessionEngine::workspace(*session_).vault(),
                              SessionEngine::workspace(*session_).pool(),
                              SessionEngine::workspace(*session_).files());
            return plan.restorable() && restorer.restore(plan.chain, file, job).isOk();
        };
        const QString firstCopy = path(QStringLiteral("ltr-first-copy.db"));
        const QString secondCopy = path(QStringLiteral("ltr-second-copy.db"));
        QVERIFY(reference(firstId, firstCopy));
        QVERIFY(reference(secondId, secondCopy));
        QVERIFY(logicalDump(firstCopy) != logicalDump(secondCopy));

        copies->selectRow(1);
        window_->ltrPage()->restoreButton()->click();
        RestoreWizard* wizard = nullptr;
        for (RestoreWizard* w : window_->findChildren<RestoreWizard*>())
            if (w->isVisible())
                wizard = w;
        QVERIFY(wizard);
        QCOMPARE(wizard->kind(), RestoreWizard::Kind::Ltr);
        wizard->next();
        QCOMPARE(wizard->ltrId(), secondId);
        wizard->next();
        const QString target = path(QStringLiteral("ltr-second.db"));
        wizard->findChild<QLineEdit*>(QStringLiteral("restoreNameEdit"))
            ->setText(QStringLiteral("shop_ltr_second"));
        wizard->findChild<QLineEdit*>(QStringLiteral("restoreFileEdit"))->setText(target);
        wizard->next();
        auto* plan = wizard->findChild<QTableWidget*>(QStringLiteral("restorePlanTable"));
        QCOMPARE(plan->rowCount(), 1);
        QCOMPARE(plan->item(0, 5)->text(), secondId);
        wizard->next();
        QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(RestoreWizard::DonePage), 30000);
        QCOMPARE(logicalDump(target), logicalDump(secondCopy));
        QVERIFY(logicalDump(target) != logicalDump(firstCopy));
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
        QTRY_VERIFY_WITH_TIMEOUT(isDone(third), 60000);
        QVERIFY(third->status.isCancelled());
        const QString uuid =
            SessionEngine::catalog(*session_).findDatabase(QStringLiteral("ledger"))->uuid;
        QTRY_COMPARE_WITH_TIMEOUT(session_->backups(uuid).size(), 2, 60000);
        // The views catch up on their next poll.
        QTRY_COMPARE_WITH_TIMEOUT(window_->databasePage()->timeline()->data().itemCount(), 2, 5000);
        dock->table()->selectRow(1);
        QTRY_VERIFY(!dock->cancelButton()->isEnabled());
        shoot(window_.get(), QStringLiteral("17-jobs"));
    }

    void jobsDockListsNewestFirstAndFilters() {
        JobsDock* dock = window_->jobsDock();
        QAbstractItemModel* shown = dock->table()->model();
        QVERIFY(shown->rowCount() > 3);
        // Newest first, each with its start time and duration.
        qint64 previous = std::numeric_limits<qint64>::max();
        for (int row = 0; row < shown->rowCount(); ++row) {
            const qint64 started =
                shown->index(row, 0).data(JobListModel::StartedRole).toLongLong();
            QVERIFY2(started <= previous, qPrintable(QString::number(row)));
            previous = started;
            if (shown->index(row, 0).data(JobListModel::StateRole).toString() != "running") {
                QVERIFY(!shown->index(row, JobListModel::Started).data().toString().isEmpty());
                QVERIFY(!shown->index(row, JobListModel::Duration).data().toString().isEmpty());
            }
        }
        auto* state = dock->findChild<QComboBox*>(QStringLiteral("jobsStateFilter"));
        auto* database = dock->findChild<QComboBox*>(QStringLiteral("jobsDatabaseFilter"));
        state->setCurrentIndex(state->findData(QStringLiteral("cancelled")));
        QVERIFY(shown->rowCount() >= 1);
        for (int row = 0; row < shown->rowCount(); ++row)
            QCOMPARE(shown->index(row, 0).data(JobListModel::StateRole).toString(),
                     QStringLiteral("cancelled"));
        state->setCurrentIndex(0);
        database->setCurrentIndex(database->findData(QStringLiteral("ledger")));
        QVERIFY(shown->rowCount() >= 3);
        for (int row = 0; row < shown->rowCount(); ++row)
            QCOMPARE(shown->index(row, JobListModel::Target).data().toString(),
                     QStringLiteral("ledger"));
        shoot(window_.get(), QStringLiteral("17b-jobs-filtered"));
        database->setCurrentIndex(0);
    }

    void helpAboutNamesVersionFormatAndLicences() {
        auto* action = window_->findChild<QAction*>(QStringLiteral("actionAbout"));
        QVERIFY(action);
        action->trigger();
        auto* about = window_->findChild<AboutDialog*>(QStringLiteral("aboutDialog"));
        QVERIFY(about && about->isVisible());
        const QString title = about->findChild<QLabel*>(QStringLiteral("aboutTitle"))->text();
        QVERIFY2(title.contains(aboutTidemark().version) && title.contains("Vault format 1"),
                 qPrintable(title));
        auto* table = about->findChild<QTableWidget*>(QStringLiteral("aboutComponents"));
        QStringList names;
        for (int row = 0; row < table->rowCount(); ++row) {
            names << table->item(row, 0)->text();
            QVERIFY(!table->item(row, 1)->text().isEmpty());
            QVERIFY(!table->item(row, 2)->text().isEmpty());
        }
        for (const char* library : {"Qt", "SQLite", "OpenSSL", "zstd"})
            QVERIFY2(names.contains(QLatin1String(library)), library);
        QCOMPARE(table->item(0, 1)->text(), QString::fromLatin1(qVersion()));
        shoot(about, QStringLiteral("18-about"));
        about->close();
    }

    void verifyAndDrillFromTheIntegrityPage() {
        window_->showIntegrity();
        IntegrityPage* page = window_->integrityPage();
        QCOMPARE(page->databaseTable()->rowCount(), int(session_->databases().size()));
        QTest::mouseClick(page->verifyButton(), Qt::LeftButton);
        auto* result = page->findChild<QLabel*>(QStringLiteral("verifyResult"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("OK")), 60000);
        page->startDrill(QStringLiteral("warehouse"));
        QTRY_VERIFY_WITH_TIMEOUT(
            result->text().startsWith(QStringLiteral("OK: restore drill of warehouse")), 60000);
        // The per-database table shows the verification and the drill.
        QTRY_VERIFY(page->databaseTable()->item(0, 3) &&
                    page->databaseTable()->item(0, 3)->text().contains(QStringLiteral("packs")));
        // A whole-vault verification says so, and each row speaks only of its own database
        // (from the job's structured result and the catalog, not from the job's text).
        QVERIFY(
            page->databaseTable()->item(0, 3)->text().startsWith(QStringLiteral("whole vault:")));
        for (int row = 0; row < page->databaseTable()->rowCount(); ++row)
            QCOMPARE(page->databaseTable()->item(row, 4)->text(),
                     QStringLiteral("none in this database"));
        // Its health column is the engine's verdict, as in the overview.
        DatabaseListModel verdicts(*session_);
        for (int row = 0; row < page->databaseTable()->rowCount(); ++row)
            for (int m = 0; m < verdicts.rowCount(); ++m)
                if (verdicts.nameAt(m) == page->databaseTable()->item(row, 0)->text())
                    QCOMPARE(page->databaseTable()->item(row, 1)->text(),
                             DatabaseListModel::healthText(verdicts.healthAt(m)));
        shoot(window_.get(), QStringLiteral("11-integrity"));
    }

    void integrityPageListsWhatVerifyHealed() {
        // A pack the geo secondary holds too, damaged in the primary: verify heals it from there.
        const RedundancyConfig& redundancy = SessionEngine::workspace(*session_).redundancy();
        QVERIFY(redundancy.geo());
        QString damaged;
        for (const QString& copy :
             filesUnder(redundancy.secondary + QStringLiteral("/packs"), QStringLiteral(".pack"))) {
            const QString twin = redundancy.primary() + copy.mid(redundancy.secondary.size());
            if (QFileInfo::exists(twin)) {
                damaged = twin;
                break;
            }
        }
        QVERIFY(!damaged.isEmpty());
        QVERIFY(flipByte(damaged, QFileInfo(damaged).size() / 2));
        window_->showIntegrity();
        IntegrityPage* page = window_->integrityPage();
        QTest::mouseClick(page->verifyButton(), Qt::LeftButton);
        auto* result = page->findChild<QLabel*>(QStringLiteral("verifyResult"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("OK after healing")),
                                 60000);
        QVERIFY2(result->text().contains(QStringLiteral("1 damaged object(s) healed")),
                 qPrintable(result->text()));
        auto* details = page->findChild<QListWidget*>(QStringLiteral("verifyProblems"));
        QCOMPARE(details->count(), 1);
        QVERIFY2(details->item(0)->text().contains(QFileInfo(damaged).completeBaseName()),
                 qPrintable(details->item(0)->text()));
        // The job record counts it too.
        QTRY_VERIFY(page->databaseTable()->item(0, 5) &&
                    page->databaseTable()->item(0, 5)->text() == QStringLiteral("1 healed"));
    }

    void missedBackupsStandOut() {
        // Five hours without an agent: every protected database has missed its log backups.
        clock_->advanceMs(5 * kHour);
        emit session_->changed();
        window_->showOverview();
        QStringList alerts;
        for (int i = 0; i < window_->overviewPage()->alerts()->count(); ++i)
            alerts << window_->overviewPage()->alerts()->item(i)->text();
        QVERIFY2(alerts.filter(QStringLiteral("backups are overdue")).size() >= 3,
                 qPrintable(alerts.join(u'\n')));
        shoot(window_.get(), QStringLiteral("18-overview-missed"));
    }

    void agentRunsHereUnlessAnotherHoldsTheWorkspace() {
        {
            auto other = AgentLock::acquire(wsDir_, QStringLiteral("another test agent"));
            QVERIFY(other.isOk());
            QVERIFY(!session_->agent().start(wsDir_, kPass));
            QVERIFY(window_->agentStatus().contains(QStringLiteral("not run here")));
            QVERIFY(window_->agentStatus().contains(QStringLiteral("another test agent")));
        }
        QVERIFY(session_->agent().start(wsDir_, kPass));
        QVERIFY(session_->agent().running());
        QVERIFY(window_->agentStatus().contains(QStringLiteral("running in this console")));
        session_->agent().stop();
        QVERIFY(!session_->agent().running());
    }

    void captureShowsLagAndReachesEveryCommit() {
        auto shop = SessionEngine::catalog(*session_).findDatabase(QStringLiteral("shop"));
        QVERIFY(shop.isOk());
        CaptureOptions options;
        options.flushMs = 0;
        LogCapture capture(SessionEngine::workspace(*session_).vault(),
                           SessionEngine::workspace(*session_).catalogPath(), *clock_,
                           SessionEngine::workspace(*session_).pool(), *shop, options);
        QVERIFY(capture.step().isOk()); // the rebase that anchors capture
        QVERIFY(capture.snapshot().lastCommit >= 0);
        QVERIFY(execSql(shop->file, QStringLiteral("CREATE TABLE captured(x); "
                                                   "INSERT INTO captured VALUES (1);")));
        clock_->advanceMs(2000);
        QVERIFY(capture.step().isOk());
        QVERIFY(capture.flush().isOk());
        QVERIFY(capture.snapshot().durableCommit > capture.snapshot().lastCommit - 1);
        clock_->advanceMs(1500);
        DatabaseListModel model(*session_);
        int row = -1;
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.data(model.index(r, DatabaseListModel::Name), Qt::DisplayRole).toString() ==
                QStringLiteral("shop"))
                row = r;
        }
        QVERIFY(row >= 0);
        const QString lag =
            model.data(model.index(row, DatabaseListModel::CaptureLag), Qt::DisplayRole).toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d s$")).match(lag).hasMatch(),
                 qPrintable(lag));
        QVERIFY(model.data(model.index(row, DatabaseListModel::RestoreWindow), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("committed transaction")));
        window_->showDatabase(QStringLiteral("shop"));
        auto* policy = window_->findChild<QLabel*>(QStringLiteral("policyText"));
        QVERIFY(policy->text().contains(QStringLiteral("any committed transaction")));
        QVERIFY(window_->databasePage()->timeline()->data().commitExact());
        emit session_->changed(); // as after any job: every view reloads
        window_->showOverview();
        shoot(window_.get(), QStringLiteral("19-overview-capture"));
        window_->showDatabase(QStringLiteral("shop"));
        shoot(window_.get(), QStringLiteral("20-timeline-capture"));
    }

    void wizardDefaultsToTheLatestRestorablePoint() {
        // Capture anchored shop with a rebase backup; verify finds that backup unusable, so
        // the newest captured commits (after it) can no longer be restored.
        auto shop = SessionEngine::catalog(*session_).findDatabase(QStringLiteral("shop"));
        QVERIFY(shop.isOk());
        BackupInfo anchor;
        for (const BackupInfo& b : session_->backups(shop->uuid)) {
            if (b.lastCommit >= 0 && !b.captured())
                anchor = b;
        }
        QVERIFY(!anchor.id.isEmpty());
        QVERIFY(markBackupsUnusable(SessionEngine::catalog(*session_), {anchor.id},
                                    QStringLiteral("test"))
                    .isOk());
        QVERIFY(session_->restorable(shop->uuid).window.latestMs > anchor.snapshotMs);
        RestoreWizard* wizard = window_->openRestoreWizard(QStringLiteral("shop"));
        wizard->next();
        QCOMPARE(wizard->currentId(), int(RestoreWizard::PointPage));
        QVERIFY(wizard->pointMs() < anchor.snapshotMs);
        const RestorePlan plan = wizard->plan();
        QVERIFY2(plan.restorable(), qPrintable(plan.refusal.message()));
        auto* chosen = wizard->findChild<QLabel*>(QStringLiteral("restorePointBackup"));
        QCOMPARE(chosen->text(), QStringLiteral("Restores %1.").arg(plan.describeState()));
        wizard->close();
        QVERIFY(execSql(SessionEngine::workspace(*session_).catalogPath(),
                        QStringLiteral("UPDATE backups SET status='%1' WHERE id='%2'")
                            .arg(anchor.status, anchor.id)));
    }

    void damageAlertsStandOutOnTheOverview() {
        Alert alert;
        alert.kind = QStringLiteral("damage");
        alert.databaseName = QStringLiteral("crm");
        alert.databaseUuid =
            SessionEngine::catalog(*session_).findDatabase(QStringLiteral("crm"))->uuid;
        alert.message = QStringLiteral("a manifest is damaged and no copy could heal it");
        alert.backups = QStringList{QStringLiteral("x1"), QStringLiteral("x2")};
        alert.atMs = clock_->nowMs();
        QVERIFY(raiseAlert(SessionEngine::catalog(*session_), alert).isOk());
        // A dropped database has no row, but its backups are still restorable: its damage is
        // listed too.
        Alert droppedAlert = alert;
        droppedAlert.databaseName = QStringLiteral("legacy");
        droppedAlert.databaseUuid =
            SessionEngine::catalog(*session_).findDroppedDatabase(QStringLiteral("legacy"))->uuid;
        QVERIFY(raiseAlert(SessionEngine::catalog(*session_), droppedAlert).isOk());
        emit session_->changed();
        window_->showOverview();
        QListWidget* alerts = window_->overviewPage()->alerts();
        QVERIFY(alerts->count() > 0);
        QVERIFY(!alerts
                     ->findItems(QStringLiteral("legacy (dropped): a manifest is damaged"),
                                 Qt::MatchStartsWith)
                     .isEmpty());
        // The engine's verdict carries the alert: crm is at risk, and its damage is listed
        // above everything else, with the dropped database's.
        QVERIFY(alerts->count() >= 2);
        const QStringList top{alerts->item(0)->text(), alerts->item(1)->text()};
        QVERIFY2(
            top.contains(QStringLiteral("crm: a manifest is damaged and no copy could heal it")),
            qPrintable(top.join(u'\n')));
        DatabaseListModel model(*session_);
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.nameAt(row) == QStringLiteral("crm"))
                QCOMPARE(model.healthAt(row), DatabaseListModel::Health::AtRisk);
        // The tray says the same, from the same verdict.
        QVERIFY2(window_->trayStatus()->toolTip().contains(QStringLiteral("crm: At risk")),
                 qPrintable(window_->trayStatus()->toolTip()));
        auto* crmAction =
            window_->trayStatus()->menu()->findChild<QAction*>(QStringLiteral("trayDatabase_crm"));
        QVERIFY(crmAction && crmAction->text().contains(QStringLiteral("At risk")));
    }

    void cleanupTestCase() {
        window_.reset();
        session_.reset();
    }
};

QTEST_MAIN(ConsoleTest)
#include "tst_gui_console.moc"
