// The common set-up: a local primary with its GRS secondary in an Azure Blob container
// (Azurite), through the real CLI and checked with Azure's own SDK. The secondary holds
// exactly the replicated vault, sealed; a damaged primary pack is healed from the blob copy;
// a blob deleted behind Tidemark's back is replicated again; geo-restore from the container
// alone equals the source. With both copies in containers, a blob damaged through the SDK is
// healed from the other. A pack above the block size is committed whole; a blob primary with
// continuous capture restores to a commit.

#include "Azurite.h"
#include "BlobInventory.h"
#include "BlobVaultChecks.h"
#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"
#include "VaultFiles.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <QtTest>

#include <csignal>

using namespace tidemark::testsupport;
using tidemark::testing::Azurite;

namespace {

const QString kContainer = QStringLiteral("geo");
const QString kMarker = QStringLiteral("tidemark-plaintext-marker-9a4d21");

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every object of a folder vault, by its name relative to the folder.
QStringList objectsUnder(const QString& dir) {
    QStringList names;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        names << QDir(dir).relativeFilePath(it.next());
    names.sort();
    return names;
}

// Runs verify: empty when it succeeds having healed exactly the pack at `packPath` (a file or
// a blob name), otherwise what it did.
QString healsOnly(const TestWorkspace& ws, const QString& packPath, const QString& now) {
    const CliResult verify = ws.runJson({"verify"}, at(now));
    const QJsonArray healed = verify.jsonObject().value("healed").toArray();
    if (!exitedWith(verify, 0) || healed.size() != 1 ||
        !healed.first().toObject().value("object").toString().contains(
            QFileInfo(packPath).completeBaseName()))
        return verify.describe();
    return {};
}

// Restores the latest point of `name` as ASNAME and compares it with `reference`: empty when
// they are equal, otherwise why not.
QString latestRestoresTo(const TestWorkspace& ws, const QString& name, const QString& asName,
                         const QString& reference, const QString& now) {
    const QString latest =
        ws.runJson({"restore-window", name}, at(now)).jsonObject().value("latest").toString();
    const QString target = ws.dataPath(asName + ".db");
    const CliResult restore =
        ws.run({"restore", name, "--to", latest, "--as", asName, "--file", target}, at(now));
    if (!exitedWith(restore, 0))
        return restore.describe();
    QString why;
    return restoredEquals(target, reference, &why) ? QString() : why;
}

qint64 latestCommit(const TestWorkspace& ws) {
    const QJsonObject window = ws.runJson({"restore-window", "app"}).jsonObject();
    return window.contains("latest_commit") ? qint64(window.value("latest_commit").toDouble()) : -1;
}

bool waitForCommit(const TestWorkspace& ws, qint64 atLeast) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 120'000 && latestCommit(ws) < atLeast)
        QThread::msleep(300);
    return latestCommit(ws) >= atLeast;
}

} // namespace

class TestCliAzureGeo : public QObject {
    Q_OBJECT

    Azurite azurite_;
    qint64 t0_ = 0;

    QString now(qint64 offsetMs) const { return isoInstant(t0_ + offsetMs); }

private slots:
    void initTestCase() {
        const QString problem = startBlobCliTest(azurite_, &t0_);
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }

