// One restore request, one plan: the plan names the chain, the state and the source location,
// refuses what cannot be restored with the reason (quoting the window restorable() reports),
// steps over backups verify found unusable, and the restore runs exactly the plan.
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "capture/LogCapture.h"
#include "catalog/Alerts.h"
#include "workspace/Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {

const QByteArray kPass("restore plan test passphrase");
constexpr qint64 kT0 = 1772359200000; // 2026-03-01T10:00:00Z

struct Fixture {
    QTemporaryDir dir;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(kT0);
    std::unique_ptr<Workspace> ws;
    QString file;

    Fixture() {
        auto created =
            Workspace::create(dir.path() + QStringLiteral("/ws"), QString(), &kPass, clock);
        if (created)
            ws = std::move(*created);
        file = path(QStringLiteral("p.db"));
    }
    QString path(const QString& name) const { return dir.path() + QLatin1Char('/') + name; }
    bool addDatabase() {
        return makeDatabase(file, JournalMode::Wal, 4096, 3000) &&
               ws->addDatabase(QStringLiteral("p"), file, -1).isOk();
    }
    DatabaseInfo database() { return *ws->catalog().findDatabase(QStringLiteral("p")); }
    Result<BackupInfo> backup(BackupType type) {
        clock->advanceMs(60 * 1000);
        JobContext job;
        return ws->backup(ws->catalog(), database(), type, job);
    }
    bool write(int round) {
        return execSql(file, QStringLiteral("UPDATE orders SET amount_cents = amount_cents + %1 "
                                            "WHERE id % 5 = %2;")
                                 .arg(round)
                                 .arg(round % 5));
    }
    // Capture anchors itself with a rebase backup, then captures one commit after it.
    std::unique_ptr<LogCapture> captureOneCommit(int round) {
        CaptureOptions options;
        options.flushMs = 0;
        clock->advanceMs(60 * 1000);
        auto capture = std::make_unique<LogCapture>(ws->vault(), ws->catalogPath(), *clock,
                                                    ws->pool(), database(), options);
        if (!capture->step().isOk() || !write(round))
            return nullptr;
        clock->advanceMs(2000);
        if (!capture->step().isOk() || !capture->flush().isOk())
            return nullptr;
        return capture;
    }
    RestoreRequest pointRequest(qint64 pointMs, const QString& as) const {
        RestoreRequest request;
        request.source = RestoreRequest::Source::PointInTime;
        request.database = QStringLiteral("p");
        request.pointMs = pointMs;
        request.newName = as;
        request.file = path(as + QStringLiteral(".db"));
        return request;
    }
};

QStringList ids(const QList<BackupInfo>& backups) {
    QStringList out;
    for (const BackupInfo& b : backups)
        out << b.id;
    return out;
}

} // namespace

class RestorePlanTest : public QObject {
    Q_OBJECT
private slots:
    void planNamesWhatTheRestoreApplies() {
        Fixture f;
        QVERIFY(f.addDatabase());
        auto full = f.backup(BackupType::Full);
        QVERIFY(full.isOk());
        QVERIFY(f.write(1));
        auto log = f.backup(BackupType::Log);
        QVERIFY(log.isOk());
        const QString reference = f.path(QStringLiteral("ref.db"));
        QVERIFY(copyDatabase(f.file, reference));
        QVERIFY(f.write(2));
        auto later = f.backup(BackupType::Log);
        QVERIFY(later.isOk());

        RestoreRequest request = f.pointRequest(log->snapshotMs + 1000, QStringLiteral("p2"));
        RestorePlan plan = f.ws->planRestore(f.ws->catalog(), request);
        QVERIFY2(plan.restorable(), qPrintable(plan.refusal.message()));
        QCOMPARE(ids(plan.chain), (QStringList{full->id, log->id}));
        QCOMPARE(plan.stateMs, log->snapshotMs);
        QCOMPARE(plan.commit, qint64(-1));
        QCOMPARE(plan.location, RestoreLocation::Primary);
        QCOMPARE(plan.locationRoot, f.ws->vault().root());
        QCOMPARE(plan.bytesToRead, full->storedBytes + log->storedBytes);
        QVERIFY(plan.describeState().contains(formatTime(log->snapshotMs)));
        // Planning wrote nothing.
        QVERIFY(!QFileInfo::exists(request.file));
        QVERIFY(!f.ws->catalog().findDatabase(QStringLiteral("p2")).isOk());

        JobContext job;
        auto outcome = f.ws->restore(f.ws->catalog(), plan, job);
        QVERIFY2(outcome.isOk(), qPrintable(outcome.status().message()));
        QCOMPARE(ids(outcome->applied), ids(plan.chain));
        QCOMPARE(outcome->restoredToMs, plan.stateMs);
        QString why;
        QVERIFY2(restoredEquals(outcome->file, reference, &why), qPrintable(why));
    }

