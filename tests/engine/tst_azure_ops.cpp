// Running many hosts against one storage account, against the pinned Azurite: the agent lock
// as a blob lease (a second agent on the same vault prefix is refused, naming the first; a
// crashed agent's lease expires), workspaces under different prefixes that back up, run their
// agents, purge and collect garbage without touching each other, and the engine's one look at
// each location (kind, reachability, the geo secondary's lag).
#include "Azurite.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "retention/RetentionPurge.h"
#include "retention/VaultGc.h"
#include "vault/Locations.h"
#include "vault/azure/AzureBlobLocation.h"
#include "vault/azure/BlobLease.h"
#include "workspace/Agent.h"
#include "workspace/AgentLock.h"
#include "workspace/Health.h"
#include "workspace/LocationStatus.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QDir>
#include <QMutex>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

using namespace tidemark;
using namespace tidemark::testsupport;
using tidemark::testing::Azurite;

namespace {
const QByteArray kPass("azure ops test");
constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kDay = 24 * kHour;
const QString kAccount = QStringLiteral("azure://devstoreaccount1");

// Name, version of every object under `spec`: what another workspace must never change.
QStringList snapshotOf(Location& location) {
    QStringList out;
    auto listed = location.list(QString());
    if (!listed)
        return {QStringLiteral("listing failed: ") + listed.status().message()};
    for (const ObjectInfo& o : *listed)
        out << o.name + QLatin1Char(' ') + o.version;
    return out;
}

bool copyFile(const QString& from, const QString& to) {
    QFile::remove(to);
    return QFile::copy(from, to);
}
} // namespace

class AzureOpsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const QString problem = azurite_.startAsTheAccount();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // Two workspace folders (two hosts) naming one vault: the second agent is refused, with
    // the first one's description, until the first stops.
    void aSecondAgentOnTheSameVaultIsRefused() {
        QTemporaryDir dir;
        const QString first = dir.path() + QStringLiteral("/host-a");
        const QString second = dir.path() + QStringLiteral("/host-b");
        auto clock = std::make_shared<ManualClock>(QDateTime::currentMSecsSinceEpoch());
        const QString vault = kAccount + QStringLiteral("/locks/shared");
        auto a = createWorkspace(first, vault, clock);
        QVERIFY(a);
        // The second host's workspace: the same configuration in another folder.
        QVERIFY(QDir().mkpath(second));
        QVERIFY(copyFile(first + QStringLiteral("/workspace.json"),
                         second + QStringLiteral("/workspace.json")));
        QVERIFY(copyFile(first + QStringLiteral("/catalog.db"),
                         second + QStringLiteral("/catalog.db")));
        auto b = Workspace::open(second, &kPass, clock);
        QVERIFY2(b.isOk(), qPrintable(b.status().message()));

        auto held = AgentLock::acquire(*a, QStringLiteral("pid 11 on host-a"));
        QVERIFY2(held.isOk(), qPrintable(held.status().message()));
        auto refused = AgentLock::acquire(**b, QStringLiteral("pid 22 on host-b"));
        QVERIFY(!refused.isOk());
        QCOMPARE(refused.status().code(), Status::Code::Busy);
        QVERIFY2(refused.status().message().contains(QStringLiteral("pid 11 on host-a")),
                 qPrintable(refused.status().message()));
        QVERIFY2(refused.status().message().contains(vault),
                 qPrintable(refused.status().message()));
        // The refused agent keeps no lock of its own workspace either.
        QVERIFY(!AgentLock::isHeld(second));

        held->reset(); // a clean stop releases the lease
        auto now = AgentLock::acquire(**b, QStringLiteral("pid 22 on host-b"));
        QVERIFY2(now.isOk(), qPrintable(now.status().message()));
        QVERIFY((*now)->vaultLockHeld().isOk());
        auto back = AgentLock::acquire(*a, QStringLiteral("pid 11 on host-a"));
        QVERIFY(!back.isOk());
        QVERIFY2(back.status().message().contains(QStringLiteral("pid 22 on host-b")),
                 qPrintable(back.status().message()));
    }

    // An agent that dies holds its lease until the lease's duration has passed, then the
    // next agent gets it; a held lease is renewed beyond its duration.
    void aCrashedAgentsLeaseExpiresAndALiveOneIsRenewed() {
        auto location = open(kAccount + QStringLiteral("/locks/expiry"));
        QVERIFY(location);
        auto address = azure::parseBlobAddress(kAccount + QStringLiteral("/locks/expiry"));
        auto account = azure::accountFromEnvironment(address->account);
        QVERIFY(account.isOk());
        auto client = std::make_shared<azure::AzureBlobClient>(*account);
        const azure::LeaseTarget target{QStringLiteral("locks"),
                                        QStringLiteral("expiry/agent.lock"),
                                        location->address(QStringLiteral("agent.lock")), 15};

        // A live holder with the shortest lease the service grants keeps it past its duration.
        std::atomic<bool> lost{false};
        auto live = azure::acquireBlobLease(client, target, QStringLiteral("live agent"),
                                            [&lost](const Status&) { lost = true; });
        QVERIFY2(live.isOk(), qPrintable(live.status().message()));
        QTest::qWait(20 * 1000);
        QVERIFY((*live)->held().isOk());
        QVERIFY(!lost);
        QCOMPARE(location->acquireLock(QStringLiteral("another")).status().code(),
                 Status::Code::Busy);
        live->reset();

        // A crash: a lease taken and never renewed nor released.
        auto crashed = client->acquireLease(target.container, target.blob, 15,
                                            QStringLiteral("0f0e0d0c-0b0a-4908-8706-050403020100"));
        QVERIFY2(crashed.isOk(), qPrintable(crashed.status().message()));
        QCOMPARE(location->acquireLock(QStringLiteral("next agent")).status().code(),
                 Status::Code::Busy);
        QTRY_VERIFY_WITH_TIMEOUT(location->acquireLock(QStringLiteral("next agent")).isOk(),
                                 60 * 1000);
    }

    // An operator breaks the lease (Azure's own SDK, as any tool would): the next renewal
    // finds it gone, and the holder is told once, with the reason.
    void aBrokenLeaseIsReportedLost() {
        auto location = open(kAccount + QStringLiteral("/locks/broken"));
        QVERIFY(location);
        auto account = azure::accountFromEnvironment(QStringLiteral("devstoreaccount1"));
        QVERIFY(account.isOk());
        const azure::LeaseTarget target{QStringLiteral("locks"),
                                        QStringLiteral("broken/agent.lock"),
                                        location->address(QStringLiteral("agent.lock")), 15};
        std::atomic<int> told{0};
        QString why;
        QMutex mutex;
        auto lease = azure::acquireBlobLease(std::make_shared<azure::AzureBlobClient>(*account),
                                             target, QStringLiteral("agent to be stopped"),
                                             [&](const Status& reason) {
                                                 QMutexLocker lock(&mutex);
                                                 why = reason.message();
                                                 ++told;
                                             });
        QVERIFY2(lease.isOk(), qPrintable(lease.status().message()));
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral("-c"),
                      QStringLiteral("import sys\n"
                                     "from azure.storage.blob import BlobServiceClient, "
                                     "BlobLeaseClient\n"
                                     "blob = BlobServiceClient.from_connection_string(sys.argv[1])"
                                     ".get_blob_client(sys.argv[2], sys.argv[3])\n"
                                     "BlobLeaseClient(blob).break_lease(lease_break_period=0)\n"),
                      azurite_.connectionString(), target.container, target.blob});
        QVERIFY(python.waitForFinished(60 * 1000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        QTRY_COMPARE_WITH_TIMEOUT(told.load(), 1, 30 * 1000);
        QCOMPARE((*lease)->held().code(), Status::Code::Failed);
        QMutexLocker lock(&mutex);
        QVERIFY2(why.contains(QStringLiteral("the agent lock on %1 was lost").arg(target.address)),
                 qPrintable(why));
    }

    // A folder vault has no lock of its own: the workspace's agent.lock serialises its agents.
    void aFolderVaultHoldsNoLeaseOfItsOwn() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(QDateTime::currentMSecsSinceEpoch());
        auto ws = createWorkspace(dir.path() + QStringLiteral("/ws"),
                                  dir.path() + QStringLiteral("/vault"), clock);
        QVERIFY(ws);
        auto lock = AgentLock::acquire(*ws, QStringLiteral("folder agent"));
        QVERIFY2(lock.isOk(), qPrintable(lock.status().message()));
        QVERIFY(!QFileInfo::exists(dir.path() + QStringLiteral("/vault/agent.lock")));
    }

    // Two hosts share the account under different prefixes: their agents run at once, each
    // purges and collects garbage in its own prefix only, and each restores its own data.
    void hostsUnderDifferentPrefixesDoNotInterfere() {
        QTemporaryDir dir;
        const auto path = [&](const QString& name) { return dir.path() + QLatin1Char('/') + name; };
        const qint64 start = QDateTime::currentMSecsSinceEpoch();
        struct Host {
            QString name;
            std::shared_ptr<ManualClock> clock;
            std::unique_ptr<Workspace> ws;
            QString file;
        };
        Host hosts[2] = {{QStringLiteral("a"), std::make_shared<ManualClock>(start), {}, {}},
                         {QStringLiteral("b"), std::make_shared<ManualClock>(start), {}, {}}};
        std::unique_ptr<AgentLock> locks[2];
        for (Host& h : hosts) {
            h.ws = createWorkspace(path(QStringLiteral("ws-") + h.name),
                                   kAccount + QStringLiteral("/shared/host-") + h.name, h.clock);
            QVERIFY(h.ws);
            h.file = path(h.name + QStringLiteral(".db"));
            QVERIFY(makeDatabase(h.file, JournalMode::Delete, 4096, 300));
            QVERIFY(h.ws->addDatabase(QStringLiteral("app"), h.file, -1).isOk());
            BackupPolicy policy;
            policy.retentionDays = 1;
            policy.logMinutes = 60;
            policy.drillDays = 0;
            QVERIFY(h.ws->setPolicy(QStringLiteral("app"), policy).isOk());
        }
        // Each host's agent holds its own prefix's lease: both run.
        for (int i = 0; i < 2; ++i) {
            auto lock =
                AgentLock::acquire(*hosts[i].ws, QStringLiteral("agent of ") + hosts[i].name);
            QVERIFY2(lock.isOk(), qPrintable(lock.status().message()));
            locks[i] = std::move(*lock);
        }
        Result<AgentReport> reports[2] = {Status::failed(QStringLiteral("not run")),
                                          Status::failed(QStringLiteral("not run"))};
        std::thread agents[2];
        for (int i = 0; i < 2; ++i) {
            agents[i] = std::thread([&hosts, &reports, i, start] {
                Host& h = hosts[i];
                AgentOptions options;
                options.replayClock = h.clock.get();
                options.untilMs = start + 6 * kHour;
                options.beforePass = [&h](qint64 now) {
                    execSql(h.file, QStringLiteral("INSERT INTO order_notes(order_id, body) "
                                                   "VALUES(1, 'host %1 at %2')")
                                        .arg(h.name)
                                        .arg(now));
                };
                reports[i] = Agent(*h.ws, options).run();
            });
        }
        for (std::thread& t : agents)
            t.join();
        for (int i = 0; i < 2; ++i) {
            QVERIFY2(reports[i].isOk(), qPrintable(reports[i].status().message()));
            QVERIFY(reports[i]->backups >= 6);
            QCOMPARE(reports[i]->failures, 0);
        }

        // Host b's prefix, as it stands, with an orphan pack old enough for any gc.
        auto prefixA = open(kAccount + QStringLiteral("/shared/host-a"));
        auto prefixB = open(kAccount + QStringLiteral("/shared/host-b"));
        QVERIFY(prefixA && prefixB);
        const QString orphan = QStringLiteral("packs/zz/zzorphan.pack");
        QVERIFY(prefixA->publish(orphan, "left by a crash").isOk());
        QVERIFY(prefixB->publish(orphan, "left by a crash").isOk());
        const QStringList beforeB = snapshotOf(*prefixB);
        QVERIFY(beforeB.size() > 10);

        // Host a moves on: a new full a week later, then retention and gc past their graces.
        Host& a = hosts[0];
        a.clock->advanceMs(8 * kDay);
        JobContext fullJob;
        auto db = a.ws->catalog().findDatabase(QStringLiteral("app"));
        QVERIFY(db.isOk());
        QVERIFY(
            execSql(a.file, QStringLiteral("UPDATE orders SET status='late' WHERE id % 5 = 0")));
        auto full = a.ws->backup(a.ws->catalog(), *db, BackupType::Full, fullJob);
        QVERIFY2(full.isOk(), qPrintable(full.status().message()));
        a.clock->advanceMs(2 * kDay);
        const int manifestsBefore = int(prefixA->listNames(QStringLiteral("manifests/"))->size());
        auto purged = applyRetention(a.ws->vault(), a.ws->catalog(), *db, a.clock->nowMs());
        QVERIFY2(purged.isOk(), qPrintable(purged.status().message()));
        QVERIFY(!purged->purgedIds.isEmpty());
        QVERIFY(purged->packsDoomed > 0);
        a.clock->advanceMs(2 * kHour);
        const GcReport gc = collectGarbage(a.ws->vault(), a.ws->catalog(), a.clock->nowMs(), kHour);
        QVERIFY2(gc.problems.isEmpty(), qPrintable(gc.problems.join(u'\n')));
        QCOMPARE(gc.orphanPacks, purged->packsDoomed + 1); // the doomed packs and the orphan

        // a's prefix shrank; b's is exactly as it was, its orphan included.
        QVERIFY(!prefixA->exists(orphan));
        QVERIFY(prefixA->listNames(QStringLiteral("manifests/"))->size() < manifestsBefore);
        QCOMPARE(snapshotOf(*prefixB), beforeB);

        // Each host restores its own latest state.
        for (Host& h : hosts) {
            const QString reference = path(h.name + QStringLiteral("-ref.db"));
            QVERIFY(copyDatabase(h.file, reference));
            JobContext job;
            auto app = h.ws->catalog().findDatabase(QStringLiteral("app"));
            QVERIFY(app.isOk());
            auto restored = h.ws->restoreToPoint(h.ws->catalog(), QStringLiteral("app"),
                                                 h.ws->latestRestorablePoint(h.ws->catalog(), *app),
                                                 QStringLiteral("app-back"),
                                                 path(h.name + QStringLiteral("-back.db")), job);
            QVERIFY2(restored.isOk(), qPrintable(restored.status().message()));
            QString why;
            QVERIFY2(restoredEquals(restored->file, reference, &why), qPrintable(why));
        }
    }

    // The engine's look at each location: kind, reachability and the secondary's lag, before
    // and after replication, and a secondary that does not answer.
    void locationStatusShowsKindReachabilityAndLag() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(QDateTime::currentMSecsSinceEpoch());
        RedundancyConfig config;
        config.kind = RedundancyKind::GRS;
        config.locations = {dir.path() + QStringLiteral("/vault")};
        config.secondary = kAccount + QStringLiteral("/geo/status");
        auto created = Workspace::create(dir.path() + QStringLiteral("/ws"), config, &kPass, clock);
        QVERIFY2(created.isOk(), qPrintable(created.status().message()));
        std::unique_ptr<Workspace> ws = std::move(*created);
        const QString file = dir.path() + QStringLiteral("/app.db");
        QVERIFY(makeDatabase(file, JournalMode::Delete, 4096, 200));
        QVERIFY(ws->addDatabase(QStringLiteral("app"), file, -1).isOk());
        JobContext job;
        auto db = ws->catalog().findDatabase(QStringLiteral("app"));
        QVERIFY(ws->backup(ws->catalog(), *db, BackupType::Full, job).isOk());
        clock->advanceMs(90 * 60 * 1000);

        QList<LocationStatus> seen = ws->locationStatus(ws->catalog());
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen[0].role, QStringLiteral("primary"));
        QCOMPARE(locationKindText(seen[0].kind), QStringLiteral("folder"));
        QVERIFY(seen[0].reachable);
        QCOMPARE(seen[0].lagMs, qint64(-1));
        QCOMPARE(seen[1].role, QStringLiteral("secondary"));
        QCOMPARE(locationKindText(seen[1].kind), QStringLiteral("Azure Blob"));
        QVERIFY2(seen[1].reachable, qPrintable(seen[1].problem));
        QCOMPARE(seen[1].pendingBackups, 1);
        QCOMPARE(seen[1].lagMs, qint64(90 * 60 * 1000));
        QCOMPARE(secondaryLagMs(seen), qint64(90 * 60 * 1000));
        // The verdicts take the lag from the same look.
        QVERIFY(
            workspaceHealth(*ws, ws->catalog()).first().hasReason(health_code::kReplicationLag));
        QVERIFY(readHealth(*ws, ws->catalog(), healthContext(*ws, seen))
                    .first()
                    .hasReason(health_code::kReplicationLag));

        QVERIFY(ws->replicate(ws->catalog()).isOk());
        seen = ws->locationStatus(ws->catalog());
        QCOMPARE(seen[1].pendingBackups, 0);
        QCOMPARE(seen[1].lagMs, qint64(0));
        QVERIFY(
            !workspaceHealth(*ws, ws->catalog()).first().hasReason(health_code::kReplicationLag));

        // The primary folder gone: unreachable, with the reason.
        QVERIFY(QDir(dir.path() + QStringLiteral("/vault")).removeRecursively());
        seen = ws->locationStatus(ws->catalog());
        QVERIFY(!seen[0].reachable);
        QVERIFY2(seen[0].problem.contains(dir.path() + QStringLiteral("/vault")),
                 qPrintable(seen[0].problem));
        QVERIFY(seen[1].reachable);
        const DatabaseHealth health = workspaceHealth(*ws, ws->catalog()).first();
        QCOMPARE(health.state, HealthState::AtRisk);
        QVERIFY(health.hasReason(health_code::kLocationUnreachable));
        QVERIFY(!health.hasReason(health_code::kReplicationLag));
    }

private:
    std::unique_ptr<Workspace> createWorkspace(const QString& dir, const QString& location,
                                               std::shared_ptr<ManualClock> clock) {
        RedundancyConfig config;
        config.locations = {location};
        auto created = Workspace::create(dir, config, &kPass, std::move(clock));
        if (!created) {
            qWarning("%s", qPrintable(created.status().message()));
            return {};
        }
        return std::move(*created);
    }

    std::shared_ptr<Location> open(const QString& spec) {
        auto location = openLocation(spec, FileSystem::posix());
        if (!location) {
            qWarning("%s", qPrintable(location.status().message()));
            return {};
        }
        return *location;
    }

    Azurite azurite_;
};

QTEST_GUILESS_MAIN(AzureOpsTest)
#include "tst_azure_ops.moc"
