#pragma once

#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace tidemark {

// What a running job shares with whoever watches it: progress, a cancel flag, its log.
// Thread-safe: the job writes, the console or CLI reads and may cancel.
class JobContext {
public:
    std::atomic<bool> cancelRequested{false};

    void cancel() { cancelRequested.store(true); }
    bool cancelled() const { return cancelRequested.load(); }

    void setProgress(double fraction, const QString& stage = {}) {
        progress_.store(fraction);
        if (!stage.isEmpty()) {
            QMutexLocker lock(&mutex_);
            stage_ = stage;
        }
        if (onProgress)
            onProgress(fraction);
    }
    double progress() const { return progress_.load(); }
    QString stage() const {
        QMutexLocker lock(&mutex_);
        return stage_;
    }

    void log(const QString& line) {
        QMutexLocker lock(&mutex_);
        lines_ << line;
    }
    QString logText() const {
        QMutexLocker lock(&mutex_);
        return lines_.join(QLatin1Char('\n'));
    }

    // What the job produced, in a form scripts and the console read without parsing text;
    // stored with the job record.
    void setResult(const QJsonObject& result) {
        QMutexLocker lock(&mutex_);
        result_ = result;
    }
    QJsonObject result() const {
        QMutexLocker lock(&mutex_);
        return result_;
    }

    // Optional observer, called on the job's thread.
    std::function<void(double)> onProgress;

private:
    mutable QMutex mutex_;
    std::atomic<double> progress_{0.0};
    QString stage_;
    QStringList lines_;
    QJsonObject result_;
};

} // namespace tidemark
