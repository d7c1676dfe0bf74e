// A vault whose primary is an Azure Blob container (Azurite), driven through the real CLI and
// checked with Azure's own SDK: after backups the container holds exactly the objects the vault
// names, all sealed (a marker written into the database appears in no blob); restores to a
// point, of a long-term copy and of a dropped database equal the source at that instant; purge
// and gc remove the objects from the container; the catalog and a whole workspace (system
// restore --from azure://...) come back from the container alone; damage is reported.
// The slots build on each other, in order, over one workspace.

#include "Azurite.h"
#include "BlobInventory.h"
#include "BlobVaultChecks.h"
#include "CliRunner.h"
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QtTest>

using namespace tidemark::testsupport;
using tidemark::testing::Azurite;

namespace {

const QString kContainer = QStringLiteral("primary");
const QString kPrefix = QStringLiteral("host-a");
// Written into the protected database: no blob may hold it in the clear.
const QString kMarker = QStringLiteral("tidemark-plaintext-marker-5e1c07");

// The databases of a `db list`, by uuid.
QStringList uuids(const CliResult& list) {
    QStringList found;
    for (const QJsonValue& database : list.jsonArray())
        found << database.toObject().value("uuid").toString();
    found.sort();
    return found;
}

QString backupId(const CliResult& backup) {
    return idText(backup.jsonArray().first().toObject().value("id"));
}

} // namespace

class TestCliAzure : public QObject {
    Q_OBJECT

    Azurite azurite_;
    TestWorkspace ws_;
    // Instants of the history, after the real clock: gc measures its grace period on the
    // storage service's modification times.
    qint64 t0_ = 0;
    QString shop_;
    QString referenceFull_;
    QString referenceDiff_;
    QString diffSnapshot_;
    QString referenceLatest_;
    QString latestSnapshot_;
    QStringList firstChain_;
    // Dropped databases: uuid -> backups made (the CLI no longer lists them).
    QMap<QString, int> dropped_;

    QString now(qint64 offsetMs) const { return isoInstant(t0_ + offsetMs); }

    // Backs up `name` and returns its id (empty on failure, with the output in the log).
    QString backup(const QString& name, const QString& type, qint64 offsetMs,
                   QString* snapshot = nullptr) {
        const CliResult result = ws_.runJson({"backup", name, "--type", type}, at(now(offsetMs)));
        if (!exitedWith(result, 0)) {
            qWarning("%s", qPrintable(result.describe()));
            return {};
        }
        if (snapshot)
            *snapshot = result.jsonArray().first().toObject().value("snapshot").toString();
        return backupId(result);
    }

    QString restoredDifference(const QStringList& how, const QString& asName,
                               const QString& reference, qint64 offsetMs,
                               const TestWorkspace* workspace = nullptr,
                               const QStringList& globals = {}) {
        const QString target = ws_.dataPath(asName + ".db");
        const QStringList command =
            QStringList{"restore"} + how + QStringList{"--as", asName, "--file", target};
        CliOptions options = ws_.withHome(at(now(offsetMs)));
        options.json = true;
        const CliResult restore = workspace ? workspace->runJson(command, at(now(offsetMs)))
                                            : runCli(globals + command, options);
        if (!exitedWith(restore, 0))
            return restore.describe();
        QString why;
        return restoredEquals(target, reference, &why) ? QString() : why;
    }

    QString inventoryDifferences(qint64 offsetMs) {
        VaultObjects expected;
        QString why;
        if (!vaultObjectsOf(ws_, now(offsetMs), dropped_, &expected, &why))
            return why;
        return differencesFrom(kContainer, kPrefix, expected);
    }

private slots:
    void initTestCase() {
        const QString problem = startBlobCliTest(azurite_, &t0_);
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }

