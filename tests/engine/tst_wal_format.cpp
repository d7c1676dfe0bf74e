// The write-ahead log reader against logs SQLite itself wrote: commits are found with their
// pages, a torn or altered frame ends the log there, frames of another incarnation are ignored.

#include "capture/WalFormat.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace tidemark;

namespace {

// A database in WAL mode whose log holds `commits` one-row commits (nothing checkpointed).
// Returns the log's bytes.
QByteArray writeLog(const QString& path, int commits, sqlite3** keepOpen) {
    sqlite3* db = nullptr;
    sqlite3_open(QFile::encodeName(path).constData(), &db);
    sqlite3_exec(db,
                 "PRAGMA page_size=1024; PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;"
                 "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);",
                 nullptr, nullptr, nullptr);
    for (int i = 0; i < commits; ++i)
        sqlite3_exec(db, "INSERT INTO t(v) VALUES (hex(randomblob(50)))", nullptr, nullptr,
                     nullptr);
    *keepOpen = db; // open, so the log is neither checkpointed nor deleted
    QFile wal(path + QStringLiteral("-wal"));
    wal.open(QIODevice::ReadOnly);
    return wal.readAll();
}

} // namespace

class TestWalFormat : public QObject {
    Q_OBJECT

private slots:
    void readsEveryCommitSqliteWrote();
    void alteredFrameEndsTheLog();
    void damagedHeaderIsRefused();
    void resumesFromACursor();
};

void TestWalFormat::readsEveryCommitSqliteWrote() {
    QTemporaryDir dir;
    sqlite3* db = nullptr;
    QByteArray log = writeLog(dir.filePath("a.db"), 20, &db);
    auto header = parseWalHeader(log.constData(), size_t(log.size()));
    QVERIFY2(header.isOk(), qPrintable(header.status().message()));
    QCOMPARE(header->pageSize, 1024u);
    WalCursor cursor = WalCursor::atStart(*header);
    auto commits = readWalCommits(log.constData() + kWalHeaderSize,
                                  size_t(log.size()) - kWalHeaderSize, cursor);
    // The CREATE TABLE and the 20 inserts.
    QCOMPARE(int(commits.size()), 21);
    for (const WalCommit& c : commits) {
        QVERIFY(!c.pageNumbers.empty());
        QCOMPARE(c.pages.size(), qsizetype(c.pageNumbers.size() * 1024));
        QVERIFY(std::is_sorted(c.pageNumbers.begin(), c.pageNumbers.end()));
        QVERIFY(c.databasePages >= c.pageNumbers.back());
    }
    QCOMPARE(walFrameOffset(cursor.frames, 1024), quint64(log.size()));
    sqlite3_close(db);
}

void TestWalFormat::alteredFrameEndsTheLog() {
    QTemporaryDir dir;
    sqlite3* db = nullptr;
    QByteArray log = writeLog(dir.filePath("a.db"), 10, &db);
    auto header = parseWalHeader(log.constData(), size_t(log.size()));
    QVERIFY(header.isOk());
    WalCursor all = WalCursor::atStart(*header);
    auto full =
        readWalCommits(log.constData() + kWalHeaderSize, size_t(log.size()) - kWalHeaderSize, all);
    QByteArray damaged = log;
    // Find the frame that ends the fifth commit (a commit's frames may repeat a page, so
    // count by cutting the log frame by frame), then alter one byte of the frame after it.
    WalCursor walk = WalCursor::atStart(*header);
    int seen = 0;
    uint64_t cut = 0;
    for (uint64_t f = 1; walFrameOffset(f, 1024) <= uint64_t(log.size()); ++f) {
        WalCursor c = WalCursor::atStart(*header);
        auto part = readWalCommits(log.constData() + kWalHeaderSize,
                                   size_t(walFrameOffset(f, 1024) - kWalHeaderSize), c);
        if (int(part.size()) > seen) {
            seen = int(part.size());
            if (seen == 5) {
                cut = f;
                walk = c;
                break;
            }
        }
    }
    QVERIFY(cut > 0);
    damaged[qsizetype(walFrameOffset(cut, 1024) + kWalFrameHeaderSize + 100)] ^= 0x01;
    WalCursor cursor = WalCursor::atStart(*header);
    auto read = readWalCommits(damaged.constData() + kWalHeaderSize,
                               size_t(damaged.size()) - kWalHeaderSize, cursor);
    QCOMPARE(int(read.size()), 5);
    QCOMPARE(cursor.frames, walk.frames);
    QVERIFY(full.size() > read.size());
    // A torn last frame (the file cut mid-frame) keeps every complete commit before it.
    WalCursor torn = WalCursor::atStart(*header);
    auto tornRead = readWalCommits(log.constData() + kWalHeaderSize,
                                   size_t(log.size()) - kWalHeaderSize - 500, torn);
    QCOMPARE(tornRead.size() + 1, full.size());
    // Frames of another incarnation (other salts) are not part of this log.
    WalCursor other = WalCursor::atStart(*header);
    other.salt2 ^= 1;
    QVERIFY(
        readWalCommits(log.constData() + kWalHeaderSize, size_t(log.size()) - kWalHeaderSize, other)
            .empty());
    sqlite3_close(db);
}

void TestWalFormat::damagedHeaderIsRefused() {
    QTemporaryDir dir;
    sqlite3* db = nullptr;
    QByteArray log = writeLog(dir.filePath("a.db"), 1, &db);
    for (int at : {0, 4, 8, 16, 24}) {
        QByteArray bad = log;
        bad[at] = char(bad[at] ^ 0x40);
        QVERIFY2(!parseWalHeader(bad.constData(), size_t(bad.size())).isOk(),
                 qPrintable(QStringLiteral("byte %1").arg(at)));
    }
    QVERIFY(!parseWalHeader(log.constData(), 20).isOk());
    sqlite3_close(db);
}

void TestWalFormat::resumesFromACursor() {
    QTemporaryDir dir;
    sqlite3* db = nullptr;
    const QString path = dir.filePath("a.db");
    QByteArray first = writeLog(path, 5, &db);
    auto header = parseWalHeader(first.constData(), size_t(first.size()));
    QVERIFY(header.isOk());
    WalCursor cursor = WalCursor::atStart(*header);
    auto early = readWalCommits(first.constData() + kWalHeaderSize,
                                size_t(first.size()) - kWalHeaderSize, cursor);
    QCOMPARE(int(early.size()), 6);
    for (int i = 0; i < 7; ++i)
        sqlite3_exec(db, "INSERT INTO t(v) VALUES ('later')", nullptr, nullptr, nullptr);
    QFile wal(path + QStringLiteral("-wal"));
    QVERIFY(wal.open(QIODevice::ReadOnly));
    QByteArray now = wal.readAll();
    const uint64_t at = walFrameOffset(cursor.frames, header->pageSize);
    auto later = readWalCommits(now.constData() + at, size_t(now.size()) - at, cursor);
    QCOMPARE(int(later.size()), 7);
    QCOMPARE(walFrameOffset(cursor.frames, 1024), quint64(now.size()));
    sqlite3_close(db);
}

QTEST_GUILESS_MAIN(TestWalFormat)
#include "tst_wal_format.moc"
