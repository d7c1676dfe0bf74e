// Continuous capture's own backups (the anchoring rebase and the sealed logs) on a real WAL
// database, driven step by step on a manual clock: an idle database's log interval is a
// success with nothing to seal, and captured logs never build on a base verify found unusable.
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "capture/LogCapture.h"
#include "catalog/Alerts.h"
#include "catalog/RestorePlanner.h"
#include "workspace/Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {
const QByteArray kPass("capture backup test");
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kT0 = 1772359200000; // 2026-03-01T10:00:00Z

struct Fixture {
    QTemporaryDir dir;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(kT0);
    std::unique_ptr<Workspace> ws;
    QString file;
    DatabaseInfo database;

    bool start() {
        auto created =
            Workspace::create(dir.path() + QStringLiteral("/ws"), QString(), &kPass, clock);
        if (!created)
            return false;
        ws = std::move(*created);
        file = dir.path() + QStringLiteral("/app.db");
        if (!makeDatabase(file, JournalMode::Wal, 4096, 1000) ||
            !ws->addDatabase(QStringLiteral("app"), file, -1).isOk())
            return false;
        auto db = ws->catalog().findDatabase(QStringLiteral("app"));
        if (!db)
            return false;
        database = *db;
        return true;
    }
    std::unique_ptr<LogCapture> capture() const {
        return std::make_unique<LogCapture>(ws->vault(), ws->catalogPath(), ws->clock(), ws->pool(),
                                            database, CaptureOptions{});
    }
    bool commit(int round) const {
        return execSql(file, QStringLiteral("UPDATE orders SET amount_cents = amount_cents + 1 "
                                            "WHERE id % 13 = %1")
                                 .arg(round % 13));
    }
    QList<JobInfo> jobs(const QString& kind) const {
        QList<JobInfo> out;
        for (const JobInfo& j : ws->catalog().jobs(1000)) {
            if (j.kind == kind)
                out.append(j);
        }
        return out;
    }
};

} // namespace

class CaptureBackupTest : public QObject {
    Q_OBJECT
private slots:
    void idleDatabaseSealsNothingAsASuccess() {
        Fixture f;
        QVERIFY(f.start());
        auto capture = f.capture();
        QVERIFY(capture->step().isOk()); // anchors capture with a first backup
        // An hour of five-minute log intervals on a database nobody writes to.
        for (int slot = 0; slot < 12; ++slot) {
            f.clock->advanceMs(5 * kMinute);
            QVERIFY(capture->step().isOk());
            Status sealed = capture->sealScheduled();
            QVERIFY2(sealed.isOk(), qPrintable(sealed.message()));
        }
        for (const JobInfo& j : f.ws->catalog().jobs(1000))
            QVERIFY2(j.status == QStringLiteral("succeeded"),
                     qPrintable(j.kind + QStringLiteral(": ") + j.message));
        const QList<JobInfo> seals = f.jobs(QStringLiteral("scheduled-log"));
        QCOMPARE(seals.size(), 12);
        for (const JobInfo& j : seals)
            QVERIFY2(j.message.startsWith(QStringLiteral("nothing to seal: no commits since ")),
                     qPrintable(j.message));
    }

    void capturedLogsNeverBuildOnAnUnusableBase() {
        Fixture f;
        QVERIFY(f.start());
        auto capture = f.capture();
        QVERIFY(capture->step().isOk());
        f.clock->advanceMs(kMinute);
        QVERIFY(f.commit(1));
        QVERIFY(capture->step().isOk());
        QVERIFY(capture->sealScheduled().isOk());
        QList<BackupInfo> before = f.ws->catalog().backups(f.database.uuid);
        QCOMPARE(before.size(), 2);
        QCOMPARE(before.last().type, BackupType::Log);
        const QString oldFull = before.first().id;

        // Verify found the full damaged beyond repair: it and the log built on it.
        QVERIFY(markBackupsUnusable(f.ws->catalog(), {before.first().id, before.last().id},
                                    QStringLiteral("damaged in a test"))
                    .isOk());
        f.clock->advanceMs(kMinute);
        QVERIFY(f.commit(2));
        QVERIFY(capture->step().isOk());
        QVERIFY(capture->sealScheduled().isOk());
        f.clock->advanceMs(kMinute);
        QVERIFY(f.commit(3));
        QVERIFY(capture->step().isOk());
        QVERIFY(capture->sealScheduled().isOk());

        QList<BackupInfo> after = f.ws->catalog().backups(f.database.uuid);
        QString newFull;
        for (const BackupInfo& b : after) {
            if (b.type == BackupType::Full && b.id != oldFull)
                newFull = b.id;
        }
        QVERIFY2(!newFull.isEmpty(), "no full was taken over the unusable base");
        for (const BackupInfo& b : after) {
            if (b.status != kUnusable && b.id != newFull) {
                QCOMPARE(b.type, BackupType::Log);
                QCOMPARE(b.fullId, newFull);
            }
        }
        QCOMPARE(after.last().type, BackupType::Log);
        const QList<JobInfo> rebases = f.jobs(QStringLiteral("capture-rebase"));
        QVERIFY(!rebases.isEmpty());
        QVERIFY2(
            rebases.first().log.contains(
                QStringLiteral("the last full %1 is unusable (damaged in a test)").arg(oldFull)),
            qPrintable(rebases.first().log));

        // The latest point restores again, equal to the database.
        RestoreWindow w = RestorePlanner(after).window();
        QVERIFY(!w.empty());
        JobContext job;
        const QString restored = f.dir.path() + QStringLiteral("/restored.db");
        auto r = f.ws->restoreToPoint(f.ws->catalog(), QStringLiteral("app"), f.clock->nowMs(),
                                      QStringLiteral("back"), restored, job);
        QVERIFY2(r.isOk(), qPrintable(r.status().message()));
        QString diff;
        QVERIFY2(sqldiffEmpty(restored, f.file, &diff), qPrintable(diff));
    }
};

QTEST_GUILESS_MAIN(CaptureBackupTest)
#include "tst_capture_backup.moc"
