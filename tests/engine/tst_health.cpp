// The health verdict's judgement calls, each against a real workspace: capture that stopped
// confirming under a running agent is a risk, and a drill someone cancelled is not a failure.

#include "SqliteFiles.h"
#include "capture/CaptureStore.h"
#include "workspace/AgentLock.h"
#include "workspace/Health.h"
#include "workspace/RestoreDrill.h"
#include "workspace/Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {
const QByteArray kPass("health test passphrase");
constexpr qint64 kMinute = 60 * 1000;
} // namespace

class TestHealth : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::shared_ptr<ManualClock> clock_;
    std::unique_ptr<Workspace> ws_;
    DatabaseInfo db_;

    QString path(const QString& n) const { return dir_.path() + QLatin1Char('/') + n; }

    DatabaseHealth verdict() {
        for (const DatabaseHealth& h : workspaceHealth(*ws_, ws_->catalog()))
            if (h.uuid == db_.uuid)
                return h;
        return {};
    }

private slots:
    void init() {
        clock_ = std::make_shared<ManualClock>(1794388800000); // 2026-11-11T09:20:00Z
        const QString dir = path(QStringLiteral("ws%1").arg(QDateTime::currentMSecsSinceEpoch()));
        auto ws = Workspace::create(dir, dir + QStringLiteral("/vault"), &kPass, clock_);
        QVERIFY2(ws.isOk(), qPrintable(ws.status().message()));
        ws_ = std::move(*ws);
        const QString file = dir + QStringLiteral("/app.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 300));
        auto db = ws_->addDatabase(QStringLiteral("app"), file, -1);
        QVERIFY(db.isOk());
        db_ = *db;
        JobContext job;
        QVERIFY(ws_->backup(ws_->catalog(), db_, BackupType::Full, job).isOk());
    }

    void captureThatStoppedConfirmingIsARisk() {
        CaptureRecord record;
        record.lastCommit = 0;
        record.updatedMs = clock_->nowMs();
        QVERIFY(capture_store::save(ws_->catalog(), db_.uuid, record).isOk());
        {
            auto lock = AgentLock::acquire(ws_->dir(), QStringLiteral("health test agent"));
            QVERIFY(lock.isOk());
            clock_->advanceMs(2 * kMinute);
            QVERIFY2(!verdict().hasReason(health_code::kCaptureStale), "a fresh capture is fine");
            // The agent runs, but capture has not confirmed the log for an hour.
            clock_->advanceMs(60 * kMinute);
            const DatabaseHealth h = verdict();
            QCOMPARE(h.state, HealthState::AtRisk);
            QVERIFY(h.hasReason(health_code::kCaptureStale));
        }
        // With no agent, the reason is that capture stopped, not that it went stale.
        QVERIFY(verdict().hasReason(health_code::kCaptureStopped));
        QVERIFY(!verdict().hasReason(health_code::kCaptureStale));
    }

    void cancelledDrillIsNoFailedDrill() {
        JobContext job;
        job.cancel();
        auto drill = runRestoreDrill(*ws_, ws_->catalog(), QStringLiteral("app"), -1, job);
        QVERIFY(!drill.isOk());
        QVERIFY(drill.status().isCancelled());
        QVERIFY(ws_->catalog().drills(db_.uuid).isEmpty());
        QVERIFY(!verdict().hasReason(health_code::kDrillFailed));
    }
};

QTEST_GUILESS_MAIN(TestHealth)
#include "tst_health.moc"
