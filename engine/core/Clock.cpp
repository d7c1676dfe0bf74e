#include "core/Clock.h"

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
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    if (!dt.isValid())
        return -1;
    if (dt.timeSpec() == Qt::LocalTime) // no offset given: the contract says UTC
        dt.setTimeSpec(Qt::UTC);
    return dt.toMSecsSinceEpoch();
}

} // namespace tidemark
