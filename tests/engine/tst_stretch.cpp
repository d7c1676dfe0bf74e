// Stretch tables in the engine: the predicate language (what it accepts and refuses), a
// migration batch whose remote copy fails (the rows wait in staging, nothing is lost, the
// retry finishes it), and reconciliation of a restored copy (rows migrated later are removed,
// rows the remote lost are re-inserted from staging, or reported when staging no longer has
// them).
#include "core/Clock.h"
#include "core/JobContext.h"
#include "core/SqliteDb.h"
#include "stretch/Migrator.h"
#include "stretch/Reconciler.h"
#include "stretch/RemoteEndpoint.h"
#include "stretch/StretchPredicate.h"
#include "stretch/StretchSql.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace tidemark;

namespace {

const QStringList kColumns = {QStringLiteral("id"), QStringLiteral("created"),
                              QStringLiteral("status"), QStringLiteral("note")};

Status makeEvents(const QString& path, int rows) {
    SqliteDb db;
    TM_TRY(db.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    TM_TRY(db.exec("PRAGMA journal_mode=WAL; CREATE TABLE events(id INTEGER PRIMARY KEY, cold "
                   "INTEGER NOT NULL, payload TEXT)"));
    TM_TRY(db.exec("BEGIN"));
    for (int i = 1; i <= rows; ++i) {
        StretchQuery q(db, QStringLiteral("INSERT INTO events VALUES(:id, :cold, :p)"), nullptr,
                       {{":id", qint64(i)},
                        {":cold", qint64(i % 3 == 0 ? 0 : 1)},
                        {":p", QStringLiteral("event %1").arg(i)}});
        TM_TRY(q.run());
    }
    return db.exec("COMMIT");
}

Status copyFile(const QString& from, const QString& to) {
    SqliteDb source, target;
    TM_TRY(source.open(from, SQLITE_OPEN_READONLY));
    TM_TRY(target.open(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    sqlite3_backup* b = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? Status::ok() : target.error(QStringLiteral("copy"));
}

// Opens `local` with the stretch functions and `remote` attached.
bool openPair(SqliteDb& db, const QString& local, const QString& remote) {
    if (!db.open(local, SQLITE_OPEN_READWRITE) || !registerStretchFunctions(db.handle()))
        return false;
    return execStretchSql(db, QStringLiteral("ATTACH DATABASE :f AS remote"), {{":f", remote}})
        .isOk();
}

qint64 scalar(SqliteDb& db, const QString& sql) {
    auto v = scalarStretchSql(db, sql);
    return v ? *v : -1;
}

// Count, id sum and payload check of local plus remote rows: the whole table.
QString wholeTable(SqliteDb& db) {
    return QStringLiteral("%1/%2/%3")
        .arg(scalar(db, QStringLiteral("SELECT count(*) FROM (SELECT id FROM main.events UNION "
                                       "ALL SELECT id FROM remote.events)")))
        .arg(scalar(db, QStringLiteral("SELECT sum(id) FROM (SELECT id FROM main.events UNION "
                                       "ALL SELECT id FROM remote.events)")))
        .arg(scalar(db, QStringLiteral("SELECT count(*) FROM (SELECT id, payload FROM "
                                       "main.events UNION ALL SELECT id, payload FROM "
                                       "remote.events) WHERE payload <> 'event ' || id")));
}

QString expectedTable(int rows) {
    return QStringLiteral("%1/%2/0").arg(rows).arg(qint64(rows) * (rows + 1) / 2);
}

// app.db holding `rows` events, linked to its remote endpoint (attached as "remote"), with
// the stretch schema on both sides and the predicate `cold = 1`.
struct EventsPair {
    QTemporaryDir dir;
    QString remote = remoteFileFor(dir.path(), QStringLiteral("u1"));
    SqliteDb db;
    TableShape shape;
    StretchPredicate predicate;

    bool open(int rows) {
        const QString local = dir.filePath(QStringLiteral("app.db"));
        if (!makeEvents(local, rows) ||
            !linkRemote(remote, "secret", QStringLiteral("u1"), QStringLiteral("app"), 0) ||
            !openPair(db, local, remote))
            return false;
        auto read = readTableShape(db.handle(), QStringLiteral("main"), QStringLiteral("events"));
        if (!read || !ensureRemoteTable(remote, *read) || !ensureLocalSchema(db, *read))
            return false;
        shape = *read;
        auto parsed = parseStretchPredicate(QStringLiteral("cold = 1"), shape.columns);
        if (!parsed)
            return false;
        predicate = *parsed;
        return true;
    }
};

} // namespace

class TestStretch : public QObject {
    Q_OBJECT

private slots:
    void predicateAccepts_data();
    void predicateAccepts();
    void predicateRefuses_data();
    void predicateRefuses();
    void failedRemoteCopyWaitsInStagingAndRetries();
    void redoOfACopiedBatchIsNoClash();
    void reconcileRestoredCopy();
    void compositeKeyWithoutRowid();
    void wrongSecretIsRefused();
};

void TestStretch::predicateAccepts_data() {
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<int>("parameters");
    QTest::newRow("comparison") << "created < '2024-01-01'"
                                << "\"created\" < '2024-01-01'" << 1;
    QTest::newRow("and/or") << "status = 'closed' AND (id <= 10 OR note IS NULL)"
                            << "\"status\" = 'closed' AND (\"id\" <= 10 OR \"note\" IS NULL)" << 2;
    QTest::newRow("bare or") << "id > 5 or id < -3"
                             << "(\"id\" > 5 OR \"id\" < -3)" << 2;
    QTest::newRow("in") << "status IN ('a', 'b''c', 3)"
                        << "\"status\" IN ('a', 'b''c', 3)" << 3;
    QTest::newRow("quoted column") << "\"Note\" IS NOT NULL"
                                   << "\"note\" IS NOT NULL" << 0;
    QTest::newRow("not equal") << "id != 1.5 AND id <> 2"
                               << "\"id\" != 1.5 AND \"id\" <> 2" << 2;
}

void TestStretch::predicateAccepts() {
    QFETCH(QString, expression);
    QFETCH(QString, canonical);
    QFETCH(int, parameters);
    auto p = parseStretchPredicate(expression, kColumns);
    QVERIFY2(p.isOk(), qPrintable(p.status().message()));
    QCOMPARE(p->text, canonical);
    QCOMPARE(p->parameterCount(), parameters);
    // The canonical form parses to itself.
    auto again = parseStretchPredicate(p->text, kColumns);
    QVERIFY(again.isOk());
    QCOMPARE(again->text, canonical);
}

void TestStretch::predicateRefuses_data() {
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("subquery") << "id IN (SELECT id FROM other)"
                              << "subqueries";
    QTest::newRow("function") << "date(created) < '2024-01-01'"
                              << "functions";
    QTest::newRow("other table") << "other.id = 1"
                                 << "other.id";
    QTest::newRow("unknown column") << "owner = 1"
                                    << "no column 'owner'";
    QTest::newRow("column vs column") << "id = status"
                                      << "not a constant";
    QTest::newRow("and inside or") << "(id = 1 AND status = 'x') OR id = 2"
                                   << "unexpected";
    QTest::newRow("arithmetic") << "id + 1 > 3"
                                << "unexpected";
    QTest::newRow("statement") << "id = 1; DROP TABLE events"
                               << "';'";
    QTest::newRow("empty") << "  "
                           << "empty";
    QTest::newRow("not") << "NOT id = 1"
                         << "unexpected";
    QTest::newRow("like") << "note LIKE 'x%'"
                          << "unexpected";
}

void TestStretch::predicateRefuses() {
    QFETCH(QString, expression);
    QFETCH(QString, mentions);
    auto p = parseStretchPredicate(expression, kColumns);
    QVERIFY(!p.isOk());
    QCOMPARE(p.status().code(), Status::Code::InvalidArgument);
    QVERIFY2(p.status().message().contains(mentions), qPrintable(p.status().message()));
}

void TestStretch::failedRemoteCopyWaitsInStagingAndRetries() {
    EventsPair pair;
    QVERIFY(pair.open(1000));
    SqliteDb& db = pair.db;
    const QString& remote = pair.remote;
    ManualClock clock(1'000'000);
    Migrator migrator(db, pair.shape, clock);

    // Another connection holds the remote locked: the copy step fails.
    SqliteDb blocker;
    QVERIFY(blocker.open(remote, SQLITE_OPEN_READWRITE));
    QVERIFY(blocker.exec("BEGIN EXCLUSIVE"));
    auto failed = migrator.runBatch(pair.predicate, 100);
    QVERIFY(!failed.isOk());
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM main.events")), 900);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM main.tidemark_stretch_batches "
                                       "WHERE state = 'copying' AND error IS NOT NULL")),
             1);
    QCOMPARE(
        scalar(db, QStringLiteral("SELECT count(*) FROM main.tidemark_stretch_staging_events")),
        100);
    QVERIFY(blocker.exec("ROLLBACK"));

