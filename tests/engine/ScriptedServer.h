#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMutex>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <thread>

namespace tidemark::testing {

// A scripted HTTP server on 127.0.0.1 for the blob client's tests: it answers each request as
// the test says, for what the emulator cannot produce (throttling, dropped connections, a
// skewed clock, a full account).
struct SeenRequest {
    QByteArray method;
    QMap<QByteArray, QByteArray> headers; // names in lower case
};

// Answers requests one connection at a time; the script returns the whole response, or an
// empty one to drop the connection without answering.
class ScriptedServer {
public:
    using Script = std::function<QByteArray(int index, const SeenRequest&)>;

    explicit ScriptedServer(Script script) : script_(std::move(script)) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t length = sizeof address;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        ::listen(listener_, 8);
        thread_ = std::thread([this] { serve(); });
    }
    ~ScriptedServer() {
        ::shutdown(listener_, SHUT_RDWR);
        ::close(listener_);
        thread_.join();
    }
    int port() const { return port_; }
    QList<SeenRequest> seen() const {
        QMutexLocker lock(&mutex_);
        return seen_;
    }

private:
    void serve() {
        for (int index = 0;; ++index) {
            const int connection = ::accept(listener_, nullptr, nullptr);
            if (connection < 0)
                return;
            const SeenRequest request = readRequest(connection);
            {
                QMutexLocker lock(&mutex_);
                seen_.append(request);
            }
            const QByteArray response = script_(index, request);
            if (!response.isEmpty())
                ignoreResult(::send(connection, response.constData(), size_t(response.size()),
                                    MSG_NOSIGNAL));
            ::close(connection);
        }
    }
    static void ignoreResult(ssize_t) {}
    static SeenRequest readRequest(int connection) {
        QByteArray data;
        char buffer[4096];
        qsizetype headerEnd = -1;
        qint64 bodyLength = 0;
        while (true) {
            const ssize_t got = ::recv(connection, buffer, sizeof buffer, 0);
            if (got <= 0)
                break;
            data.append(buffer, qsizetype(got));
            if (headerEnd < 0 && (headerEnd = data.indexOf("\r\n\r\n")) >= 0) {
                const qsizetype at = data.toLower().indexOf("content-length:");
                if (at >= 0 && at < headerEnd)
                    bodyLength = data.mid(at + 15, data.indexOf("\r\n", at) - at - 15)
                                     .trimmed()
                                     .toLongLong();
            }
            if (headerEnd >= 0 && data.size() >= headerEnd + 4 + bodyLength)
                break;
        }
        SeenRequest request;
        const QList<QByteArray> lines = data.left(headerEnd).split('\n');
        request.method = lines.value(0).split(' ').value(0);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                       lines[i].mid(colon + 1).trimmed());
        }
        return request;
    }

    Script script_;
    int listener_ = -1;
    int port_ = 0;
    std::thread thread_;
    mutable QMutex mutex_;
    QList<SeenRequest> seen_;
};

} // namespace tidemark::testing
