#include "core/Clock.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace tidemark {

qint64 SystemClock::nowMs() const {
    return QDateTime::currentMSecsSinceEpoch();
}

OffsetClock::OffsetClock(qint64 startMs)
    : startMs_(startMs), origin_(std::chrono::steady_clock::now()) {}

qint64 OffsetClock::nowMs() const {
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - origin_);
    return startMs_ + elapsed.count();
}

QString formatTime(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

qint64 parseTime(const QString& text) {
    QString t = text.trimmed();
    if (t.isEmpty())
        return -1;
    // The spellings people type and the ones Tidemark displays, brought to ISO 8601: a space
    // between date and time, a trailing "UTC", an offset without its colon.
    static const QRegularExpression spelled(
        QStringLiteral(R"(^(\d{4}-\d{2}-\d{2})(?:[T ]+(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?))?\s*)"
                       R"((Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = spelled.match(t);
    if (!m.hasMatch())
        return -1;
    QString zone = m.captured(3).toUpper();
    if (zone == QLatin1String("UTC") || zone == QLatin1String("GMT"))
        zone = QStringLiteral("Z");
    else if (zone.size() == 3) // "+02"
        zone += QStringLiteral(":00");
    else if (zone.size() == 5) // "+0200"
        zone.insert(3, QLatin1Char(':'));
    const QString time = m.captured(2).isEmpty() ? QStringLiteral("00:00") : m.captured(2);
    const QString iso = m.captured(1) + QLatin1Char('T') + time + zone;
    QDateTime dt = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!dt.isValid())
        return -1;
    if (zone.isEmpty()) // no offset given: the contract says UTC
        dt.setTimeZone(QTimeZone::utc());
    return dt.toMSecsSinceEpoch();
}

} // namespace tidemark
