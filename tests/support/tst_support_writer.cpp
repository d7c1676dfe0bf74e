// Checks the test support before any CLI test relies on it: the writer process and the
// reference rebuild agree on "the content after commit k", and the comparison helpers see both
// equality and difference.

#include "LogicalDump.h"
#include "SqliteFiles.h"
#include "TestWorkspace.h"
#include "WriterReference.h"

#include <QProcess>
#include <QtTest>

using namespace tidemark::testsupport;

class TestSupportWriter : public QObject {
    Q_OBJECT

private slots:
    void writerMatchesReference_data();
    void writerMatchesReference();
    void comparisonsSeeDifferences();

private:
    static int runWriter(const QStringList& arguments, QString* output);
};

int TestSupportWriter::runWriter(const QStringList& arguments, QString* output) {
    QProcess writer;
    writer.setProcessChannelMode(QProcess::MergedChannels);
    writer.start(QStringLiteral(TIDEMARK_WRITER_PATH), arguments);
    const bool finished = writer.waitForFinished(60'000);
    *output = QString::fromUtf8(writer.readAll());
    return finished && writer.exitStatus() == QProcess::NormalExit ? writer.exitCode() : -1;
}

void TestSupportWriter::writerMatchesReference_data() {
    QTest::addColumn<QString>("journal");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("wal") << QStringLiteral("wal") << 4096;
    QTest::newRow("rollback journal") << QStringLiteral("delete") << 1024;
}

void TestSupportWriter::writerMatchesReference() {
    QFETCH(QString, journal);
    QFETCH(int, pageSize);
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString database = workspace.dataPath(QStringLiteral("writer.db"));
    const QString log = workspace.dataPath(QStringLiteral("writer.log"));
    const QStringList common = {QStringLiteral("--db"),        database,
                                QStringLiteral("--journal"),   journal,
                                QStringLiteral("--page-size"), QString::number(pageSize),
                                QStringLiteral("--pause-ms"),  QStringLiteral("0"),
                                QStringLiteral("--log"),       log};

    QString output;
    QCOMPARE(
        runWriter(common + QStringList{QStringLiteral("--commits"), QStringLiteral("60")}, &output),
        0);
    // A second run continues the sequence where the first stopped.
    QCOMPARE(
        runWriter(common + QStringList{QStringLiteral("--commits"), QStringLiteral("15")}, &output),
        0);
    QCOMPARE(readWriterProgress(database), std::optional<qint64>(75));

    const QList<WriterCommit> commits = readWriterLog(log);
    QCOMPARE(commits.size(), 75);
    for (qsizetype index = 0; index < commits.size(); ++index) {
        QCOMPARE(commits[index].k, index + 1);
        QVERIFY(commits[index].beganMs <= commits[index].committedMs);
    }

    SqliteConnection connection(database, true);
    QVERIFY2(connection.isOpen(), qPrintable(connection.lastError()));
    QCOMPARE(connection.queryText(QStringLiteral("PRAGMA journal_mode")), std::optional(journal));
    QCOMPARE(connection.queryInteger(QStringLiteral("PRAGMA page_size")),
             std::optional<qint64>(pageSize));

    const QString reference = workspace.dataPath(QStringLiteral("reference.db"));
    QString error;
    QVERIFY2(buildWriterReference(reference, 75, &error), qPrintable(error));
    QString diff;
    QVERIFY2(sqldiffEmpty(database, reference, &diff), qPrintable(diff));
    QCOMPARE(logicalHash(database), logicalHash(reference));
    QCOMPARE(integrityCheck(database), QStringLiteral("ok"));

    // A neighbouring state must differ, or the comparison would prove nothing.
    const QString earlier = workspace.dataPath(QStringLiteral("reference-74.db"));
    QVERIFY2(buildWriterReference(earlier, 74, &error), qPrintable(error));
    QVERIFY(logicalHash(database) != logicalHash(earlier));
    QVERIFY(!sqldiffEmpty(database, earlier));
}

void TestSupportWriter::comparisonsSeeDifferences() {
    TestWorkspace workspace;
    QVERIFY(workspace.isValid());
    const QString database = workspace.dataPath(QStringLiteral("shop.db"));
    QString error;
    QVERIFY2(makeDatabase(database, JournalMode::Wal, 4096, 2000, &error), qPrintable(error));
    QCOMPARE(userTableCount(database), 4);
    QCOMPARE(integrityCheck(database), QStringLiteral("ok"));

    const QString copy = workspace.dataPath(QStringLiteral("copy.db"));
    QVERIFY2(copyDatabase(database, copy, &error), qPrintable(error));
    QVERIFY(sqldiffEmpty(database, copy));
    QCOMPARE(logicalDump(database), logicalDump(copy));

    QVERIFY2(execSql(copy,
                     QStringLiteral("UPDATE settings SET value = 'USD' WHERE key = "
                                    "'currency'"),
                     &error),
             qPrintable(error));
    QVERIFY(!sqldiffEmpty(database, copy));
    QVERIFY(logicalHash(database) != logicalHash(copy));

    // A schema-only change (no row differs) must show in both comparisons too.
    const QString schemaCopy = workspace.dataPath(QStringLiteral("schema-copy.db"));
    QVERIFY2(copyDatabase(database, schemaCopy, &error), qPrintable(error));
    QVERIFY2(execSql(schemaCopy, QStringLiteral("CREATE INDEX orders_by_status ON orders(status)"),
                     &error),
             qPrintable(error));
    QVERIFY(logicalHash(database) != logicalHash(schemaCopy));
    QVERIFY(!sqldiffEmpty(database, schemaCopy));
}

QTEST_GUILESS_MAIN(TestSupportWriter)
#include "tst_support_writer.moc"
