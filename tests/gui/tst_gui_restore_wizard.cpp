// The restore wizard as a DBA drives it: it opens on the latest restore point, reads a time
// typed in any usual spelling (and refuses, in plain view, one it cannot use instead of keeping
// the old point), goes back to the latest point with one button, and after restoring a
// database with stretch tables links the copy to its remote data from the done page.
#include "MainWindow.h"
#include "ReauthorizePanel.h"
#include "RestoreWizard.h"
#include "Screenshots.h"
#include "SessionEngine.h"
#include "SqliteFiles.h"
#include "core/Clock.h"
#include "workspace/Workspace.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {

const QByteArray kPass("restore wizard test passphrase");
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kStartMs = 1796083200000; // 2026-12-01T00:00:00Z

} // namespace

class RestoreWizardTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::shared_ptr<ManualClock> clock_;
    std::unique_ptr<WorkspaceSession> session_;
    std::unique_ptr<MainWindow> window_;
    qint64 firstFullMs_ = -1;

    QString path(const QString& n) const { return dir_.path() + QLatin1Char('/') + n; }

    RestoreWizard* openAt(const QString& database, qint64 pointMs = -1) {
        RestoreWizard* wizard = window_->openRestoreWizard(database, pointMs);
        wizard->next();
        return wizard;
    }
    QLineEdit* pointEdit(RestoreWizard* w) {
        return w->findChild<QLineEdit*>(QStringLiteral("restorePointEdit"));
    }
    QLabel* pointProblem(RestoreWizard* w) {
        return w->findChild<QLabel*>(QStringLiteral("restorePointProblem"));
    }

