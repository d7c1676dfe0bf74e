// How the blob client rides out a flaky service: a scripted HTTP server on 127.0.0.1 answers
// each request as the test says (throttled, failing, dropping the connection), and the client
// must retry, honour Retry-After and recognise its own earlier write.
#include "vault/azure/AzureBlobClient.h"

#include <QMutex>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <thread>

using namespace tidemark;
using namespace tidemark::azure;

namespace {

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

QByteArray answer(int status, const QByteArray& reason, const QByteArray& headers = {}) {
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n" + headers +
           "Content-Length: 0\r\nConnection: close\r\n\r\n";
}

AzureBlobClient clientFor(const ScriptedServer& server) {
    AzureAccount account;
    account.name = QStringLiteral("devstoreaccount1");
    account.endpoint = QStringLiteral("http://127.0.0.1:%1/devstoreaccount1").arg(server.port());
    account.key = QByteArray("a key for a scripted server");
    return AzureBlobClient(account, RetryPolicy{5, 1, 20});
}

} // namespace

class AzureRetriesTest : public QObject {
    Q_OBJECT
private slots:
    void throttlingAndServerErrorsAreRetried() {
        ScriptedServer server([](int index, const SeenRequest&) {
            if (index == 0)
                return answer(503, "Server Busy", "Retry-After: 0\r\n");
            if (index == 1)
                return answer(500, "Internal Server Error");
            return answer(201, "Created", "ETag: \"0x1\"\r\n");
        });
        AzureBlobClient client = clientFor(server);
        auto put = client.putBlob(QStringLiteral("c"), QStringLiteral("a.json"), "{}",
                                  WriteCondition::always());
        QVERIFY2(put.isOk(), qPrintable(put.status().message()));
        QCOMPARE(*put, QStringLiteral("\"0x1\""));
        QCOMPARE(server.seen().size(), 3);
    }

    void aDroppedConnectionIsRetried() {
        ScriptedServer server([](int index, const SeenRequest&) {
            return index == 0 ? QByteArray() : answer(202, "Accepted");
        });
        AzureBlobClient client = clientFor(server);
        QVERIFY(client.deleteBlob(QStringLiteral("c"), QStringLiteral("a.json")).isOk());
        QCOMPARE(server.seen().size(), 2);
    }

    void persistentThrottlingEndsAsBusyAfterTheLastAttempt() {
        ScriptedServer server([](int, const SeenRequest&) {
            return answer(503, "Server Busy", "Retry-After: 0\r\n");
        });
        AzureBlobClient client = clientFor(server);
        auto put = client.putBlob(QStringLiteral("c"), QStringLiteral("a.json"), "{}",
                                  WriteCondition::always());
        QCOMPARE(put.status().code(), Status::Code::Busy);
        QVERIFY2(put.status().message().contains(QStringLiteral("throttling")),
                 qPrintable(put.status().message()));
        QCOMPARE(server.seen().size(), 5);
    }

    void aRetriedCreateRecognisesItsOwnFirstWrite() {
        // The first create lands but its answer is lost; the retry then finds the name taken.
        QByteArray storedNonce;
        ScriptedServer server([&](int index, const SeenRequest& request) {
            if (index == 0) {
                storedNonce = request.headers.value("x-ms-meta-tidemarknonce");
                return QByteArray();
            }
            if (request.method == "PUT")
                return answer(409, "Conflict", "x-ms-error-code: BlobAlreadyExists\r\n");
            return answer(200, "OK",
                          "ETag: \"0x2\"\r\nx-ms-meta-tidemarknonce: " + storedNonce + "\r\n");
        });
        AzureBlobClient client = clientFor(server);
        auto put = client.putBlob(QStringLiteral("c"), QStringLiteral("p.pack"), "bytes",
                                  WriteCondition::ifAbsent());
        QVERIFY2(put.isOk(), qPrintable(put.status().message()));
        QCOMPARE(*put, QStringLiteral("\"0x2\""));
        QVERIFY(!storedNonce.isEmpty());
        QCOMPARE(server.seen().value(0).headers.value("if-none-match"), QByteArray("*"));
    }

    void someoneElsesEarlierWriteIsStillAConflict() {
        ScriptedServer server([](int index, const SeenRequest& request) {
            if (index == 0)
                return QByteArray();
            if (request.method == "PUT")
                return answer(409, "Conflict", "x-ms-error-code: BlobAlreadyExists\r\n");
            return answer(200, "OK", "ETag: \"0x3\"\r\nx-ms-meta-tidemarknonce: other\r\n");
        });
        AzureBlobClient client = clientFor(server);
        auto put = client.putBlob(QStringLiteral("c"), QStringLiteral("p.pack"), "bytes",
                                  WriteCondition::ifAbsent());
        QCOMPARE(put.status().code(), Status::Code::AlreadyExists);
    }

    void requestsAreSignedAndVersioned() {
        ScriptedServer server(
            [](int, const SeenRequest&) { return answer(201, "Created", "ETag: \"0x4\"\r\n"); });
        AzureBlobClient client = clientFor(server);
        QVERIFY(client
                    .putBlob(QStringLiteral("c"), QStringLiteral("a.json"), "{}",
                             WriteCondition::ifMatch(QStringLiteral("\"0x3\"")))
                    .isOk());
        const SeenRequest sent = server.seen().value(0);
        QVERIFY(sent.headers.value("authorization").startsWith("SharedKey devstoreaccount1:"));
        QCOMPARE(sent.headers.value("x-ms-version"), QByteArray(kApiVersion));
        QCOMPARE(sent.headers.value("if-match"), QByteArray("\"0x3\""));
        QVERIFY(!sent.headers.value("authorization").contains("a key for"));
    }
};

QTEST_GUILESS_MAIN(AzureRetriesTest)
#include "tst_azure_retries.moc"
