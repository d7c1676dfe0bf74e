// A thousand random byte flips across the vault's objects (packs, manifests, database records,
// key material): every one is detected by the object's own check, and a restore over a flipped
// object never hands back data.
#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "workspace/Workspace.h"

#include <QDirIterator>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;
using namespace tidemark::testsupport;

namespace {
const QByteArray kPass("fault test passphrase");

bool objectIntact(const Vault& vault, const QString& path) {
    QString name = QFileInfo(path).fileName();
    if (name.endsWith(QStringLiteral(".pack"))) {
        auto reader = vault.openPack(name.chopped(5));
        if (!reader)
            return false;
        const PackIndex& idx = (*reader)->index();
        for (uint32_t seg = 0; seg < idx.segments.size(); ++seg) {
            auto raw = (*reader)->readSegment(seg);
            if (!raw)
                return false;
            for (uint32_t b = 0; b < idx.blobs.size(); ++b) {
                if (idx.blobs[b].segment == seg && !(*reader)->blobFrom(*raw, b))
                    return false;
            }
        }
        return true;
    }
    if (name.endsWith(QStringLiteral(".tmm"))) {
        QString db = QFileInfo(QFileInfo(path).absolutePath()).fileName();
        return vault.readManifest(db, name.chopped(4)).isOk();
    }
    if (name.endsWith(QStringLiteral(".tmd")))
        return vault.readDatabaseRecord(name.chopped(4)).isOk();
    if (name == QStringLiteral("tidemark-vault.json"))
        return Vault::open(openFolderLocation(FileSystem::posix(), vault.root()), &kPass).isOk();
    return true;
}
} // namespace

class FaultTest : public QObject {
    Q_OBJECT
private slots:
    void everyFlippedByteIsDetected() {
        QTemporaryDir dir;
        auto clock = std::make_shared<ManualClock>(1767225600000);
        auto ws = Workspace::create(dir.path() + QStringLiteral("/ws"), QString(), &kPass, clock);
        QVERIFY(ws.isOk());
        QString file = dir.path() + QStringLiteral("/f.db");
        QVERIFY(makeDatabase(file, JournalMode::Wal, 4096, 3000));
        QVERIFY((*ws)->addDatabase(QStringLiteral("f"), file, -1).isOk());
        JobContext job;
        auto db = (*ws)->catalog().findDatabase(QStringLiteral("f"));
        QList<BackupInfo> made;
        for (BackupType t : {BackupType::Full, BackupType::Log, BackupType::Differential}) {
            clock->advanceMs(3600 * 1000);
            // The last backup under a rotated data key: both object forms are flipped.
            if (t == BackupType::Differential)
                QVERIFY((*ws)->rotateDataKey().isOk());
            QVERIFY(execSql(file, QStringLiteral("UPDATE orders SET status='x' WHERE id % 9 = 0")));
            auto b = (*ws)->backup((*ws)->catalog(), *db, t, job);
            QVERIFY(b.isOk());
            made << *b;
        }
        QStringList objects;
        QDirIterator it((*ws)->vault().root(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QString p = it.next();
            if (!QFileInfo(p).fileName().startsWith(QLatin1Char('.')))
                objects << p;
        }
        QVERIFY(objects.size() >= 6);
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("seed %u", seed);
        QRandomGenerator random(seed);
        int detected = 0;
        for (int i = 0; i < 1000; ++i) {
            const QString& path = objects[int(random.bounded(int(objects.size())))];
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            qint64 offset = qint64(random.bounded(double(f.size())));
            char original = 0;
            const QByteArray whole = f.readAll();
            f.seek(offset);
            f.getChar(&original);
            char flipped = char(original ^ char(1 << random.bounded(8)));
            f.seek(offset);
            f.putChar(flipped);
            f.close();
            bool intact = objectIntact((*ws)->vault(), path);
            // Harmless: the pack header's magic (nothing depends on it; the trailer locates
            // everything), or JSON whitespace turned into other whitespace (same document).
            bool harmless = path.endsWith(QStringLiteral(".pack")) && offset < 8;
            if (path.endsWith(QStringLiteral(".json"))) {
                QFile now(path);
                now.open(QIODevice::ReadOnly);
                harmless = QJsonDocument::fromJson(now.readAll()) == QJsonDocument::fromJson(whole);
            }
            if (!intact)
                ++detected;
            else
                QVERIFY2(harmless, qPrintable(QStringLiteral("flip at %1 of %2 went unnoticed "
                                                             "(seed %3)")
                                                  .arg(offset)
                                                  .arg(path)
                                                  .arg(seed)));
            // Now and then, a restore over the damage: it must fail, never return data.
            if (!intact && !path.endsWith(QStringLiteral(".json")) && i % 100 == 0) {
                QString target = dir.path() + QStringLiteral("/r%1.db").arg(i);
                auto r = (*ws)->restoreToPoint((*ws)->catalog(), QStringLiteral("f"),
                                               made.last().snapshotMs, QStringLiteral("r%1").arg(i),
                                               target, job);
                if (r.isOk()) {
                    // The flipped object was not on this chain's path: the data must be exact.
                    QCOMPARE(integrityCheck(target), QStringLiteral("ok"));
                }
            }
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(offset);
            f.putChar(original);
            f.close();
        }
        QVERIFY(detected > 950);
        JobContext verifyJob;
        QVERIFY((*ws)->verify((*ws)->catalog(), {}, verifyJob).ok());
    }
};

QTEST_GUILESS_MAIN(FaultTest)
#include "tst_faults.moc"
