// Vault locations in Azure Blob Storage, against the pinned Azurite: the Location contract
// over real HTTP requests, a refused key, and the whole engine with its primary in a container.
#include "Azurite.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "vault/Locations.h"
#include "vault/azure/AzureBlobLocation.h"
#include "workspace/Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;
using tidemark::testing::Azurite;

namespace {
const QByteArray kPass("azure location test");
constexpr qint64 kT0 = 1767225600000;
constexpr qint64 kHour = 3600 * 1000;

QByteArray patterned(int size) {
    QByteArray data(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        data[i] = char((i * 31 + i / 7) & 0xff);
    return data;
}
} // namespace

class AzureLocationTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const QString problem = azurite_.start();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
        qunsetenv("AZURE_STORAGE_KEY");
        qunsetenv("AZURE_STORAGE_SAS_TOKEN");
        qputenv("AZURE_STORAGE_CONNECTION_STRING", azurite_.connectionString().toUtf8());
    }

    void publishRefusesATakenName() {
        auto location = open(QStringLiteral("azure://devstoreaccount1/contract/publish"));
        QVERIFY(location);
        QCOMPARE(location->kind(), QStringLiteral("azure-blob"));
        QVERIFY(location->publish(QStringLiteral("packs/ab/one.pack"), "first").isOk());
        const Status again = location->publish(QStringLiteral("packs/ab/one.pack"), "second");
        QCOMPARE(again.code(), Status::Code::AlreadyExists);
        auto read = location->read(QStringLiteral("packs/ab/one.pack"));
        QVERIFY2(read.isOk(), qPrintable(read.status().message()));
        QCOMPARE(*read, QByteArray("first"));
    }

    void putReplacesWhateverIsThere() {
        auto location = open(QStringLiteral("azure://devstoreaccount1/contract/put"));
        QVERIFY(location);
        QVERIFY(location->put(QStringLiteral("record.json"), "one").isOk());
        QVERIFY(location->put(QStringLiteral("record.json"), "two, longer").isOk());
        QCOMPARE(*location->read(QStringLiteral("record.json")), QByteArray("two, longer"));
        auto info = location->stat(QStringLiteral("record.json"));
        QVERIFY(info.isOk());
        QCOMPARE(info->size, qint64(11));
        QVERIFY(info->modifiedMs > 0);
        QCOMPARE(location->stat(QStringLiteral("nothing.json")).status().code(),
                 Status::Code::NotFound);
    }

    void replaceIfUnchangedSeesAConcurrentChange() {
        auto location = open(QStringLiteral("azure://devstoreaccount1/contract/cas"));
        QVERIFY(location);
        const QString name = QStringLiteral("vault.json");
        auto created = location->replaceIfUnchanged(name, "v1", QString());
        QVERIFY2(created.isOk(), qPrintable(created.status().message()));
        QCOMPARE(location->replaceIfUnchanged(name, "again", QString()).status().code(),
                 Status::Code::Busy);
        QCOMPARE(location->stat(name)->version, *created);
        auto mine = location->replaceIfUnchanged(name, "v2", *created);
        QVERIFY2(mine.isOk(), qPrintable(mine.status().message()));
        QVERIFY(*mine != *created);
        // Another writer still holding the first version is turned away.
        QCOMPARE(location->replaceIfUnchanged(name, "theirs", *created).status().code(),
                 Status::Code::Busy);
        QCOMPARE(*location->read(name), QByteArray("v2"));
    }

    void readsAreRanged() {
        auto location = open(QStringLiteral("azure://devstoreaccount1/contract/ranged"));
        QVERIFY(location);
        const QByteArray data = patterned(10000);
        QVERIFY(location->publish(QStringLiteral("big.pack"), data).isOk());
        auto file = location->openRead(QStringLiteral("big.pack"));
        QVERIFY2(file.isOk(), qPrintable(file.status().message()));
        QCOMPARE((*file)->size(), qint64(10000));
        QCOMPARE(*(*file)->read(1234, 500), data.mid(1234, 500));
        QCOMPARE(*(*file)->read(9990, 100), data.mid(9990));
        QCOMPARE(location->openRead(QStringLiteral("missing.pack")).status().code(),
                 Status::Code::NotFound);
    }

    void largeObjectsAreUploadedInBlocks() {
        auto location = openWith(QStringLiteral("azure://devstoreaccount1/contract/blocks"),
                                 [](azure::AzureBlobClient& client) { client.setBlockSize(1000); });
        QVERIFY(location);
        const QByteArray data = patterned(3500);
        auto writer = location->startObject(QStringLiteral("packs/large.pack"));
        QVERIFY(writer.isOk());
        QVERIFY((*writer)->append(data.left(2000)).isOk());
        QVERIFY((*writer)->append(data.mid(2000)).isOk());
        QVERIFY(!location->exists(QStringLiteral("packs/large.pack")));
        QVERIFY2((*writer)->publish().isOk(), "a large object could not be published");
        QCOMPARE(*location->read(QStringLiteral("packs/large.pack")), data);
        QCOMPARE(location->publish(QStringLiteral("packs/large.pack"), data).code(),
                 Status::Code::AlreadyExists);
    }

    void listingFollowsContinuationMarkers() {
        auto location = openWith(QStringLiteral("azure://devstoreaccount1/contract/listing"),
                                 [](azure::AzureBlobClient& client) { client.setListPageSize(2); });
        QVERIFY(location);
        QStringList expected;
        for (int i = 0; i < 7; ++i) {
            const QString name = QStringLiteral("packs/%1/p%2.pack").arg(i % 3).arg(i);
            QVERIFY(location->publish(name, QByteArray::number(i)).isOk());
            expected << name;
        }
        QVERIFY(location->publish(QStringLiteral("manifests/m.json"), "{}").isOk());
        std::sort(expected.begin(), expected.end());
        auto listed = location->list(QStringLiteral("packs/"));
        QVERIFY2(listed.isOk(), qPrintable(listed.status().message()));
        QStringList names;
        for (const ObjectInfo& info : *listed)
            names << info.name;
        QCOMPARE(names, expected);
        QCOMPARE(location->list(QString())->size(), 8);
    }

    void removingAMissingNameIsFine() {
        auto location = open(QStringLiteral("azure://devstoreaccount1/contract/remove"));
        QVERIFY(location);
        QVERIFY(location->publish(QStringLiteral("a.json"), "a").isOk());
        QVERIFY(location->remove(QStringList{QStringLiteral("a.json"), QStringLiteral("b.json")})
                    .isOk());
        QVERIFY(!location->exists(QStringLiteral("a.json")));
        QVERIFY(location->remove(QStringLiteral("a.json")).isOk());
    }

    void aWrongKeyIsRefusedClearly() {
        const QString wrongKey = QString::fromLatin1(QByteArray(64, 'k').toBase64());
        qputenv("AZURE_STORAGE_CONNECTION_STRING", azurite_.connectionString(wrongKey).toUtf8());
        QTemporaryDir dir;
        auto location = openLocation(QStringLiteral("azure://devstoreaccount1/contract/wrong"),
                                     FileSystem::posix());
        qputenv("AZURE_STORAGE_CONNECTION_STRING", azurite_.connectionString().toUtf8());
        QVERIFY(location.isOk());
        const Status refused = (*location)->publish(QStringLiteral("a.json"), "a");
        QCOMPARE(refused.code(), Status::Code::Failed);
        QVERIFY2(refused.message().contains(
                     QStringLiteral("the storage key or SAS for devstoreaccount1 was refused")),
                 qPrintable(refused.message()));
        QVERIFY(!refused.message().contains(wrongKey));
    }

    // The console asks for the passphrase again on WrongKey: a refused storage key must not
    // read as a wrong passphrase, or it would ask forever.
    void aRefusedStorageKeyIsNotAWrongPassphrase() {
        QTemporaryDir dir;
        const QString wsDir = dir.path() + QStringLiteral("/ws");
        RedundancyConfig config;
        config.locations = {QStringLiteral("azure://devstoreaccount1/keyed")};
        auto created = Workspace::create(wsDir, config, &kPass, std::make_shared<ManualClock>(kT0));
        QVERIFY2(created.isOk(), qPrintable(created.status().message()));
        created->reset();
        const QString wrongKey = QString::fromLatin1(QByteArray(64, 'k').toBase64());
        qputenv("AZURE_STORAGE_CONNECTION_STRING", azurite_.connectionString(wrongKey).toUtf8());
        auto opened = Workspace::open(wsDir, &kPass, std::make_shared<ManualClock>(kT0));
        qputenv("AZURE_STORAGE_CONNECTION_STRING", azurite_.connectionString().toUtf8());
        QVERIFY(!opened.isOk());
        QVERIFY(opened.status().code() != Status::Code::WrongKey);
        QVERIFY2(opened.status().message().contains(
                     QStringLiteral("the storage key or SAS for devstoreaccount1 was refused")),
                 qPrintable(opened.status().message()));
        QVERIFY(Workspace::open(wsDir, &kPass, std::make_shared<ManualClock>(kT0)).isOk());
    }

    void aMissingContainerIsNamed() {
        auto location = open(QStringLiteral("azure://devstoreaccount1/nosuchcontainer"));
        QVERIFY(location);
        const Status missing = location->stat(QStringLiteral("a.json")).status();
        QCOMPARE(missing.code(), Status::Code::NotFound);
        auto listed = location->list(QString());
        QCOMPARE(listed.status().code(), Status::Code::NotFound);
        QVERIFY2(listed.status().message().contains(QStringLiteral(
                     "container nosuchcontainer does not exist in devstoreaccount1")),
                 qPrintable(listed.status().message()));
    }

    void aWorkspaceBacksUpToAndRestoresFromAContainer() {
        QTemporaryDir dir;
        const auto path = [&](const QString& name) { return dir.path() + QLatin1Char('/') + name; };
        auto clock = std::make_shared<ManualClock>(kT0);
        RedundancyConfig config;
        config.locations = {QStringLiteral("azure://devstoreaccount1/vault")};
        auto created = Workspace::create(path(QStringLiteral("ws")), config, &kPass, clock);
        QVERIFY2(created.isOk(), qPrintable(created.status().message()));
        std::unique_ptr<Workspace> ws = std::move(*created);
        QCOMPARE(ws->redundancy().primary(), QStringLiteral("azure://devstoreaccount1/vault"));

        const QString file = path(QStringLiteral("app.db"));
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 2000));
        QVERIFY(ws->addDatabase(QStringLiteral("app"), file, -1).isOk());
        QVERIFY(backup(*ws, *clock, BackupType::Full));
        QVERIFY(execSql(file, QStringLiteral("UPDATE orders SET status='paid' WHERE id % 7 = 0")));
        QVERIFY(execSql(file, QStringLiteral("DELETE FROM orders WHERE id % 11 = 0")));
        QVERIFY(backup(*ws, *clock, BackupType::Log));

        const QString reference = path(QStringLiteral("ref.db"));
        QVERIFY(copyDatabase(file, reference));
        JobContext restoreJob;
        auto restored = ws->restoreToPoint(ws->catalog(), QStringLiteral("app"), clock->nowMs(),
                                           QStringLiteral("restored"),
                                           path(QStringLiteral("restored.db")), restoreJob);
        QVERIFY2(restored.isOk(), qPrintable(restored.status().message()));
        QString why;
        QVERIFY2(restoredEquals(restored->file, reference, &why), qPrintable(why));

        JobContext verifyJob;
        VerifyReport report = ws->verify(ws->catalog(), {}, verifyJob);
        QVERIFY2(report.ok(), qPrintable(report.problems.join(u'\n')));
        QVERIFY(report.packs > 0);
        QVERIFY(report.manifests > 0);

        // The objects are in the container, not in a folder named after the location.
        auto vault = open(QStringLiteral("azure://devstoreaccount1/vault"));
        QVERIFY(vault);
        auto packs = vault->list(QStringLiteral("packs/"));
        QVERIFY(packs.isOk());
        QVERIFY(!packs->isEmpty());
        QVERIFY(!QFileInfo::exists(QStringLiteral("azure:")));
    }

private:
    std::shared_ptr<Location> open(const QString& spec) {
        auto location = openLocation(spec, FileSystem::posix());
        if (!location) {
            qWarning("%s", qPrintable(location.status().message()));
            return {};
        }
        return *location;
    }

    template <typename Tune>
    std::shared_ptr<Location> openWith(const QString& spec, const Tune& tune) {
        auto address = azure::parseBlobAddress(spec);
        auto account = azure::accountFromEnvironment(address->account);
        if (!account)
            return {};
        auto client = std::make_shared<azure::AzureBlobClient>(*account);
        tune(*client);
        return azure::openBlobLocation(*address, client);
    }

    static bool backup(Workspace& ws, ManualClock& clock, BackupType type) {
        clock.advanceMs(kHour);
        JobContext job;
        auto db = ws.catalog().findDatabase(QStringLiteral("app"));
        auto made = db ? ws.backup(ws.catalog(), *db, type, job) : Result<BackupInfo>(db.status());
        if (!made)
            qWarning("%s", qPrintable(made.status().message()));
        return made.isOk();
    }

    Azurite azurite_;
};

QTEST_GUILESS_MAIN(AzureLocationTest)
#include "tst_azure_location.moc"
