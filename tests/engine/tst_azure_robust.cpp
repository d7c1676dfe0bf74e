// A blob location that survives a rough service, against the pinned Azurite: large objects
// staged block by block as they are written, abandoned uploads removed by gc after its grace
// and not before, a stalled transfer dropped and retried, and backups through a proxy that
// injects 503s, resets and stalls completing or failing cleanly without losing anything.
// The random faults come from a printed seed; set TIDEMARK_PROXY_SEED to replay a run.
#include "Azurite.h"
#include "FaultProxy.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "retention/VaultGc.h"
#include "vault/azure/AzureBlobLocation.h"
#include "workspace/JobDefinitions.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;
using tidemark::testing::Azurite;
using tidemark::testing::Fault;
using tidemark::testing::FaultProxy;

namespace {
const QByteArray kPass("azure robustness test");
constexpr qint64 kT0 = 1767225600000;
constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kMinute = 60 * 1000;

QByteArray patterned(int size) {
    QByteArray data(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        data[i] = char((i * 31 + i / 7) & 0xff);
    return data;
}

QStringList names(const QList<azure::BlobProperties>& blobs) {
    QStringList out;
    for (const auto& blob : blobs)
        out << blob.name;
    return out;
}
} // namespace

class AzureRobustTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const QString problem = azurite_.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qunsetenv("AZURE_STORAGE_KEY");
        qunsetenv("AZURE_STORAGE_SAS_TOKEN");
        qputenv("AZURE_STORAGE_CONNECTION_STRING", azurite_.connectionString().toUtf8());
    }

    void largeObjectsAreStagedAsTheyAreWritten() {
        auto client = clientFor(azurite_.port());
        client->setBlockSize(1000);
        auto location = openIn(QStringLiteral("staged"), client);
        const QString name = QStringLiteral("packs/aa/large.pack");
        const QByteArray data = patterned(3500);
        auto writer = location->startObject(name);
        QVERIFY(writer.isOk());
        QVERIFY((*writer)->append(data.left(2500)).isOk());
        // Two blocks are already with the service, uncommitted: not an object yet.
        auto staged = client->list(QStringLiteral("staged"), QString(),
                                   azure::AzureBlobClient::Listing::WithUncommitted);
        QVERIFY2(staged.isOk(), qPrintable(staged.status().message()));
        QCOMPARE(names(*staged), QStringList{name});
        QVERIFY(!location->exists(name));
        QVERIFY(location->list(QString())->isEmpty());
        QVERIFY((*writer)->append(data.mid(2500)).isOk());
        QCOMPARE((*writer)->size(), qint64(data.size()));
        QVERIFY2((*writer)->publish().isOk(), "a staged object could not be published");
        QCOMPARE(*location->read(name), data);

        // A second upload under the taken name is refused at its commit; the first stays.
        auto second = location->startObject(name);
        QVERIFY((*second)->append(patterned(2200).toUpper()).isOk());
        QCOMPARE((*second)->publish().code(), Status::Code::AlreadyExists);
        QCOMPARE(*location->read(name), data);

        // Small objects still go in one request, refused the same way when the name is taken.
        auto small = location->startObject(QStringLiteral("manifests/small.json"));
        QVERIFY((*small)->append(QByteArray("{}")).isOk());
        QVERIFY((*small)->publish().isOk());
        auto again = location->startObject(QStringLiteral("manifests/small.json"));
        QVERIFY((*again)->append(QByteArray("[]")).isOk());
        QCOMPARE((*again)->publish().code(), Status::Code::AlreadyExists);
        QCOMPARE(*location->read(QStringLiteral("manifests/small.json")), QByteArray("{}"));
    }

    void abandonedUploadsAreRemovedByGcAfterTheGrace() {
        QTemporaryDir dir;
        auto client = clientFor(azurite_.port());
        client->setBlockSize(64 * 1024);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto clock = std::make_shared<ManualClock>(now);
        auto ws = createWorkspace(dir.path() + QStringLiteral("/ws"), QStringLiteral("gcgrace"),
                                  client, clock);
        QVERIFY(ws);
        const QString file = dir.path() + QStringLiteral("/app.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 3000));
        QVERIFY(ws->addDatabase(QStringLiteral("app"), file, -1).isOk());
        QVERIFY(backup(*ws, BackupType::Full));

        Location& location = ws->vault().location();
        const QString name = QStringLiteral("packs/zz/abandoned.pack");
        {
            auto writer = location.startObject(name);
            QVERIFY(writer.isOk());
            QVERIFY((*writer)->append(patterned(200 * 1024)).isOk());
            (*writer)->abandon();
        }
        auto before = uncommitted(*client, QStringLiteral("gcgrace"));
        QCOMPARE(before, QStringList{name});

        const qint64 grace = 30 * kMinute;
        GcReport early = collectGarbage(ws->vault(), ws->catalog(), now + grace / 2, grace);
        QVERIFY2(early.problems.isEmpty(), qPrintable(early.problems.join(u'\n')));
        QCOMPARE(early.temporaryFiles, 0);
        QCOMPARE(uncommitted(*client, QStringLiteral("gcgrace")), QStringList{name});

        GcReport late = collectGarbage(ws->vault(), ws->catalog(), now + grace + kMinute, grace);
        QVERIFY2(late.problems.isEmpty(), qPrintable(late.problems.join(u'\n')));
        QCOMPARE(late.temporaryFiles, 1);
        QCOMPARE(late.orphanPacks, 0);
        QVERIFY(uncommitted(*client, QStringLiteral("gcgrace")).isEmpty());
        QVERIFY(!location.exists(name));

        JobContext verifyJob;
        VerifyReport report = ws->verify(ws->catalog(), {}, verifyJob);
        QVERIFY2(report.ok(), qPrintable(report.problems.join(u'\n')));
    }

    void anInterruptedDiscardIsHiddenAndFinishedByTheNextCleanup() {
        auto client = clientFor(azurite_.port());
        client->setBlockSize(1000);
        auto location = openIn(QStringLiteral("emptied"), client);
        QVERIFY(location->publish(QStringLiteral("packs/aa/kept.pack"), "kept").isOk());
        const QString name = QStringLiteral("packs/bb/cut.pack");
        auto writer = location->startObject(name);
        QVERIFY((*writer)->append(patterned(2500)).isOk());
        (*writer)->abandon();
        // A cleanup stopped after emptying the upload, before deleting it.
        auto emptied = client->emptyUncommitted(QStringLiteral("emptied"), name);
        QVERIFY2(emptied.isOk(), qPrintable(emptied.status().message()));
        auto listed = location->list(QStringLiteral("packs/"));
        QVERIFY(listed.isOk());
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().name, QStringLiteral("packs/aa/kept.pack"));
        // Not an object, so it goes at the next cleanup whatever its age.
        const AbandonedCleanup cleanup = location->cleanAbandoned(0);
        QVERIFY2(cleanup.problems.isEmpty(), qPrintable(cleanup.problems.join(u'\n')));
        QCOMPARE(cleanup.removed.size(), 1);
        QCOMPARE(cleanup.removed.first().name, name);
        QCOMPARE(names(*client->list(QStringLiteral("emptied"), {},
                                     azure::AzureBlobClient::Listing::WithUncommitted)),
                 QStringList{QStringLiteral("packs/aa/kept.pack")});
    }

    void aStalledTransferIsDroppedAndRetried() {
        FaultProxy proxy(azurite_.port(), FaultProxy::script({Fault::Stall, Fault::Stall}));
        auto client = clientFor(proxy.port());
        client->setStallTimeout(1);
        auto location = openIn(QStringLiteral("stall"), client);
        // The stalled create reaches the service; the retry recognises its own write.
        QVERIFY(location->publish(QStringLiteral("a.json"), "first").isOk());
        QCOMPARE(proxy.count(Fault::Stall), 2);
        QVERIFY(proxy.connections() >= 3);
        QCOMPARE(*location->read(QStringLiteral("a.json")), QByteArray("first"));
    }

    void aLostCommitAnswerIsRecognised() {
        FaultProxy proxy(azurite_.port(), {});
        auto client = clientFor(proxy.port());
        client->setBlockSize(1000);
        auto location = openIn(QStringLiteral("lostcommit"), client);
        const QByteArray data = patterned(2500);
        auto writer = location->startObject(QStringLiteral("p.pack"));
        QVERIFY((*writer)->append(data).isOk());
        // The last block, then the commit whose answer is lost after the service did it.
        proxy.setSchedule([base = proxy.connections()](int connection) {
            return connection == base + 1 ? Fault::ResetAfterForwarding : Fault::None;
        });
        const Status published = (*writer)->publish();
        QVERIFY2(published.isOk(), qPrintable(published.message()));
        QCOMPARE(proxy.count(Fault::ResetAfterForwarding), 1);
        QCOMPARE(*location->read(QStringLiteral("p.pack")), data);
    }

    void backupsThroughAFaultyServiceCompleteOrFailCleanly() {
        const quint32 seed = qEnvironmentVariableIsSet("TIDEMARK_PROXY_SEED")
                                 ? quint32(qEnvironmentVariableIntValue("TIDEMARK_PROXY_SEED"))
                                 : QRandomGenerator::global()->generate();
        qInfo("fault proxy seed %u (replay with TIDEMARK_PROXY_SEED=%u)", seed, seed);
        // Stalls rarer than the rest: each one costs the client's whole stall time.
        const FaultProxy::Schedule flaky = FaultProxy::random(
            seed, 12,
            {Fault::ServiceUnavailable, Fault::ResetBeforeForwarding, Fault::ResetAfterForwarding,
             Fault::ServiceUnavailable, Fault::ResetBeforeForwarding, Fault::ResetAfterForwarding,
             Fault::Stall});
        // One round meets a service that is down throughout: that backup must fail cleanly.
        const FaultProxy::Schedule down = [](int) { return Fault::ServiceUnavailable; };
        FaultProxy proxy(azurite_.port(), flaky);
        auto client = clientFor(proxy.port());
        client->setBlockSize(128 * 1024);
        client->setStallTimeout(1);
        QTemporaryDir dir;
        const auto path = [&](const QString& name) { return dir.path() + QLatin1Char('/') + name; };
        auto clock = std::make_shared<ManualClock>(kT0);
        auto ws =
            createWorkspace(path(QStringLiteral("ws")), QStringLiteral("faulty"), client, clock);
        QVERIFY(ws);
        const QString file = path(QStringLiteral("app.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 4000));
        QVERIFY(ws->addDatabase(QStringLiteral("app"), file, -1).isOk());

        // Every backup that succeeded, with a copy of the database as it then was.
        QList<std::pair<qint64, QString>> succeeded;
        int failed = 0;
        const BackupType types[] = {BackupType::Full, BackupType::Log, BackupType::Differential,
                                    BackupType::Log};
        for (int round = 0; round < 8; ++round) {
            QVERIFY(execSql(file, QStringLiteral("UPDATE orders SET status='r%1' WHERE id % %2 = 0")
                                      .arg(round)
                                      .arg(round + 3)));
            QVERIFY(execSql(file, QStringLiteral("INSERT INTO order_notes(order_id, body) "
                                                 "SELECT id, 'round %1' FROM orders "
                                                 "WHERE id % 13 = %1")
                                      .arg(round)));
            clock->advanceMs(kHour);
            const QString reference = path(QStringLiteral("ref%1.db").arg(round));
            QVERIFY(copyDatabase(file, reference));
            proxy.setSchedule(round == 5 ? down : flaky);
            const Status s = runBackup(*ws, types[round % 4]);
            const JobInfo recorded = ws->catalog().jobs(1).value(0);
            if (s) {
                QCOMPARE(recorded.status, QStringLiteral("succeeded"));
                succeeded.append({clock->nowMs(), reference});
            } else {
                ++failed;
                QCOMPARE(recorded.status, QStringLiteral("failed"));
                QVERIFY(!recorded.message.isEmpty());
                QVERIFY2(!recorded.message.contains(azurite_.developmentKey()),
                         qPrintable(recorded.message));
            }
        }
        qInfo("%lld backups succeeded, %d failed cleanly; %d connections, %d 503s, %d resets "
              "before and %d after the service, %d stalls",
              qlonglong(succeeded.size()), failed, proxy.connections(),
              proxy.count(Fault::ServiceUnavailable), proxy.count(Fault::ResetBeforeForwarding),
              proxy.count(Fault::ResetAfterForwarding), proxy.count(Fault::Stall));
        QVERIFY2(failed >= 1, "the backup against a service that was down did not fail");
        QVERIFY2(proxy.connections() > proxy.count(Fault::None), "the proxy injected no fault");

        // The service recovers: the vault verifies, a new backup works, nothing is lost.
        proxy.setSchedule({});
        // A slow answer on a busy machine is no stall: the recovery must not hinge on timing.
        client->setStallTimeout(60);
        JobContext verifyJob;
        VerifyReport report = ws->verify(ws->catalog(), {}, verifyJob);
        QVERIFY2(report.ok(), qPrintable(report.problems.join(u'\n')));
        clock->advanceMs(kHour);
        const QString last = path(QStringLiteral("last.db"));
        QVERIFY(copyDatabase(file, last));
        QVERIFY(runBackup(*ws, BackupType::Differential).isOk());
        succeeded.append({clock->nowMs(), last});
        int restores = 0;
        for (const auto& [pointMs, reference] : succeeded) {
            JobContext restoreJob;
            const QString target = path(QStringLiteral("restored%1.db").arg(restores++));
            auto restored =
                ws->restoreToPoint(ws->catalog(), QStringLiteral("app"), pointMs,
                                   QStringLiteral("restored%1").arg(restores), target, restoreJob);
            QVERIFY2(restored.isOk(), qPrintable(restored.status().message()));
            QString why;
            QVERIFY2(restoredEquals(restored->file, reference, &why), qPrintable(why));
        }
    }

private:
    std::shared_ptr<azure::AzureBlobClient> clientFor(int port) {
        azure::AzureAccount account;
        account.name = Azurite::account();
        account.endpoint = QStringLiteral("http://127.0.0.1:%1/%2").arg(port).arg(account.name);
        account.key = QByteArray::fromBase64(Azurite::developmentKey().toLatin1());
        return std::make_shared<azure::AzureBlobClient>(account, azure::RetryPolicy{5, 1, 50});
    }
    static std::shared_ptr<Location> openIn(const QString& container,
                                            std::shared_ptr<azure::AzureBlobClient> client) {
        return azure::openBlobLocation({Azurite::account(), container, {}}, std::move(client));
    }
    static QStringList uncommitted(azure::AzureBlobClient& client, const QString& container) {
        auto all = client.list(container, {}, azure::AzureBlobClient::Listing::WithUncommitted);
        auto committed = client.list(container, {});
        if (!all || !committed)
            return {QStringLiteral("listing failed")};
        QStringList out = names(*all);
        for (const QString& name : names(*committed))
            out.removeAll(name);
        return out;
    }
    // A workspace whose one location is `container`, reached through `client`.
    static std::unique_ptr<Workspace>
    createWorkspace(const QString& dir, const QString& container,
                    std::shared_ptr<azure::AzureBlobClient> client,
                    std::shared_ptr<ManualClock> clock) {
        const QString spec = QStringLiteral("azure://%1/%2").arg(Azurite::account(), container);
        LocationOpener opener = [client, container](const QString&) {
            return Result<std::shared_ptr<Location>>(openIn(container, client));
        };
        RedundancyConfig config;
        config.locations = {spec};
        auto created = Workspace::create(dir, config, &kPass, clock, opener);
        if (!created) {
            qWarning("%s", qPrintable(created.status().message()));
            return {};
        }
        return std::move(*created);
    }
    // A backup run as the CLI runs it: a recorded job, failed or not.
    static Status runBackup(Workspace& ws, BackupType type) {
        JobContext job;
        return JobRunner::runNow(ws.catalog(), ws.clock(),
                                 backupJob(ws, QStringLiteral("app"), type, JobTrigger::Manual),
                                 job);
    }
    static bool backup(Workspace& ws, BackupType type) {
        const Status s = runBackup(ws, type);
        if (!s)
            qWarning("%s", qPrintable(s.message()));
        return s.isOk();
    }

    Azurite azurite_;
};

QTEST_GUILESS_MAIN(AzureRobustTest)
#include "tst_azure_robust.moc"
