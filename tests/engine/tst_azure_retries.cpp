// How the blob client rides out a flaky service: a scripted HTTP server on 127.0.0.1 answers
// each request as the test says (throttled, failing, dropping the connection), and the client
// must retry, honour Retry-After and recognise its own earlier write.
#include "ScriptedServer.h"
#include "vault/azure/AzureBlobClient.h"

#include <QtTest>

using namespace tidemark;
using namespace tidemark::azure;
using tidemark::testing::ScriptedServer;
using tidemark::testing::SeenRequest;

namespace {

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

    void persistentThrottlingFailsClearlyAfterTheLastAttempt() {
        ScriptedServer server([](int, const SeenRequest&) {
            return answer(503, "Server Busy", "Retry-After: 0\r\n");
        });
        AzureBlobClient client = clientFor(server);
        auto put = client.putBlob(QStringLiteral("c"), QStringLiteral("a.json"), "{}",
                                  WriteCondition::always());
        QCOMPARE(put.status().code(), Status::Code::Failed);
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
