#pragma once

#include <QApplication>
#include <QDir>
#include <QWidget>
#include <QtTest>

namespace tidemark::testsupport {

// Where GUI tests save what they drew, for a person to look at: build/tests/gui/screenshots.
inline QString screenshotDir() {
    QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

// Saves `w` as drawn now under screenshots/NAME.png (a test failure when it cannot be saved).
inline void shoot(QWidget* w, const QString& name) {
    QApplication::processEvents();
    QVERIFY(w->grab().save(screenshotDir() + QLatin1Char('/') + name + QStringLiteral(".png")));
}

} // namespace tidemark::testsupport
