#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace tidemark {

// The engine's error value. Every fallible engine call returns a Status or a Result<T>;
// ErrorMessages.cpp is the one place that turns them into words for people.
class [[nodiscard]] Status {
public:
    enum class Code {
        Ok,
        NotFound,
        AlreadyExists,
        InvalidArgument,
        Corruption,
        IOError,
        NoSpace,
        WrongKey,
        OutOfRange,
        Cancelled,
        Unsupported,
        Busy,
        Failed,
    };

    Status() = default;
    static Status ok() { return {}; }
    static Status notFound(QString m) { return {Code::NotFound, std::move(m)}; }
    static Status alreadyExists(QString m) { return {Code::AlreadyExists, std::move(m)}; }
    static Status invalidArgument(QString m) { return {Code::InvalidArgument, std::move(m)}; }
    static Status corruption(QString m) { return {Code::Corruption, std::move(m)}; }
    static Status ioError(QString m) { return {Code::IOError, std::move(m)}; }
    static Status noSpace(QString m) { return {Code::NoSpace, std::move(m)}; }
    static Status wrongKey(QString m) { return {Code::WrongKey, std::move(m)}; }
    static Status outOfRange(QString m) { return {Code::OutOfRange, std::move(m)}; }
    static Status cancelled(QString m = QStringLiteral("cancelled")) {
        return {Code::Cancelled, std::move(m)};
    }
    static Status unsupported(QString m) { return {Code::Unsupported, std::move(m)}; }
    static Status busy(QString m) { return {Code::Busy, std::move(m)}; }
    static Status failed(QString m) { return {Code::Failed, std::move(m)}; }

    bool isOk() const { return code_ == Code::Ok; }
    explicit operator bool() const { return isOk(); }
    Code code() const { return code_; }
    const QString& message() const { return message_; }
    bool isNotFound() const { return code_ == Code::NotFound; }
    bool isCorruption() const { return code_ == Code::Corruption; }
    bool isIOError() const { return code_ == Code::IOError || code_ == Code::NoSpace; }
    bool isCancelled() const { return code_ == Code::Cancelled; }

    // Adds what the caller was doing in front of the message, keeping the code.
    Status context(const QString& what) const {
        if (isOk())
            return *this;
        return {code_, what + QStringLiteral(": ") + message_};
    }

    QString toString() const;

private:
    Status(Code c, QString m) : code_(c), message_(std::move(m)) {}
    Code code_ = Code::Ok;
    QString message_;
};

template <typename T> class [[nodiscard]] Result;

// Drops a status on purpose. `why` names the reason the caller may go on, for example cleanup
// after an error that is already being returned, or a rollback after a failed statement; the
// reason stands where the call is, for the next reader.
inline void ignoreStatus(const Status& /*status*/, const char* /*why*/) {}

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}
    Result(Status status) : status_(std::move(status)) { Q_ASSERT(!status_.isOk()); }

    bool isOk() const { return status_.isOk(); }
    explicit operator bool() const { return isOk(); }
    const Status& status() const { return status_; }
    T& value() & { return *value_; }
    const T& value() const& { return *value_; }
    T&& value() && { return std::move(*value_); }
    T* operator->() { return &*value_; }
    const T* operator->() const { return &*value_; }
    T& operator*() & { return *value_; }
    const T& operator*() const& { return *value_; }

private:
    Status status_;
    std::optional<T> value_;
};

#define TM_TRY(expr)                                                                               \
    do {                                                                                           \
        ::tidemark::Status tm_status_ = (expr);                                                    \
        if (!tm_status_.isOk())                                                                    \
            return tm_status_;                                                                     \
    } while (0)

} // namespace tidemark