    // The retry finishes the batch; every row is in exactly one place.
    auto recovered = migrator.recover();
    QVERIFY(recovered.isOk());
    QCOMPARE(*recovered, 1);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM remote.events")), 100);
    QCOMPARE(wholeTable(db), expectedTable(1000));
    // Running the batches to the end moves every cold row and only those.
    for (;;) {
        auto moved = migrator.runBatch(pair.predicate, 100);
        QVERIFY(moved.isOk());
        if (*moved == 0)
            break;
    }
    // Except row 1000, the newest: it stays local so SQLite never hands out a migrated id.
    QCOMPARE(scalar(db, QStringLiteral("SELECT group_concat(id) FROM main.events WHERE cold = 1")),
             1000);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM remote.events WHERE cold = 0")), 0);
    QCOMPARE(wholeTable(db), expectedTable(1000));
}

void TestStretch::redoOfACopiedBatchIsNoClash() {
    EventsPair pair;
    QVERIFY(pair.open(300));
    SqliteDb& db = pair.db;
    ManualClock clock(1'000'000);
    Migrator migrator(db, pair.shape, clock);
    QCOMPARE(*migrator.runBatch(pair.predicate, 100), 100);
    // A kill -9 after the remote commit, before the batch was marked done: the redo finds its
    // own rows on the remote (same key, same row hash) and finishes without a clash.
    QVERIFY(db.exec("UPDATE tidemark_stretch_batches SET state = 'copying', end_ms = NULL"));
    auto redone = migrator.recover();
    QVERIFY2(redone.isOk(), qPrintable(redone.status().message()));
    QCOMPARE(*redone, 1);
    QVERIFY(migrator.clashKey().isEmpty());
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM remote.events")), 100);
    // Another row under a migrated key is a clash: the remote row stays, the batch stops.
    QVERIFY(db.exec("UPDATE remote.events SET payload = 'changed' WHERE id = 1; UPDATE "
                    "tidemark_stretch_batches SET state = 'copying', end_ms = NULL"));
    auto clashed = migrator.recover();
    QVERIFY(!clashed.isOk());
    QCOMPARE(migrator.clashKey(), QStringLiteral("1"));
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM remote.events WHERE payload = "
                                       "'changed'")),
             1);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM tidemark_stretch_batches WHERE "
                                       "state = 'copying' AND error LIKE '%clash%'")),
             1);
}