    void refusalQuotesTheWindowRestorableReports() {
        Fixture f;
        QVERIFY(f.addDatabase());
        QVERIFY(f.backup(BackupType::Full).isOk());
        QVERIFY(f.write(1));
        QVERIFY(f.backup(BackupType::Log).isOk());
        const RestoreWindow window = f.ws->restorable(f.ws->catalog(), f.database()).window;
        RestorePlan plan = f.ws->planRestore(
            f.ws->catalog(), f.pointRequest(window.earliestMs - 1000, QStringLiteral("p2")));
        QVERIFY(!plan.restorable());
        QCOMPARE(plan.refusal.code(), Status::Code::OutOfRange);
        const QString quoted = QStringLiteral("(%1 to %2)")
                                   .arg(formatTime(window.earliestMs), formatTime(window.latestMs));
        QVERIFY2(plan.refusal.message().contains(quoted), qPrintable(plan.refusal.message()));
        // The restore refuses with the very same words, and leaves nothing behind.
        JobContext job;
        auto restored =
            f.ws->restoreToPoint(f.ws->catalog(), QStringLiteral("p"), window.earliestMs - 1000,
                                 QStringLiteral("p2"), f.path(QStringLiteral("p2.db")), job);
        QVERIFY(!restored.isOk());
        QCOMPARE(restored.status().message(), plan.refusal.message());
        QVERIFY(!QFileInfo::exists(f.path(QStringLiteral("p2.db"))));
    }

    void unusableStretchIsRefusedAndTheLatestRestorablePointStepsOverIt() {
        Fixture f;
        QVERIFY(f.addDatabase());
        auto full = f.backup(BackupType::Full);
        QVERIFY(full.isOk());
        const QString reference = f.path(QStringLiteral("ref.db"));
        QVERIFY(copyDatabase(f.file, reference));
        auto capture = f.captureOneCommit(3);
        QVERIFY(capture);
        BackupInfo anchor;
        for (const BackupInfo& b : f.ws->catalog().backups(f.database().uuid)) {
            if (b.id != full->id)
                anchor = b;
        }
        QVERIFY(!anchor.id.isEmpty());
        RestoreRequest latest = f.pointRequest(-1, QStringLiteral("p2"));
        latest.source = RestoreRequest::Source::Latest;
        RestorePlan before = f.ws->planRestore(f.ws->catalog(), latest);
        QVERIFY2(before.restorable(), qPrintable(before.refusal.message()));
        QVERIFY(before.commit >= 0);

        // Verify finds the anchor damaged beyond repair: the newest point of the window now
        // lies in a stretch that cannot be restored.
        QVERIFY(markBackupsUnusable(f.ws->catalog(), {anchor.id}, QStringLiteral("test")).isOk());
        const Workspace::Restorable span = f.ws->restorable(f.ws->catalog(), f.database());
        RestorePlan newest = f.ws->planRestore(
            f.ws->catalog(), f.pointRequest(span.window.latestMs, QStringLiteral("p2")));
        QVERIFY(!newest.restorable());
        QVERIFY2(newest.refusal.message().contains(anchor.id) &&
                     newest.refusal.message().contains(QStringLiteral("damaged beyond repair")),
                 qPrintable(newest.refusal.message()));

        const qint64 point = f.ws->latestRestorablePoint(f.ws->catalog(), f.database());
        QVERIFY(point >= full->snapshotMs);
        QVERIFY(point < anchor.snapshotMs);
        RestorePlan plan = f.ws->planRestore(f.ws->catalog(), latest);
        QVERIFY2(plan.restorable(), qPrintable(plan.refusal.message()));
        QCOMPARE(ids(plan.chain), QStringList{full->id});
        JobContext job;
        auto outcome = f.ws->restore(f.ws->catalog(), plan, job);
        QVERIFY2(outcome.isOk(), qPrintable(outcome.status().message()));
        QString why;
        QVERIFY2(restoredEquals(outcome->file, reference, &why), qPrintable(why));
    }

    void commitPlanSaysWhichCommitAndWhen() {
        Fixture f;
        QVERIFY(f.addDatabase());
        QVERIFY(f.backup(BackupType::Full).isOk());
        auto capture = f.captureOneCommit(4);
        QVERIFY(capture);
        const qint64 last = capture->snapshot().lastCommit;
        RestoreRequest request = f.pointRequest(-1, QStringLiteral("p2"));
        request.source = RestoreRequest::Source::Commit;
        request.commit = last;
        RestorePlan plan = f.ws->planRestore(f.ws->catalog(), request);
        QVERIFY2(plan.restorable(), qPrintable(plan.refusal.message()));
        QCOMPARE(plan.commit, last);
        QVERIFY(plan.stateMs > 0);
        QCOMPARE(plan.describeState(),
                 QStringLiteral("commit %1 at %2").arg(last).arg(formatTime(plan.stateMs)));
        request.commit = last + 1000;
        RestorePlan unknown = f.ws->planRestore(f.ws->catalog(), request);
        QVERIFY(!unknown.restorable());
        QVERIFY(unknown.refusal.message().contains(QStringLiteral("is not known")));
    }
};

QTEST_GUILESS_MAIN(RestorePlanTest)
#include "tst_restore_plan.moc"
