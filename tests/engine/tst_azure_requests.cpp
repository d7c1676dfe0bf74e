// Request economy of a blob location, against the pinned Azurite: the client counts what it
// sends as the service bills it, an idle database under the agent writes and lists nothing, and
// captured commits reach the container within the sync interval (on a manual clock).
#include "Azurite.h"
#include "SqliteFiles.h"
#include "capture/LogCapture.h"
#include "vault/Locations.h"
#include "vault/azure/AzureBlobLocation.h"
#include "workspace/Agent.h"
#include "workspace/Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace tidemark;
using namespace tidemark::testsupport;
using tidemark::azure::RequestCounts;
using tidemark::testing::Azurite;

namespace {
const QByteArray kPass("azure requests test");
constexpr qint64 kT0 = 1772359200000; // 2026-03-01T10:00:00Z
constexpr qint64 kSecond = 1000;
constexpr qint64 kHour = 3600 * kSecond;

QString describe(const RequestCounts& c) {
    return QStringLiteral("%1 puts, %2 gets, %3 lists, %4 deletes")
        .arg(c.puts)
        .arg(c.gets)
        .arg(c.lists)
        .arg(c.deletes);
}

// Opens blob locations through clients it keeps, so a test reads what they sent.
struct CountedOpener {
    std::shared_ptr<azure::AzureBlobClient> client;
    Result<std::shared_ptr<Location>> operator()(const QString& spec) {
        return azure::openBlobLocation(spec, &client);
    }
};

// A workspace whose primary is a container, with one WAL database in it.
struct BlobWorkspace {
    QTemporaryDir dir;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(kT0);
    std::shared_ptr<CountedOpener> opener = std::make_shared<CountedOpener>();
    std::unique_ptr<Workspace> ws;
    QString file;
    DatabaseInfo database;

    QString start(const QString& container, int syncSeconds = 10) {
        RedundancyConfig config;
        config.locations = {QStringLiteral("azure://devstoreaccount1/") + container};
        auto shared = opener;
        auto created = Workspace::create(dir.path() + QStringLiteral("/ws"), config, &kPass, clock,
                                         [shared](const QString& spec) { return (*shared)(spec); });
        if (!created)
            return created.status().message();
        ws = std::move(*created);
        file = dir.path() + QStringLiteral("/app.db");
        if (!makeDatabase(file, JournalMode::Wal, 4096, 1000))
            return QStringLiteral("no database");
        if (auto added = ws->addDatabase(QStringLiteral("app"), file, -1); !added)
            return added.status().message();
        database = *ws->catalog().findDatabase(QStringLiteral("app"));
        BackupPolicy policy = ws->catalog().policy(database.uuid);
        policy.syncSeconds = syncSeconds;
        if (Status s = ws->setPolicy(QStringLiteral("app"), policy); !s)
            return s.message();
        return {};
    }
    RequestCounts counts() const { return opener->client->requestCounts(); }
    bool commit(int round) const {
        return execSql(file, QStringLiteral("UPDATE orders SET amount_cents = amount_cents + 1 "
                                            "WHERE id % 13 = %1")
                                 .arg(round % 13));
    }
    // The segment names in the container, as an independent client sees them.
    QStringList segmentsInContainer(const QString& container) const {
        auto location = openLocation(QStringLiteral("azure://devstoreaccount1/") + container,
                                     FileSystem::posix());
        if (!location)
            return {QStringLiteral("cannot open: ") + location.status().message()};
        auto names = (*location)->listNames(QStringLiteral("logs/"));
        return names ? *names : QStringList{names.status().message()};
    }
};

} // namespace

class AzureRequestsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const QString problem = azurite_.startAsTheAccount();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void requestsAreCountedAsTheServiceBillsThem() {
        CountedOpener opener;
        auto opened = opener(QStringLiteral("azure://devstoreaccount1/counted/prefix"));
        QVERIFY(opened.isOk());
        Location& location = **opened;
        // The first write into a new container also creates it: not part of what is counted.
        QVERIFY(location.publish(QStringLiteral("setup.json"), "{}").isOk());
        const RequestCounts before = opener.client->requestCounts();

        QVERIFY(location.publish(QStringLiteral("packs/aa/one.pack"), "pack").isOk());
        QVERIFY(location.put(QStringLiteral("databases/one.tmd"), "record").isOk());
        QCOMPARE(*location.read(QStringLiteral("packs/aa/one.pack")), QByteArray("pack"));
        QVERIFY(location.stat(QStringLiteral("databases/one.tmd")).isOk());
        QCOMPARE(location.list(QStringLiteral("packs/"))->size(), 1);
        QVERIFY(location.remove(QStringLiteral("databases/one.tmd")).isOk());

