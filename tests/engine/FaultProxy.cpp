#include "FaultProxy.h"

#include <QByteArray>
#include <QRandomGenerator>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tidemark::testing {

namespace {

constexpr int kPollMs = 50;

// Waits until `fd` has something to read (or hung up); false when the proxy is stopping.
bool waitReadable(int fd, const std::atomic<bool>& stopping) {
    while (!stopping.load()) {
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, kPollMs);
        if (ready > 0)
            return true;
        if (ready < 0 && errno != EINTR)
            return false;
    }
    return false;
}

bool sendAll(int fd, const QByteArray& data) {
    qsizetype sent = 0;
    while (sent < data.size()) {
        const ssize_t n =
            ::send(fd, data.constData() + sent, size_t(data.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += n;
    }
    return true;
}

// Reads one whole HTTP message head and its Content-Length body (requests and the answers
// to them carry no chunked bodies here). Empty when the peer went away first.
QByteArray readMessage(int fd, const std::atomic<bool>& stopping, bool headOnly = false) {
    QByteArray data;
    qsizetype headEnd = -1;
    qint64 bodyLength = 0;
    char buffer[65536];
    while (waitReadable(fd, stopping)) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0)
            return {};
        data.append(buffer, qsizetype(got));
        if (headEnd < 0 && (headEnd = data.indexOf("\r\n\r\n")) >= 0) {
            if (headOnly)
                return data;
            const QByteArray head = data.left(headEnd).toLower();
            const qsizetype at = head.indexOf("\r\ncontent-length:");
            if (at >= 0) {
                const qsizetype end = head.indexOf("\r\n", at + 2);
                bodyLength = head.mid(at + 17, end < 0 ? -1 : end - at - 17).trimmed().toLongLong();
            }
        }
        if (headEnd >= 0 && data.size() >= headEnd + 4 + bodyLength)
            return data;
    }
    return {};
}

// Closes with a TCP reset rather than an orderly end.
void resetAndClose(int fd) {
    linger hard{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::close(fd);
}

int connectTo(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(quint16(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Copies bytes both ways until either side ends.
void pump(int a, int b, const std::atomic<bool>& stopping) {
    char buffer[65536];
    while (!stopping.load()) {
        pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
        const int ready = ::poll(p, 2, kPollMs);
        if (ready < 0 && errno != EINTR)
            return;
        for (int i = 0; i < 2; ++i) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t got = ::recv(p[i].fd, buffer, sizeof buffer, 0);
            if (got <= 0 || !sendAll(p[1 - i].fd, QByteArray::fromRawData(buffer, got)))
                return;
        }
    }
}

// Holds a connection without answering until the client hangs up or the proxy stops.
void holdSilently(int fd, const std::atomic<bool>& stopping) {
    char buffer[4096];
    while (waitReadable(fd, stopping))
        if (::recv(fd, buffer, sizeof buffer, 0) <= 0)
            return;
}

} // namespace

FaultProxy::FaultProxy(int upstreamPort, Schedule schedule)
    : upstreamPort_(upstreamPort), schedule_(std::move(schedule)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int yes = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    ::listen(listener_, 64);
    acceptor_ = std::thread([this] { acceptLoop(); });
}

FaultProxy::~FaultProxy() {
    stopping_ = true;
    acceptor_.join();
    ::close(listener_);
    for (std::thread& worker : workers_)
        worker.join();
}

void FaultProxy::setSchedule(Schedule schedule) {
    QMutexLocker lock(&mutex_);
    schedule_ = std::move(schedule);
}

int FaultProxy::count(Fault fault) const {
    QMutexLocker lock(&mutex_);
    const auto found = counts_.find(fault);
    return found == counts_.end() ? 0 : found->second;
}

void FaultProxy::acceptLoop() {
    while (waitReadable(listener_, stopping_)) {
        const int client = ::accept(listener_, nullptr, nullptr);
        if (client < 0)
            continue;
        const int index = connections_++;
        QMutexLocker lock(&mutex_);
        const Fault fault = schedule_ ? schedule_(index) : Fault::None;
        ++counts_[fault];
        workers_.emplace_back([this, client, fault] { serve(client, fault); });
    }
}

void FaultProxy::serve(int client, Fault fault) {
    if (fault == Fault::ResetBeforeForwarding) {
        resetAndClose(client);
        return;
    }
    if (fault == Fault::ServiceUnavailable) {
        if (!readMessage(client, stopping_).isEmpty())
            sendAll(client, "HTTP/1.1 503 Service Unavailable\r\nx-ms-error-code: ServerBusy\r\n"
                            "Content-Length: 0\r\nConnection: close\r\n\r\n");
        ::close(client);
        return;
    }
    const int upstream = connectTo(upstreamPort_);
    if (upstream < 0) {
        resetAndClose(client);
        return;
    }
    if (fault == Fault::None) {
        pump(client, upstream, stopping_);
        ::close(upstream);
        ::close(client);
        return;
    }
    // The service does the request; the answer then never reaches the client.
    const QByteArray request = readMessage(client, stopping_);
    if (!request.isEmpty() && sendAll(upstream, request))
        readMessage(upstream, stopping_, true);
    ::close(upstream);
    if (fault == Fault::Stall)
        holdSilently(client, stopping_);
    resetAndClose(client);
}

FaultProxy::Schedule FaultProxy::script(QList<Fault> faults) {
    return [faults](int connection) { return faults.value(connection, Fault::None); };
}

FaultProxy::Schedule FaultProxy::random(quint32 seed, int percent, QList<Fault> kinds) {
    auto generator = std::make_shared<QRandomGenerator>(seed);
    return [generator, percent, kinds](int) {
        if (int(generator->bounded(100)) >= percent)
            return Fault::None;
        return kinds.value(int(generator->bounded(int(kinds.size()))), Fault::None);
    };
}

} // namespace tidemark::testing
