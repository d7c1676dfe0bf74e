// Times as users type them (restore --to, the restore wizard): every usual spelling of an
// instant is read as that instant, and anything else is refused rather than guessed.
#include "core/Clock.h"

#include <QtTest>

using namespace tidemark;

class TestTimeText : public QObject {
    Q_OBJECT

private slots:
    void acceptsUsualSpellings_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString minute = QStringLiteral("2026-11-30T15:30:00.000Z");
        QTest::newRow("space, minutes") << QStringLiteral("2026-11-30 15:30") << minute;
        QTest::newRow("T, minutes") << QStringLiteral("2026-11-30T15:30") << minute;
        QTest::newRow("seconds") << QStringLiteral("2026-11-30 15:30:07")
                                 << QStringLiteral("2026-11-30T15:30:07.000Z");
        QTest::newRow("milliseconds Z") << QStringLiteral("2026-11-30T15:30:07.250Z")
                                        << QStringLiteral("2026-11-30T15:30:07.250Z");
        QTest::newRow("displayed format") << QStringLiteral("2026-11-30 15:30:07.250 UTC")
                                          << QStringLiteral("2026-11-30T15:30:07.250Z");
        QTest::newRow("offset with colon") << QStringLiteral("2026-11-30 17:30+02:00") << minute;
        QTest::newRow("offset without colon") << QStringLiteral("2026-11-30T10:30-0500") << minute;
        QTest::newRow("hour offset") << QStringLiteral("2026-11-30 16:30 +01") << minute;
        QTest::newRow("lower-case z") << QStringLiteral(" 2026-11-30t15:30z ") << minute;
        QTest::newRow("date only")
            << QStringLiteral("2026-11-30") << QStringLiteral("2026-11-30T00:00:00.000Z");
    }
    void acceptsUsualSpellings() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const qint64 ms = parseTime(text);
        QVERIFY2(ms >= 0, qPrintable(text));
        QCOMPARE(formatTime(ms), expected);
        // What Tidemark prints, it reads back.
        QCOMPARE(parseTime(formatTime(ms)), ms);
    }

    void refusesWhatIsNotATime_data() {
        QTest::addColumn<QString>("text");
        for (const char* t :
             {"", "yesterday", "2026-11-30 25:00", "2026-13-01 10:00", "2026-11-31 10:00",
              "30/11/2026 15:30", "2026-11-30 15:30 CET", "2026-11-30 15", "1764516600000"})
            QTest::newRow(t) << QString::fromLatin1(t);
    }
    void refusesWhatIsNotATime() {
        QFETCH(QString, text);
        QCOMPARE(parseTime(text), qint64(-1));
    }
};

QTEST_GUILESS_MAIN(TestTimeText)
#include "tst_time_text.moc"
