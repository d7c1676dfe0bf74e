#pragma once

#include <QDateTime>

#include <atomic>
#include <chrono>
#include <memory>

namespace tidemark {

// All engine code reads time through a Clock so tests and `--now` can move it.
// Times are milliseconds since the Unix epoch, UTC. Implementations are thread-safe.
class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }
};

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override;
};

// Starts at a chosen instant and runs on with real elapsed time, never going backwards.
// Used by `--now`: two commands a second apart still get distinct, ordered timestamps.
class OffsetClock final : public Clock {
public:
    explicit OffsetClock(qint64 startMs);
    qint64 nowMs() const override;

private:
    qint64 startMs_;
    std::chrono::steady_clock::time_point origin_;
};

// A clock that only moves when told. For simulations and tests.
class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 startMs) : ms_(startMs) {}
    qint64 nowMs() const override { return ms_.load(); }
    void setMs(qint64 ms) { ms_.store(ms); }
    void advanceMs(qint64 delta) { ms_.fetch_add(delta); }

private:
    std::atomic<qint64> ms_;
};

// ISO 8601 with milliseconds and 'Z'.
QString formatTime(qint64 ms);
// Accepts a date with an optional time (minutes, seconds or milliseconds) written with 'T' or a
// space, then an optional zone: Z, UTC, +02:00, +0200 or +02. No zone means UTC; formatTime's
// output and the console's display are accepted. Returns -1 when invalid.
qint64 parseTime(const QString& text);

} // namespace tidemark