        const RequestCounts sent = opener.client->requestCounts().since(before);
        QCOMPARE(sent.puts, qint64(2));
        QCOMPARE(sent.gets, qint64(3)); // a read is a HEAD for its size, then a ranged GET
        QCOMPARE(sent.lists, qint64(1));
        QCOMPARE(sent.deletes, qint64(1));
        QCOMPARE(sent.total(), qint64(7));
    }

    // Packs never change: a backup learns its base's page addresses from the indexes this
    // process already knows, not from a request per pack.
    void aFullOfAnUnchangedDatabaseSendsAHandfulOfRequests() {
        BlobWorkspace f;
        const QString problem = f.start(QStringLiteral("unchanged"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        auto full = [&f] {
            f.clock->advanceMs(kHour);
            JobContext job;
            return f.ws->backup(f.ws->catalog(), f.database, BackupType::Full, job).status();
        };
        QVERIFY(full().isOk());
        const RequestCounts before = f.counts();
        QVERIFY(full().isOk());
        const RequestCounts second = f.counts().since(before);
        qInfo("a full of the unchanged database: %s", qPrintable(describe(second)));
        QCOMPARE(second.puts, qint64(1)); // its manifest
        QVERIFY2(second.total() <= 5, qPrintable(describe(second)));
        QCOMPARE(second.lists, qint64(0));
    }

    void anIdleDatabaseMakesNoWritesAndNoListings() {
        BlobWorkspace f;
        const QString problem = f.start(QStringLiteral("idle"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QStringList said;
        AgentOptions options;
        options.replayClock = f.clock.get();
        options.capture = true;
        options.log = [&said](const QString& line) { said << line; };
        // The first backups: the full at the first pass, capture anchored, half an hour of
        // commits sealed into log backups, and the hourly collection after them. Then idle until
        // just before the twelve-hour differential, every log slot a pass.
        constexpr qint64 kIdleFrom = kT0 + 2 * kHour;
        std::optional<RequestCounts> idleStart;
        options.beforePass = [&](qint64 nowMs) {
            if (nowMs < kT0 + kHour / 2)
                QVERIFY(f.commit(int(nowMs / 1000)));
            if (nowMs >= kIdleFrom && !idleStart)
                idleStart = f.counts();
        };
        options.untilMs = kT0 + 11 * kHour + 55 * 60 * kSecond;
        Agent agent(*f.ws, options);
        auto report = agent.run();
        QVERIFY2(report.isOk(), qPrintable(report.status().message()));
        QCOMPARE(report->failures, 0);
        QVERIFY(f.ws->catalog().backups(f.database.uuid).size() >= 2); // a full and sealed logs
        QVERIFY(idleStart.has_value());

        const RequestCounts idle = f.counts().since(*idleStart);
        qInfo("ten idle hours under the agent: %s", qPrintable(describe(idle)));
        QVERIFY2(idle.puts == 0, qPrintable(describe(idle) + u'\n' + said.join(u'\n')));
        QVERIFY2(idle.lists == 0, qPrintable(describe(idle) + u'\n' + said.join(u'\n')));
        QCOMPARE(idle.deletes, qint64(0));
    }

    void aCommitReachesTheContainerWithinTheSyncInterval() {
        BlobWorkspace f;
        const QString problem = f.start(QStringLiteral("sync"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        LogCapture capture(f.ws->vault(), f.ws->catalogPath(), f.ws->clock(), f.ws->pool(),
                           f.database, CaptureOptions{});
        QVERIFY(capture.step().isOk()); // anchors capture with a first backup
        QVERIFY(f.segmentsInContainer(QStringLiteral("sync")).isEmpty());

        const RequestCounts before = f.counts();
        QVERIFY(f.commit(1));
        QVERIFY(capture.step().isOk());
        f.clock->advanceMs(9 * kSecond);
        QVERIFY(f.commit(2));
        QVERIFY(capture.step().isOk());
        // Commits wait for the interval, gathered: nothing written yet.
        QCOMPARE(f.counts().since(before).puts, qint64(0));
        QVERIFY(f.segmentsInContainer(QStringLiteral("sync")).isEmpty());
        QCOMPARE(capture.snapshot().pendingCommits, qint64(2));

        f.clock->advanceMs(1 * kSecond);
        QVERIFY(capture.step().isOk());
        const QStringList segments = f.segmentsInContainer(QStringLiteral("sync"));
        QCOMPARE(segments.size(), 1); // both commits in one segment: one write
        QVERIFY2(segments.first().startsWith(QStringLiteral("logs/") + f.database.uuid),
                 qPrintable(segments.first()));
        QCOMPARE(f.counts().since(before).puts, qint64(1));
        QCOMPARE(capture.snapshot().pendingCommits, qint64(0));

        // The restore window says what a loss of this machine could cost.
        const Workspace::Restorable span = f.ws->restorable(f.ws->catalog(), f.database);
        QVERIFY(span.latestCommit.has_value());
        QCOMPARE(span.rpoMs, 10 * kSecond);
    }

    void theSyncIntervalGoesDownToOneSecond() {
        BlobWorkspace f;
        const QString problem = f.start(QStringLiteral("onesecond"), 1);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        LogCapture capture(f.ws->vault(), f.ws->catalogPath(), f.ws->clock(), f.ws->pool(),
                           f.database, CaptureOptions{});
        QVERIFY(capture.step().isOk());
        QVERIFY(f.commit(1));
        QVERIFY(capture.step().isOk());
        QVERIFY(f.segmentsInContainer(QStringLiteral("onesecond")).isEmpty());
        f.clock->advanceMs(1 * kSecond);
        QVERIFY(capture.step().isOk());
        QCOMPARE(f.segmentsInContainer(QStringLiteral("onesecond")).size(), 1);
        QCOMPARE(f.ws->restorable(f.ws->catalog(), f.database).rpoMs, 1 * kSecond);

        BackupPolicy policy = f.ws->catalog().policy(f.database.uuid);
        policy.syncSeconds = 0;
        QCOMPARE(policy.validate().code(), Status::Code::InvalidArgument);
        policy.syncSeconds = 61;
        QCOMPARE(policy.validate().code(), Status::Code::InvalidArgument);
    }

private:
    Azurite azurite_;
};

QTEST_GUILESS_MAIN(AzureRequestsTest)
#include "tst_azure_requests.moc"