void TestStretch::reconcileRestoredCopy() {
    QTemporaryDir dir;
    const QString local = dir.filePath(QStringLiteral("app.db"));
    const QString remote = remoteFileFor(dir.path(), QStringLiteral("u1"));
    QVERIFY(makeEvents(local, 900));
    QVERIFY(linkRemote(remote, "secret", QStringLiteral("u1"), QStringLiteral("app"), 0));
    SqliteDb db;
    QVERIFY(openPair(db, local, remote));
    auto shape = readTableShape(db.handle(), QStringLiteral("main"), QStringLiteral("events"));
    QVERIFY(shape.isOk());
    QVERIFY(ensureRemoteTable(remote, *shape));
    QVERIFY(ensureLocalSchema(db, *shape));
    auto predicate = parseStretchPredicate(QStringLiteral("cold = 1"), shape->columns);
    ManualClock clock(1'000'000);
    Migrator migrator(db, *shape, clock);
    QCOMPARE(*migrator.runBatch(*predicate, 100), 100);
    QCOMPARE(*migrator.runBatch(*predicate, 100), 100);
    // A third batch is caught half-way: its rows left the table, the remote copy has not
    // happened yet.
    {
        SqliteDb blocker;
        QVERIFY(blocker.open(remote, SQLITE_OPEN_READWRITE));
        QVERIFY(blocker.exec("BEGIN EXCLUSIVE"));
        QVERIFY(!migrator.runBatch(*predicate, 100).isOk());
        QVERIFY(blocker.exec("ROLLBACK"));
    }
    // The "restore point": a copy of the database at that moment.
    const QString restored = dir.filePath(QStringLiteral("restored.db"));
    QVERIFY(copyFile(local, restored));
    QCOMPARE(*migrator.recover(), 1);
    // Later: more rows, more batches.
    QVERIFY(execStretchSql(db, QStringLiteral("INSERT INTO main.events SELECT id + 10000, 1, "
                                              "'event ' || (id + 10000) FROM main.events WHERE "
                                              "id <= 50")));
    while (*migrator.runBatch(*predicate, 100) > 0) {
    }
    const qint64 remoteRows = scalar(db, QStringLiteral("SELECT count(*) FROM remote.events"));
    QVERIFY(remoteRows > 300);

    // Reconcile the restored copy against its own copy of the remote.
    const QString remoteCopy = dir.filePath(QStringLiteral("remote-copy.db"));
    QVERIFY(copyRemote(remote, remoteCopy));
    {
        SqliteDb r;
        QVERIFY(openPair(r, restored, remoteCopy));
        // As Stretch::reconcile does: the half-done batch is finished first.
        Migrator restoredMigrator(r, *shape, clock);
        QCOMPARE(*restoredMigrator.recover(), 1);
        ReconciliationReport report;
        report.verified = true;
        JobContext job;
        QVERIFY(reconcileTable(r, *shape, job, report));
        QCOMPARE(report.removed, remoteRows - 300);
        QCOMPARE(report.reinserted, 0);
        QVERIFY(report.unrecoverable.isEmpty());
        QVERIFY(report.verified);
        QCOMPARE(wholeTable(r), expectedTable(900));
        // The remote lost rows (an older snapshot): they come back from staging.
        QVERIFY(execStretchSql(r, QStringLiteral("DELETE FROM remote.events WHERE id % 2 = 0")));
        ReconciliationReport again;
        again.verified = true;
        QVERIFY(reconcileTable(r, *shape, job, again));
        QCOMPARE(again.removed, 0);
        QCOMPARE(again.reinserted, 150);
        QVERIFY(again.verified);
        QCOMPARE(wholeTable(r), expectedTable(900));
        // Once staging is purged, lost rows are reported, never invented.
        QCOMPARE(*restoredMigrator.purgeStaging(clock.nowMs() + 1), 300);
        QVERIFY(execStretchSql(r, QStringLiteral("DELETE FROM remote.events WHERE id IN (1, 2)")));
        ReconciliationReport lost;
        lost.verified = true;
        QVERIFY(reconcileTable(r, *shape, job, lost));
        QCOMPARE(lost.unrecoverable,
                 QStringList({QStringLiteral("events: 1"), QStringLiteral("events: 2")}));
        QCOMPARE(lost.reinserted, 0);
        QVERIFY(lost.verified); // local plus remote equal the table except the listed rows
        QCOMPARE(lost.expectedRows, 898);
        QCOMPARE(lost.actualRows, 898);
    }
    // The original remote was not touched by the copy's reconciliation.
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM remote.events")), remoteRows);
}