    void blobSecondaryHoldsTheReplicatedVaultAndGeoRestores() {
        TestWorkspace ws;
        const QString prefix = QStringLiteral("host-b");
        const QString file = ws.dataPath("shop.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 1500));
        QVERIFY(execSql(file, QStringLiteral("CREATE TABLE notes_kept(body TEXT);"
                                             "INSERT INTO notes_kept VALUES ('%1');")
                                  .arg(kMarker)));
        TIDEMARK_VERIFY_EXIT(
            ws.run({"init", "--redundancy", "GRS", "--secondary", blobLocation(kContainer, prefix)},
                   at(now(0))),
            0);
        TIDEMARK_VERIFY_EXIT(ws.run({"db", "add", "shop", "--file", file}, at(now(0))), 0);
        TIDEMARK_VERIFY_EXIT(ws.run({"backup", "shop", "--type", "full"}, at(now(0))), 0);
        QVERIFY(execSql(file, "UPDATE orders SET status = 'geo' WHERE id % 6 = 0"));
        TIDEMARK_VERIFY_EXIT(ws.run({"backup", "shop", "--type", "diff"}, at(now(kHourMs))), 0);
        QVERIFY(execSql(file, "DELETE FROM order_notes WHERE id % 5 = 0"));
        TIDEMARK_VERIFY_EXIT(ws.run({"backup", "shop", "--type", "log"}, at(now(2 * kHourMs))), 0);
        const QString reference = ws.dataPath("reference.db");
        QVERIFY(copyDatabase(file, reference));
        TIDEMARK_VERIFY_EXIT(ws.run({"replicate"}, at(now(3 * kHourMs))), 0);

        // The secondary holds what the primary folder holds, object for object.
        QList<Blob> blobs;
        QString why;
        QVERIFY2(listBlobs(kContainer, prefix, &blobs, &why), qPrintable(why));
        for (const Blob& blob : blobs)
            QVERIFY2(blob.committed, qPrintable(blob.name));
        QCOMPARE(blobNames(blobs), objectsUnder(ws.vaultDir()));
        QStringList clear;
        QVERIFY2(blobsContaining(kContainer, prefix, kMarker, &clear, &why), qPrintable(why));
        QVERIFY2(clear.isEmpty(), qPrintable(clear.join(u'\n')));

        // A damaged primary pack is healed from the blob copy.
        const QString pack = largestFile(filesUnder(ws.vaultDir() + "/packs", ".pack"));
        QVERIFY(!pack.isEmpty());
        const QByteArray good = contents(pack);
        QVERIFY(flipByte(pack, QFileInfo(pack).size() / 2));
        QString seen = healsOnly(ws, pack, now(5 * kHourMs));
        QVERIFY2(seen.isEmpty(), qPrintable(seen));
        QCOMPARE(contents(pack), good);

        // A blob of the secondary deleted behind Tidemark's back: the next replication puts
        // it back, and the container again holds what the primary holds.
        const QString manifest = [&] {
            for (const QString& name : blobNames(blobs))
                if (name.startsWith("manifests/"))
                    return name;
            return QString();
        }();
        QVERIFY(!manifest.isEmpty());
        QVERIFY2(deleteBlob(kContainer, prefix + "/" + manifest, &why), qPrintable(why));
        TIDEMARK_VERIFY_EXIT(ws.run({"replicate"}, at(now(6 * kHourMs))), 0);
        QVERIFY2(listBlobs(kContainer, prefix, &blobs, &why), qPrintable(why));
        QCOMPARE(blobNames(blobs), objectsUnder(ws.vaultDir()));

        // The primary is gone: geo-restore reads the container alone.
        QVERIFY(QDir(ws.vaultDir()).rename(ws.vaultDir(), ws.vaultDir() + "-lost"));
        const QString target = ws.dataPath("geo.db");
        const CliResult geo = ws.runJson(
            {"restore", "shop", "--geo", "--as", "geo", "--file", target}, at(now(7 * kHourMs)));
        TIDEMARK_VERIFY_EXIT(geo, 0);
        QVERIFY2(restoredEquals(target, reference, &why), qPrintable(why));
    }

    // Both copies in containers: a blob of the primary damaged through Azure's own client is
    // reported and rewritten from the secondary's intact copy.
    void aDamagedPrimaryBlobIsHealedFromTheBlobSecondary() {
        TestWorkspace ws;
        const QString file = ws.dataPath("shop.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 800));
        TIDEMARK_VERIFY_EXIT(
            ws.run({"init", "--location", blobLocation("primary", "host-d"), "--redundancy", "GRS",
                    "--secondary", blobLocation(kContainer, "host-d")},
                   at(now(0))),
            0);
        TIDEMARK_VERIFY_EXIT(ws.run({"db", "add", "shop", "--file", file}, at(now(0))), 0);
        TIDEMARK_VERIFY_EXIT(ws.run({"backup", "shop", "--type", "full"}, at(now(0))), 0);
        const QString reference = ws.dataPath("reference.db");
        QVERIFY(copyDatabase(file, reference));
        TIDEMARK_VERIFY_EXIT(ws.run({"replicate"}, at(now(kHourMs))), 0);

        QList<Blob> blobs;
        QString why;
        QVERIFY2(listBlobs("primary", "host-d", &blobs, &why), qPrintable(why));
        QString pack;
        for (const Blob& blob : blobs)
            if (blob.name.startsWith("packs/"))
                pack = blob.name;
        QVERIFY(!pack.isEmpty());
        QVERIFY2(flipBlobByte("primary", "host-d/" + pack, &why), qPrintable(why));
        QString seen = healsOnly(ws, pack, now(2 * kHourMs));
        QVERIFY2(seen.isEmpty(), qPrintable(seen));
        const CliResult again = ws.runJson({"verify"}, at(now(3 * kHourMs)));
        TIDEMARK_VERIFY_EXIT(again, 0);
        QVERIFY2(again.jsonObject().value("healed").toArray().isEmpty(),
                 qPrintable(again.describe()));
        seen = latestRestoresTo(ws, "shop", "healed", reference, now(3 * kHourMs));
        QVERIFY2(seen.isEmpty(), qPrintable(seen));
    }

    // A pack larger than the client's block size goes up as blocks and a block list: the
    // container then holds it whole and committed, and it restores.
    void aLargePackIsCommittedWhole() {
        TestWorkspace ws;
        const QString file = ws.dataPath("media.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 200));
        // Random bytes do not compress: about 6 MiB stored, above the 4 MiB block size.
        QVERIFY(execSql(file,
                        "CREATE TABLE media(id INTEGER PRIMARY KEY, body BLOB);"
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 96) INSERT INTO media SELECT i, randomblob(65536) FROM n;"));
        TIDEMARK_VERIFY_EXIT(
            ws.run({"init", "--location", blobLocation("primary", "host-e")}, at(now(0))), 0);
        TIDEMARK_VERIFY_EXIT(ws.run({"db", "add", "media", "--file", file}, at(now(0))), 0);
        TIDEMARK_VERIFY_EXIT(ws.run({"backup", "media", "--type", "full"}, at(now(0))), 0);
        QList<Blob> blobs;
        QString why;
        QVERIFY2(listBlobs("primary", "host-e", &blobs, &why), qPrintable(why));
        qint64 largest = 0;
        for (const Blob& blob : blobs) {
            QVERIFY2(blob.committed, qPrintable(blob.name));
            if (blob.name.startsWith("packs/"))
                largest = std::max(largest, blob.size);
        }
        QVERIFY2(largest > 4 * 1024 * 1024, qPrintable(QString::number(largest)));
        const QString seen = latestRestoresTo(ws, "media", "restored", file, now(kHourMs));
        QVERIFY2(seen.isEmpty(), qPrintable(seen));
    }

    // The checks above find nothing uncommitted; that means something only if the inventory
    // tells an interrupted upload from a blob.
    void theInventorySeesAnInterruptedUpload() {
        QString why;
        QVERIFY2(stageUncommittedBlock(kContainer, "staged/packs/ab/half.pack", &why),
                 qPrintable(why));
        QList<Blob> blobs;
        QVERIFY2(listBlobs(kContainer, "staged", &blobs, &why), qPrintable(why));
        QCOMPARE(blobNames(blobs), QStringList{"packs/ab/half.pack"});
        QVERIFY(!blobs.first().committed);
    }

    // Continuous capture into a blob primary: a restore stops at a captured commit.
    void blobPrimaryRestoresToACommit() {
        TestWorkspace ws;
        const QString file = ws.dataPath("app.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 500));
        TIDEMARK_VERIFY_EXIT(ws.run({"init", "--location", blobLocation(kContainer, "host-c")}), 0);
        TIDEMARK_VERIFY_EXIT(ws.run({"db", "add", "app", "--file", file}), 0);
        QProcess agent;
        ws.start(agent, {"agent"});
        QVERIFY2(waitForCommit(ws, 0), "capture never anchored");
        const qint64 anchored = latestCommit(ws);
        const QString reference = ws.dataPath("reference.db");
        {
            SqliteConnection app(file);
            QVERIFY(app.execute("UPDATE orders SET status = 'captured' WHERE id < 80"));
            QVERIFY2(waitForCommit(ws, anchored + 1), "the commit was never captured");
            QVERIFY(copyDatabase(file, reference));
            QVERIFY(app.execute("DELETE FROM orders WHERE id > 400"));
            QVERIFY2(waitForCommit(ws, anchored + 2), "the second commit was never captured");
        }
        ::kill(pid_t(agent.processId()), SIGINT);
        QVERIFY(agent.waitForFinished(60'000));
        const QString target = ws.dataPath("commit.db");
        const CliResult restored =
            ws.runJson({"restore", "app", "--to-commit", QString::number(anchored + 1), "--as", "c",
                        "--file", target});
        TIDEMARK_VERIFY_EXIT(restored, 0);
        QString why;
        QVERIFY2(restoredEquals(target, reference, &why), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestCliAzureGeo)
#include "tst_cli_azure_geo.moc"