    void backupsHoldExactlyTheVaultSealed() {
        shop_ = ws_.dataPath("shop.db");
        QVERIFY(makeDatabase(shop_, JournalMode::Wal, 4096, 1500));
        QVERIFY(execSql(shop_, QStringLiteral("CREATE TABLE notes_kept(body TEXT);"
                                              "INSERT INTO notes_kept VALUES ('%1');")
                                   .arg(kMarker)));
        QVERIFY(makeDatabase(ws_.dataPath("legacy.db"), JournalMode::Delete, 1024, 300));
        TIDEMARK_VERIFY_EXIT(
            ws_.run({"init", "--location", blobLocation(kContainer, kPrefix)}, at(now(0))), 0);
        TIDEMARK_VERIFY_EXIT(ws_.run({"db", "add", "shop", "--file", shop_}, at(now(0))), 0);
        TIDEMARK_VERIFY_EXIT(
            ws_.run({"db", "add", "legacy", "--file", ws_.dataPath("legacy.db")}, at(now(0))), 0);
        TIDEMARK_VERIFY_EXIT(ws_.run({"ltr", "shop", "--weekly", "P4W"}, at(now(0))), 0);
        TIDEMARK_VERIFY_EXIT(ws_.run({"policy", "shop", "--retention-days", "1"}, at(now(0))), 0);

        // The database is written by its own connection between the backups.
        SqliteConnection app(shop_);
        QVERIFY(app.isOpen());
        const QString full = backup("shop", "full", 0);
        QVERIFY(!full.isEmpty());
        QVERIFY(!backup("legacy", "full", 0).isEmpty());
        referenceFull_ = ws_.dataPath("ref-full.db");
        QVERIFY(copyDatabase(shop_, referenceFull_));
        QVERIFY(app.execute("UPDATE orders SET status = 'shipped' WHERE id % 5 = 0"));
        const QString diff = backup("shop", "diff", kHourMs, &diffSnapshot_);
        QVERIFY(!diff.isEmpty());
        referenceDiff_ = ws_.dataPath("ref-diff.db");
        QVERIFY(copyDatabase(shop_, referenceDiff_));
        QVERIFY(app.execute("DELETE FROM order_notes WHERE id % 3 = 0"));
        QVERIFY(app.execute("INSERT INTO customers(name, email) SELECT name || ' jr', "
                            "'jr.' || email FROM customers WHERE id % 4 = 0"));
        const QString log = backup("shop", "log", 2 * kHourMs);
        QVERIFY(!log.isEmpty());
        firstChain_ = {full, diff, log};

        const QString differences = inventoryDifferences(2 * kHourMs + 60'000);
        QVERIFY2(differences.isEmpty(), qPrintable(differences));
        QStringList clear;
        QString why;
        QVERIFY2(blobsContaining(kContainer, kPrefix, kMarker, &clear, &why), qPrintable(why));
        QVERIFY2(clear.isEmpty(), qPrintable(clear.join(u'\n')));
    }

    // The marker check proves something only if an unsealed vault would show the marker.
    void anUnencryptedVaultShowsTheMarker() {
        TestWorkspace plain;
        const QString file = plain.dataPath("plain.db");
        QVERIFY(copyDatabase(shop_, file));
        TIDEMARK_VERIFY_EXIT(
            plain.run({"init", "--no-encryption", "--location", blobLocation(kContainer, "plain")},
                      at(now(0))),
            0);
        TIDEMARK_VERIFY_EXIT(plain.run({"db", "add", "plain", "--file", file}, at(now(0))), 0);
        TIDEMARK_VERIFY_EXIT(plain.run({"backup", "plain", "--type", "full"}, at(now(0))), 0);
        QStringList clear;
        QString why;
        QVERIFY2(blobsContaining(kContainer, "plain", kMarker, &clear, &why), qPrintable(why));
        QVERIFY2(!clear.isEmpty(), "the marker is in no blob even without encryption");
    }

    void restoresAPointAnLtrCopyAndADroppedDatabase() {
        const qint64 later = 3 * kHourMs;
        QString seen = restoredDifference({"shop", "--to", diffSnapshot_}, "at_diff",
                                          referenceDiff_, later, &ws_);
        QVERIFY2(seen.isEmpty(), qPrintable(seen));

        const CliResult ltr = ws_.runJson({"ltr-backups", "shop"}, at(now(later)));
        QCOMPARE(ltr.jsonArray().size(), 1);
        const QString ltrId = idText(ltr.jsonArray().first().toObject().value("id"));
        seen =
            restoredDifference({"shop", "--ltr", ltrId}, "from_ltr", referenceFull_, later, &ws_);
        QVERIFY2(seen.isEmpty(), qPrintable(seen));

        const QString legacy = ws_.dataPath("legacy.db");
        QVERIFY(execSql(legacy, "UPDATE orders SET status = 'archived' WHERE id % 2 = 0"));
        const QString legacyReference = ws_.dataPath("ref-legacy.db");
        QVERIFY(copyDatabase(legacy, legacyReference));
        const QString uuid =
            findObject(ws_.runJson({"db", "list"}, at(now(later))).jsonArray(), "name", "legacy")
                .value("uuid")
                .toString();
        const CliResult drop = ws_.runJson({"db", "drop", "legacy"}, at(now(later)));
        TIDEMARK_VERIFY_EXIT(drop, 0);
        dropped_.insert(uuid, 2); // the full and the final log backup of the drop
        QVERIFY(QFile::remove(legacy));
        const QString dropTime = drop.jsonObject().value("dropped").toString();
        seen = restoredDifference({"legacy", "--deleted", "--to", dropTime}, "legacy_back",
                                  legacyReference, later + 60'000, &ws_);
        QVERIFY2(seen.isEmpty(), qPrintable(seen));
        TIDEMARK_VERIFY_EXIT(ws_.run({"verify"}, at(now(later + 120'000))), 0);
    }

    void purgeAndGcRemoveTheObjectsFromTheContainer() {
        // A day on, a new full after changes that supersede the first chain's pages; another
        // day on, a log: the first chain has left the one-day retention, and the packs only it
        // needed are orphans.
        QVERIFY(
            execSql(shop_, "UPDATE orders SET status = 'late', amount_cents = amount_cents + 1"));
        QVERIFY(execSql(shop_, "DELETE FROM order_notes WHERE id % 2 = 0"));
        QVERIFY(!backup("shop", "full", 24 * kHourMs).isEmpty());
        QVERIFY(execSql(shop_, "UPDATE customers SET name = name || ' sr' WHERE id % 3 = 0"));
        const qint64 second = 48 * kHourMs;
        QVERIFY(!backup("shop", "log", second, &latestSnapshot_).isEmpty());
        referenceLatest_ = ws_.dataPath("ref-latest.db");
        QVERIFY(copyDatabase(shop_, referenceLatest_));
        QList<Blob> before;
        QString why;
        QVERIFY2(listBlobs(kContainer, kPrefix, &before, &why), qPrintable(why));

        const CliResult purge = ws_.runJson({"purge", "shop"}, at(now(second + kHourMs)));
        TIDEMARK_VERIFY_EXIT(purge, 0);
        QStringList purged;
        for (const QJsonValue& id : purge.jsonArray().first().toObject().value("purged").toArray())
            purged << idText(id);
        purged.sort();
        QStringList expectedPurged = firstChain_;
        expectedPurged.sort();
        QCOMPARE(purged, expectedPurged);
        const CliResult gc =
            ws_.runJson({"gc", "--grace-minutes", "0"}, at(now(second + 2 * kHourMs)));
        TIDEMARK_VERIFY_EXIT(gc, 0);
        const qint64 orphans = gc.jsonObject().value("orphan_packs").toInteger();
        QVERIFY2(orphans > 0, qPrintable(gc.describe()));

        QList<Blob> after;
        QVERIFY2(listBlobs(kContainer, kPrefix, &after, &why), qPrintable(why));
        auto packCount = [](const QList<Blob>& blobs) {
            return std::count_if(blobs.begin(), blobs.end(), [](const Blob& b) {
                return b.name.startsWith(QLatin1String("packs/"));
            });
        };
        QCOMPARE(qint64(packCount(before) - packCount(after)), orphans);
        const QStringList names = blobNames(after);
        for (const QString& id : firstChain_) {
            for (const QString& name : names)
                QVERIFY2(!(name.startsWith("manifests/") && name.contains(id)),
                         qPrintable(name + " outlived the purge"));
        }
        const QString differences = inventoryDifferences(second + 3 * kHourMs);
        QVERIFY2(differences.isEmpty(), qPrintable(differences));
        const QString seen = restoredDifference({"shop", "--to", latestSnapshot_}, "after_gc",
                                                referenceLatest_, second + 3 * kHourMs, &ws_);
        QVERIFY2(seen.isEmpty(), qPrintable(seen));
    }

    void catalogRebuildsFromTheContainer() {
        const QString instant = now(50 * kHourMs);
        const CliResult before = ws_.runJson({"backups", "shop"}, at(instant));
        TIDEMARK_VERIFY_EXIT(before, 0);
        const CliResult databases = ws_.runJson({"db", "list"}, at(instant));
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            QFile::remove(ws_.catalogPath() + QLatin1String(suffix));
        const CliResult rebuild = ws_.runJson({"catalog", "rebuild"}, at(instant));
        TIDEMARK_VERIFY_EXIT(rebuild, 0);
        QCOMPARE(rebuild.jsonObject().value("databases").toInteger(),
                 databases.jsonArray().size() + dropped_.size());
        QCOMPARE(uuids(ws_.runJson({"db", "list"}, at(instant))), uuids(databases));
        const CliResult after = ws_.runJson({"backups", "shop"}, at(instant));
        TIDEMARK_VERIFY_EXIT(after, 0);
        QCOMPARE(after.jsonArray(), before.jsonArray());
        const QString seen = restoredDifference({"shop", "--to", latestSnapshot_}, "rebuilt",
                                                referenceLatest_, 50 * kHourMs, &ws_);
        QVERIFY2(seen.isEmpty(), qPrintable(seen));
    }

    void systemRestoreFromTheContainer() {
        const qint64 at51 = 51 * kHourMs;
        const CliResult system = ws_.runJson({"system", "backup"}, at(now(at51)));
        TIDEMARK_VERIFY_EXIT(system, 0);
        const QString differences = inventoryDifferences(at51 + 60'000);
        QVERIFY2(differences.isEmpty(), qPrintable(differences));

        const QString newMachine = ws_.root() + "/new-machine";
        const QStringList onNew = {"--workspace", newMachine};
        CliOptions options = ws_.withHome(at(now(at51 + kHourMs)));
        options.json = true;
        const CliResult restored = runCli(
            onNew + QStringList{"system", "restore", "--from", blobLocation(kContainer, kPrefix)},
            options);
        TIDEMARK_VERIFY_EXIT(restored, 0);
        QCOMPARE(uuids(runCli(onNew + QStringList{"db", "list"}, options)),
                 uuids(ws_.runJson({"db", "list"}, at(now(at51 + kHourMs)))));
        const CliResult listed = runCli(onNew + QStringList{"backups", "shop"}, options);
        TIDEMARK_VERIFY_EXIT(listed, 0);
        QCOMPARE(listed.jsonArray(),
                 ws_.runJson({"backups", "shop"}, at(now(at51 + kHourMs))).jsonArray());
        const QString seen = restoredDifference({"shop", "--to", latestSnapshot_}, "on_new_machine",
                                                referenceLatest_, at51 + kHourMs, nullptr, onNew);
        QVERIFY2(seen.isEmpty(), qPrintable(seen));
    }

    // Last: it leaves the vault damaged. A blob primary with no other copy cannot heal, so
    // verify must say what is lost.
    void damageInABlobIsReported() {
        QList<Blob> blobs;
        QString why;
        QVERIFY2(listBlobs(kContainer, kPrefix, &blobs, &why), qPrintable(why));
        QString largest;
        qint64 size = -1;
        for (const Blob& blob : blobs) {
            if (blob.name.startsWith(QLatin1String("packs/")) && blob.size > size) {
                largest = blob.name;
                size = blob.size;
            }
        }
        QVERIFY(!largest.isEmpty());
        QVERIFY2(flipBlobByte(kContainer, kPrefix + "/" + largest, &why), qPrintable(why));
        const CliResult verify = ws_.runJson({"verify"}, at(now(53 * kHourMs)));
        TIDEMARK_VERIFY_EXIT(verify, 3);
        const QString packName = QFileInfo(largest).completeBaseName();
        QVERIFY2(verify.jsonObject().value("problems").toArray().size() >= 1 &&
                     jsonText(verify.jsonObject().value("problems")).contains(packName),
                 qPrintable(verify.describe()));
        QVERIFY(verify.jsonObject().value("healed").toArray().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliAzure)
#include "tst_cli_azure.moc"
