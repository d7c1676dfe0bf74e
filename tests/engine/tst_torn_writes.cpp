// Torn writes followed by a crash: the write stops after part of its bytes and the process
// does nothing more (no clean-up, no rename, no sync), at cut points spread over a whole
// backup, a key rotation and a system backup. After the restart: a clear failure was
// reported, no partial backup is listed, the vault verifies, gc clears the leftovers and the
// next backup succeeds and restores exactly.
#include "FaultyFileSystem.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "retention/VaultGc.h"
#include "workspace/SystemBackup.h"
#include "workspace/Workspace.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {

const QByteArray kPass("torn write test passphrase");
// Real time: gc judges leftovers by their files' age.
const qint64 kT0 = QDateTime::currentMSecsSinceEpoch();

QStringList leftovers(const QString& vaultRoot) {
    QStringList found;
    QDirIterator it(vaultRoot, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QString p = it.next();
        if (QFileInfo(p).fileName().startsWith(QLatin1Char('.')))
            found << p;
    }
    return found;
}

} // namespace

class TornWriteTest : public QObject {
    Q_OBJECT
private slots:
    void tornWriteThenCrashLosesNothing() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(kT0);
        const QString wsDir = dir.path() + QStringLiteral("/ws");
        const QString file = dir.path() + QStringLiteral("/t.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 6000));
        qint64 total = 0;
        {
            auto ws = Workspace::create(wsDir, QString(), &kPass, clock);
            QVERIFY(ws.isOk());
            QVERIFY((*ws)->addDatabase(QStringLiteral("t"), file, -1).isOk());
            JobContext job;
            auto db = (*ws)->catalog().findDatabase(QStringLiteral("t"));
            QVERIFY((*ws)->backup((*ws)->catalog(), *db, BackupType::Full, job).isOk());
        }
        // How many bytes a full backup of the changed file writes: the cuts are spread over
        // them, the last ones inside the manifest written at the very end.
        QVERIFY(execSql(file, QStringLiteral("UPDATE orders SET status = 'torn'")));
        {
            QTemporaryDir probeDir;
            QVERIFY(QProcess::execute(QStringLiteral("cp"),
                                      {QStringLiteral("-a"), wsDir, probeDir.path()}) == 0);
            // The copy's own vault, not the original's.
            QFile config(probeDir.path() + QStringLiteral("/ws/workspace.json"));
            QVERIFY(config.open(QIODevice::ReadOnly));
            QByteArray text =
                config.readAll().replace(wsDir.toUtf8(), (probeDir.path() + "/ws").toUtf8());
            config.close();
            QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
            config.write(text);
            config.close();
            testing::FaultyFileSystem counting;
            counting.bytesLeft = qint64(1) << 40;
            auto ws =
                Workspace::open(probeDir.path() + QStringLiteral("/ws"), &kPass, clock, counting);
            QVERIFY(ws.isOk());
            JobContext job;
            auto db = (*ws)->catalog().findDatabase(QStringLiteral("t"));
            QVERIFY((*ws)->backup((*ws)->catalog(), *db, BackupType::Full, job).isOk());
            total = (qint64(1) << 40) - counting.bytesLeft;
        }
        QVERIFY(total > 100'000);
        // The last cuts land in the manifest (a few hundred bytes, written last); the total
        // varies by a few bytes from run to run (times and sizes in the manifest's text).
        QList<qint64> cuts{0,           1,           4096,      total / 4, total / 2, total * 3 / 4,
                           total - 300, total - 100, total - 64};
        const QString reference = dir.path() + QStringLiteral("/reference.db");
        QVERIFY(copyDatabase(file, reference));

        int round = 0;
        for (qint64 cut : cuts) {
            clock->advanceMs(60'000);
            int listedBefore = 0;
            {
                testing::FaultyFileSystem faulty;
                faulty.fault = testing::FaultyFileSystem::Fault::Crash;
                auto ws = Workspace::open(wsDir, &kPass, clock, faulty);
                QVERIFY(ws.isOk());
                auto db = (*ws)->catalog().findDatabase(QStringLiteral("t"));
                listedBefore = int((*ws)->catalog().backups(db->uuid).size());
                faulty.bytesLeft = cut;
                JobContext job;
                auto b = (*ws)->backup((*ws)->catalog(), *db, BackupType::Full, job);
                QVERIFY2(!b.isOk(),
                         qPrintable(QStringLiteral("cut at %1 of %2").arg(cut).arg(total)));
                QVERIFY2(b.status().isIOError(), qPrintable(b.status().message()));
                QVERIFY(faulty.crashed);
            } // the process is gone
            // The restart, on the real disk.
            auto ws = Workspace::open(wsDir, &kPass, clock);
            QVERIFY(ws.isOk());
            auto db = (*ws)->catalog().findDatabase(QStringLiteral("t"));
            QCOMPARE(int((*ws)->catalog().backups(db->uuid).size()), listedBefore);
            JobContext verifyJob;
            VerifyReport report = (*ws)->verify((*ws)->catalog(), {}, verifyJob);
            QVERIFY2(report.ok(), qPrintable(report.problems.join(u'\n')));
            ++round;
        }
        // gc clears what the crashes left; the next backup goes through and restores exactly.
        auto ws = Workspace::open(wsDir, &kPass, clock);
        QVERIFY(ws.isOk());
        QVERIFY(!leftovers((*ws)->vault().root()).isEmpty());
        clock->advanceMs(3'600'000);
        collectGarbage((*ws)->vault(), (*ws)->catalog(), clock->nowMs(), 0);
        QVERIFY2(leftovers((*ws)->vault().root()).isEmpty(),
                 qPrintable(leftovers((*ws)->vault().root()).join(u'\n')));
        JobContext job;
        auto db = (*ws)->catalog().findDatabase(QStringLiteral("t"));
        auto b = (*ws)->backup((*ws)->catalog(), *db, BackupType::Full, job);
        QVERIFY(b.isOk());
        const QString restored = dir.path() + QStringLiteral("/restored.db");
        QVERIFY((*ws)
                    ->restoreToPoint((*ws)->catalog(), QStringLiteral("t"), b->snapshotMs,
                                     QStringLiteral("restored"), restored, job)
                    .isOk());
        QString why;
        QVERIFY2(restoredEquals(restored, reference, &why), qPrintable(why));
    }

    void tornKeyAndSystemWritesKeepTheOldState() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(kT0);
        const QString wsDir = dir.path() + QStringLiteral("/ws");
        {
            auto ws = Workspace::create(wsDir, QString(), &kPass, clock);
            QVERIFY(ws.isOk());
        }
        for (qint64 cut : {qint64(0), qint64(10), qint64(200)}) {
            {
                testing::FaultyFileSystem faulty;
                faulty.fault = testing::FaultyFileSystem::Fault::Crash;
                auto ws = Workspace::open(wsDir, &kPass, clock, faulty);
                QVERIFY(ws.isOk());
                faulty.bytesLeft = cut;
                auto rotated = (*ws)->rotateDataKey();
                QVERIFY(!rotated.isOk());
                QVERIFY(rotated.status().isIOError());
            }
            {
                testing::FaultyFileSystem faulty;
                faulty.fault = testing::FaultyFileSystem::Fault::Crash;
                auto ws = Workspace::open(wsDir, &kPass, clock, faulty);
                QVERIFY(ws.isOk());
                faulty.bytesLeft = cut;
                QVERIFY(!backupSystem(**ws, (*ws)->catalog()).isOk());
            }
            // The old configuration still opens, with the old key in use; no system backup.
            auto ws = Workspace::open(wsDir, &kPass, clock);
            QVERIFY(ws.isOk());
            QCOMPARE((*ws)->vault().keys().currentDataKey(), quint32(0));
            QVERIFY(listSystemBackups((*ws)->vault()).isEmpty());
        }
        auto ws = Workspace::open(wsDir, &kPass, clock);
        QVERIFY(ws.isOk());
        auto rotated = (*ws)->rotateDataKey();
        QVERIFY(rotated.isOk());
        QCOMPARE(*rotated, quint32(1));
        QVERIFY(backupSystem(**ws, (*ws)->catalog()).isOk());
        QCOMPARE(listSystemBackups((*ws)->vault()).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TornWriteTest)
#include "tst_torn_writes.moc"