void TestStretch::compositeKeyWithoutRowid() {
    QTemporaryDir dir;
    const QString local = dir.filePath(QStringLiteral("kv.db"));
    const QString remote = remoteFileFor(dir.path(), QStringLiteral("u9"));
    {
        SqliteDb db;
        QVERIFY(db.open(local, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
        QVERIFY(db.exec("CREATE TABLE \"my kv\"(region TEXT, n INTEGER, v BLOB, PRIMARY "
                        "KEY(region, n)) WITHOUT ROWID; WITH RECURSIVE c(i) AS (SELECT 1 UNION "
                        "ALL SELECT i + 1 FROM c WHERE i < 200) INSERT INTO \"my kv\" SELECT "
                        "CASE WHEN i % 2 THEN 'east''s' ELSE 'west' END, i, randomblob(16) FROM "
                        "c"));
    }
    QVERIFY(linkRemote(remote, "secret", QStringLiteral("u9"), QStringLiteral("kv"), 0));
    SqliteDb db;
    QVERIFY(openPair(db, local, remote));
    auto shape = readTableShape(db.handle(), QStringLiteral("main"), QStringLiteral("my kv"));
    QVERIFY(shape.isOk());
    QCOMPARE(shape->keyColumns, QStringList({QStringLiteral("region"), QStringLiteral("n")}));
    QVERIFY(ensureRemoteTable(remote, *shape));
    QVERIFY(ensureLocalSchema(db, *shape));
    auto predicate = parseStretchPredicate(
        QStringLiteral("n < 150 AND region IN ('east''s', 'north')"), shape->columns);
    QVERIFY2(predicate.isOk(), qPrintable(predicate.status().message()));
    ManualClock clock(5);
    Migrator migrator(db, *shape, clock);
    qint64 total = 0;
    for (;;) {
        auto moved = migrator.runBatch(*predicate, 30);
        QVERIFY2(moved.isOk(), qPrintable(moved.status().message()));
        if (*moved == 0)
            break;
        total += *moved;
    }
    QCOMPARE(total, 75); // odd n below 150
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM main.\"my kv\"")), 125);
    // A copy restored before any batch: everything comes back to local, verified.
    const QString restored = dir.filePath(QStringLiteral("restored.db"));
    {
        SqliteDb r;
        QVERIFY(copyFile(local, restored));
        QVERIFY(openPair(r, restored, remote));
        // Make the copy look like before the migration: rows back, ledger and staging empty.
        QVERIFY(r.exec("INSERT INTO main.\"my kv\" SELECT region, n, v FROM "
                       "main.\"tidemark_stretch_staging_my kv\"; DELETE FROM "
                       "main.\"tidemark_stretch_staging_my kv\"; DELETE FROM "
                       "main.\"tidemark_stretch_ledger_my kv\""));
        ReconciliationReport report;
        report.verified = true;
        JobContext job;
        QVERIFY(reconcileTable(r, *shape, job, report));
        QCOMPARE(report.removed, 75);
        QVERIFY(report.verified);
        QCOMPARE(report.actualRows, 200);
    }
}

void TestStretch::wrongSecretIsRefused() {
    QTemporaryDir dir;
    const QString remote = remoteFileFor(dir.path(), QStringLiteral("u1"));
    QVERIFY(linkRemote(remote, "right", QStringLiteral("u1"), QStringLiteral("app"), 0));
    QVERIFY(checkRemoteLink(remote, "right", QStringLiteral("u1")));
    Status wrong = checkRemoteLink(remote, "wrong", QStringLiteral("u1"));
    QCOMPARE(wrong.code(), Status::Code::WrongKey);
    QCOMPARE(linkRemote(remote, "wrong", QStringLiteral("u2"), QStringLiteral("x"), 0).code(),
             Status::Code::WrongKey);
    // Relinked to another database with the right secret: the first is no longer linked.
    QVERIFY(linkRemote(remote, "right", QStringLiteral("u2"), QStringLiteral("copy"), 0));
    Status old = checkRemoteLink(remote, "right", QStringLiteral("u1"));
    QVERIFY(!old.isOk());
    QVERIFY(old.message().contains(QStringLiteral("not linked")));
}

QTEST_GUILESS_MAIN(TestStretch)
#include "tst_stretch.moc"