private slots:
    void initTestCase() {
        clock_ = std::make_shared<ManualClock>(kStartMs);
        const QString wsDir = path(QStringLiteral("ws"));
        auto ws = Workspace::create(wsDir, wsDir + QStringLiteral("/vault"), &kPass, clock_);
        QVERIFY2(ws.isOk(), qPrintable(ws.status().message()));
        // notes: a plain database with three backups an hour apart.
        QVERIFY(makeDatabase(path(QStringLiteral("notes.db")), JournalMode::Wal, 4096, 300));
        auto notes =
            (*ws)->addDatabase(QStringLiteral("notes"), path(QStringLiteral("notes.db")), -1);
        QVERIFY2(notes.isOk(), qPrintable(notes.status().message()));
        // app: an events table stretched on `cold = 1`, its cold rows migrated.
        const QString app = path(QStringLiteral("app.db"));
        QString error;
        QVERIFY2(execSql(app,
                         QStringLiteral("PRAGMA journal_mode=WAL; CREATE TABLE events(id INTEGER "
                                        "PRIMARY KEY, cold INTEGER NOT NULL, payload TEXT); "
                                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 "
                                        "FROM n WHERE i < 600) INSERT INTO events SELECT i, i "
                                        "% 3 <> 0, 'event ' || i FROM n;"),
                         &error),
                 qPrintable(error));
        auto appDb = (*ws)->addDatabase(QStringLiteral("app"), app, -1);
        QVERIFY2(appDb.isOk(), qPrintable(appDb.status().message()));
        Stretch stretch = (*ws)->stretch((*ws)->catalog());
        QVERIFY(stretch.createCredential(QStringLiteral("remote-key"), "s3cret").isOk());
        Status enabled = stretch.enable(QStringLiteral("app"), QStringLiteral("events"),
                                        QStringLiteral("cold = 1"), path(QStringLiteral("remote")),
                                        QStringLiteral("remote-key"), 100);
        QVERIFY2(enabled.isOk(), qPrintable(enabled.message()));
        JobContext migration;
        auto migrated = stretch.migrate(QStringLiteral("app"), 0, migration);
        QVERIFY2(migrated.isOk(), qPrintable(migrated.status().message()));
        QVERIFY(migrated->rows == 400);

        for (const QString& name : {QStringLiteral("notes"), QStringLiteral("app")}) {
            auto db = (*ws)->catalog().findDatabase(name);
            QVERIFY(db.isOk());
            JobContext job;
            auto full = (*ws)->backup((*ws)->catalog(), *db, BackupType::Full, job);
            QVERIFY2(full.isOk(), qPrintable(full.status().message()));
            firstFullMs_ = full->snapshotMs;
        }
        for (int i = 0; i < 2; ++i) {
            clock_->advanceMs(60 * kMinute);
            QVERIFY(execSql(
                path(QStringLiteral("notes.db")),
                QStringLiteral("CREATE TABLE step%1(x); INSERT INTO step%1 VALUES(1)").arg(i)));
            auto db = (*ws)->catalog().findDatabase(QStringLiteral("notes"));
            JobContext job;
            QVERIFY((*ws)->backup((*ws)->catalog(), *db, BackupType::Log, job).isOk());
        }
        clock_->advanceMs(kMinute);
        session_ = std::make_unique<WorkspaceSession>(std::move(*ws));
        window_ = std::make_unique<MainWindow>(*session_);
        window_->resize(1024, 700);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }

    void opensOnTheLatestPoint() {
        RestoreWizard* wizard = openAt(QStringLiteral("notes"));
        QCOMPARE(wizard->currentId(), int(RestoreWizard::PointPage));
        const QString uuid = session_->findDatabase(QStringLiteral("notes"))->uuid;
        QCOMPARE(wizard->pointMs(), session_->latestRestorablePoint(uuid));
        QVERIFY(wizard->currentPage()->isComplete());
        auto* chosen = wizard->findChild<QLabel*>(QStringLiteral("restorePointBackup"));
        QCOMPARE(chosen->text(),
                 QStringLiteral("Restores %1.").arg(wizard->plan().describeState()));
        wizard->close();
    }

    void readsTimesTypedInAnyUsualSpelling() {
        RestoreWizard* wizard = openAt(QStringLiteral("notes"));
        QLineEdit* edit = pointEdit(wizard);
        const qint64 wanted = firstFullMs_ + 30 * kMinute;
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(wanted, Qt::UTC);
        const QStringList spellings = {
            at.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
            at.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")),
            at.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")),
            at.toOffsetFromUtc(2 * 3600).toString(QStringLiteral("yyyy-MM-dd HH:mm")) +
                QStringLiteral("+02:00"),
        };
        for (const QString& text : spellings) {
            edit->selectAll();
            QTest::keyClicks(edit, text);
            QVERIFY2(pointProblem(wizard)->isHidden(), qPrintable(pointProblem(wizard)->text()));
            QCOMPARE(wizard->pointMs(), wanted);
            QVERIFY(wizard->currentPage()->isComplete());
        }
        // The spelling the field shows (here after "Latest") reads back as itself.
        wizard->findChild<QPushButton*>(QStringLiteral("restoreLatestButton"))->click();
        const qint64 latest = wizard->pointMs();
        const QString shown = edit->text();
        QVERIFY2(shown.endsWith(QStringLiteral(" UTC")), qPrintable(shown));
        edit->selectAll();
        QTest::keyClicks(edit, shown);
        QVERIFY(pointProblem(wizard)->isHidden());
        QCOMPARE(wizard->pointMs(), latest);
        wizard->close();
    }

    void refusesATimeItCannotUseInPlainView() {
        RestoreWizard* wizard = openAt(QStringLiteral("notes"));
        QLineEdit* edit = pointEdit(wizard);
        QVERIFY(wizard->pointMs() > 0);
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("next tuesday"));
        QVERIFY(pointProblem(wizard)->isVisible());
        QVERIFY2(pointProblem(wizard)->text().contains(QStringLiteral("not a time")),
                 qPrintable(pointProblem(wizard)->text()));
        // Never silently kept at the old value.
        QCOMPARE(wizard->pointMs(), qint64(-1));
        QVERIFY(!wizard->currentPage()->isComplete());
        shoot(wizard, QStringLiteral("wizard-typed-time-refused"));
        // Before the window: refused with the window's start.
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("2020-01-01 00:00"));
        QVERIFY2(pointProblem(wizard)->text().contains(QStringLiteral("before the restore window")),
                 qPrintable(pointProblem(wizard)->text()));
        QVERIFY(!wizard->currentPage()->isComplete());
        // The latest button brings back a point the restore can reach.
        wizard->findChild<QPushButton*>(QStringLiteral("restoreLatestButton"))->click();
        QVERIFY(pointProblem(wizard)->isHidden());
        const QString uuid = session_->findDatabase(QStringLiteral("notes"))->uuid;
        QCOMPARE(wizard->pointMs(), session_->latestRestorablePoint(uuid));
        QVERIFY(wizard->currentPage()->isComplete());
        wizard->close();
    }

    void reauthorizesARestoredStretchCopyFromTheDonePage() {
        RestoreWizard* wizard = openAt(QStringLiteral("app"));
        QVERIFY(wizard->currentPage()->isComplete());
        wizard->next();
        wizard->findChild<QLineEdit*>(QStringLiteral("restoreNameEdit"))
            ->setText(QStringLiteral("app_copy"));
        wizard->findChild<QLineEdit*>(QStringLiteral("restoreFileEdit"))
            ->setText(path(QStringLiteral("app-copy.db")));
        wizard->next();
        wizard->next();
        QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(RestoreWizard::DonePage), 30000);
        auto* panel = wizard->findChild<ReauthorizePanel*>(QStringLiteral("restoreReauthorize"));
        QVERIFY(panel->needsReauthorize());
        auto* button = wizard->findChild<QPushButton*>(QStringLiteral("reauthorizeButton"));
        QVERIFY(button->isVisible() && button->isEnabled());
        QCOMPARE(wizard->findChild<QLineEdit*>(QStringLiteral("reauthorizeCredential"))->text(),
                 QStringLiteral("remote-key"));
        // app is still protected, so its copy takes a copy of the remote data by default.
        QVERIFY(
            wizard->findChild<QRadioButton*>(QStringLiteral("reauthorizeWithCopy"))->isChecked());
        shoot(wizard, QStringLiteral("wizard-done-stretch"));
        button->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            !panel->needsReauthorize() ||
                !wizard->findChild<QLabel*>(QStringLiteral("reauthorizeStatus"))
                     ->text()
                     .startsWith(QStringLiteral("Linking")),
            30000);
        auto* status = wizard->findChild<QLabel*>(QStringLiteral("reauthorizeStatus"));
        QVERIFY2(!panel->needsReauthorize(), qPrintable(status->text()));
        QVERIFY2(status->text().startsWith(QStringLiteral("Reconciliation completed")),
                 qPrintable(status->text()));
        auto copy = session_->stretchStatus(QStringLiteral("app_copy"));
        QVERIFY(copy.isOk());
        QVERIFY(copy->linked);
        QCOMPARE(copy->reconciliation.state, QStringLiteral("completed"));
        // The copy and the source see the same whole table, local plus remote rows.
        QCOMPARE(copy->tables.value(0).localRows + copy->tables.value(0).remoteRows, qint64(600));
        // The source keeps its own endpoint.
        QVERIFY(session_->stretchStatus(QStringLiteral("app"))->linked);
        shoot(wizard, QStringLiteral("wizard-done-reauthorized"));
        wizard->close();
    }

    void saysSoWhenThereIsNothingToReauthorize() {
        RestoreWizard* wizard = openAt(QStringLiteral("notes"));
        wizard->next();
        wizard->findChild<QLineEdit*>(QStringLiteral("restoreNameEdit"))
            ->setText(QStringLiteral("notes_copy"));
        wizard->findChild<QLineEdit*>(QStringLiteral("restoreFileEdit"))
            ->setText(path(QStringLiteral("notes-copy.db")));
        wizard->next();
        wizard->next();
        QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(RestoreWizard::DonePage), 30000);
        auto* panel = wizard->findChild<ReauthorizePanel*>(QStringLiteral("restoreReauthorize"));
        QVERIFY(!panel->needsReauthorize());
        QVERIFY(!wizard->findChild<QPushButton*>(QStringLiteral("reauthorizeButton"))->isVisible());
        QCOMPARE(wizard->findChild<QLabel*>(QStringLiteral("reauthorizeText"))->text(),
                 QStringLiteral("notes_copy has no stretch tables: nothing to reauthorize."));
        wizard->close();
    }

    void cleanupTestCase() {
        window_.reset();
        session_.reset();
    }
};

QTEST_MAIN(RestoreWizardTest)
#include "tst_gui_restore_wizard.moc"
