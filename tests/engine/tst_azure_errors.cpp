// What the blob client tells the user when the service refuses: a scripted HTTP server answers
// as Azure does for a skewed clock, an expired or read-only SAS, a missing container, a full,
// disabled or throttled account (the emulator cannot produce most of these), and every message
// names the cause without repeating a secret.
#include "ScriptedServer.h"
#include "vault/azure/AzureBlobClient.h"
#include "vault/azure/AzureSigning.h"

#include <QtTest>

using namespace tidemark;
using namespace tidemark::azure;
using tidemark::testing::ScriptedServer;
using tidemark::testing::SeenRequest;

namespace {

const QString kSignature = QStringLiteral("c2VjcmV0IHNpZ25hdHVyZQ%3D%3D");

QByteArray answer(int status, const QByteArray& reason, const QByteArray& headers,
                  const QByteArray& body = {}) {
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n" + headers +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
           body;
}

QByteArray errorBody(const QByteArray& code, const QByteArray& message) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" +
           message + "\nRequestId:0f00\nTime:2026-12-03T17:30:00.0000000Z</Message></Error>";
}

QByteArray dateIn(qint64 offsetMs) {
    return "Date: " + httpDate(QDateTime::currentDateTimeUtc().addMSecs(offsetMs)) + "\r\n";
}

// Always answers the same.
ScriptedServer::Script always(QByteArray response) {
    return [response](int, const SeenRequest&) { return response; };
}

AzureBlobClient clientFor(const ScriptedServer& server, const QString& sasToken = {}) {
    AzureAccount account;
    account.name = QStringLiteral("devstoreaccount1");
    account.endpoint = QStringLiteral("http://127.0.0.1:%1/devstoreaccount1").arg(server.port());
    if (sasToken.isEmpty())
        account.key = QByteArray("a key for a scripted server");
    account.sasToken = sasToken;
    return AzureBlobClient(account, RetryPolicy{3, 1, 5});
}

QString readOnlySas(const QString& expiry) {
    return QStringLiteral("sv=2019-02-02&ss=b&srt=sco&sp=rl&se=%1&sig=%2").arg(expiry, kSignature);
}

Status putSomething(AzureBlobClient& client) {
    return client
        .putBlob(QStringLiteral("c"), QStringLiteral("a.json"), "{}", WriteCondition::ifAbsent())
        .status();
}

} // namespace

class AzureErrorsTest : public QObject {
    Q_OBJECT
private slots:
    void aClockFarBehindTheServiceIsNamedWithTheSkew() {
        ScriptedServer server(
            always(answer(403, "Forbidden",
                          "x-ms-error-code: AuthenticationFailed\r\n" + dateIn(40 * 60 * 1000))));
        AzureBlobClient client = clientFor(server);
        const Status refused = putSomething(client);
        QCOMPARE(refused.code(), Status::Code::Failed);
        QVERIFY2(refused.message().contains(QStringLiteral("clock is 40 minutes behind")),
                 qPrintable(refused.message()));
        QVERIFY(refused.message().contains(QStringLiteral("15 minutes")));
    }

    void aClockAheadOfTheServiceIsNamedToo() {
        ScriptedServer server(
            always(answer(403, "Forbidden",
                          "x-ms-error-code: AuthenticationFailed\r\n" + dateIn(-20 * 60 * 1000))));
        AzureBlobClient client = clientFor(server);
        const Status refused =
            client.properties(QStringLiteral("c"), QStringLiteral("a.json")).status();
        QVERIFY2(refused.message().contains(QStringLiteral("clock is 20 minutes ahead of")),
                 qPrintable(refused.message()));
    }

    void aWrongKeyWithTheRightClockStaysAWrongKey() {
        ScriptedServer server(always(
            answer(403, "Forbidden", "x-ms-error-code: AuthenticationFailed\r\n" + dateIn(0))));
        AzureBlobClient client = clientFor(server);
        const Status refused = putSomething(client);
        QCOMPARE(refused.code(), Status::Code::Failed);
        QVERIFY2(refused.message().contains(
                     QStringLiteral("the storage key or SAS for devstoreaccount1 was refused")),
                 qPrintable(refused.message()));
        QVERIFY(!refused.message().contains(QStringLiteral("clock")));
    }

    void anExpiredSasSaysWhenItExpired() {
        ScriptedServer server(always(answer(
            403, "Forbidden", "x-ms-error-code: AuthenticationFailed\r\n" + dateIn(0),
            errorBody("AuthenticationFailed", "Signature not valid in the specified time frame"))));
        AzureBlobClient client =
            clientFor(server, readOnlySas(QStringLiteral("2026-01-01T00:00:00Z")));
        const Status refused =
            client.getRange(QStringLiteral("c"), QStringLiteral("a.json"), 0, 10).status();
        QCOMPARE(refused.code(), Status::Code::Failed);
        QVERIFY2(refused.message().contains(
                     QStringLiteral("the SAS token for devstoreaccount1 expired at "
                                    "2026-01-01T00:00:00Z")),
                 qPrintable(refused.message()));
        QVERIFY(!refused.message().contains(kSignature));
    }

    void aReadOnlySasNamesTheWriteItRefused() {
        ScriptedServer server(always(answer(
            403, "Forbidden", "x-ms-error-code: AuthorizationPermissionMismatch\r\n" + dateIn(0),
            errorBody("AuthorizationPermissionMismatch",
                      "This request is not authorized to perform this operation using "
                      "this permission."))));
        AzureBlobClient client = clientFor(server, readOnlySas(QStringLiteral("2099-01-01")));
        const Status refused = putSomething(client);
        QCOMPARE(refused.code(), Status::Code::Failed);
        QVERIFY2(refused.message().contains(QStringLiteral(
                     "the SAS token does not allow writing to azure://devstoreaccount1/c/a.json")),
                 qPrintable(refused.message()));
        QVERIFY(refused.message().contains(QStringLiteral("'rl'")));
        QVERIFY(!refused.message().contains(kSignature));
        QCOMPARE(server.seen().size(), 1); // a refusal is not retried
    }

    void aMissingContainerIsNamed() {
        ScriptedServer server(
            always(answer(404, "Not Found", "x-ms-error-code: ContainerNotFound\r\n" + dateIn(0))));
        AzureBlobClient client = clientFor(server);
        const Status missing = client.list(QStringLiteral("c"), QString()).status();
        QCOMPARE(missing.code(), Status::Code::NotFound);
        QVERIFY2(missing.message().contains(
                     QStringLiteral("container c does not exist in devstoreaccount1")),
                 qPrintable(missing.message()));
    }

    void aFullAccountSaysItAcceptsNoNewData() {
        ScriptedServer server(always(answer(
            403, "Forbidden", "x-ms-error-code: InsufficientAccountPermissions\r\n" + dateIn(0),
            errorBody("InsufficientAccountPermissions", "Write operations are not allowed."))));
        AzureBlobClient client = clientFor(server);
        const Status refused = putSomething(client);
        QCOMPARE(refused.code(), Status::Code::Failed);
        QVERIFY2(refused.message().contains(
                     QStringLiteral("storage account devstoreaccount1 accepts no new data")),
                 qPrintable(refused.message()));
        QVERIFY(refused.message().contains(QStringLiteral("Write operations are not allowed.")));
        QVERIFY(!refused.message().contains(QStringLiteral("RequestId")));
    }

    void insufficientStorageIsAFullAccount() {
        ScriptedServer server(always(answer(507, "Insufficient Storage", dateIn(0))));
        AzureBlobClient client = clientFor(server);
        const Status refused = putSomething(client);
        QVERIFY2(refused.message().contains(QStringLiteral("accepts no new data")),
                 qPrintable(refused.message()));
    }

    void aThrottledAccountSaysWhichLimitAfterItsRetries() {
        ScriptedServer server(
            always(answer(503, "Server Busy", "Retry-After: 0\r\nx-ms-error-code: ServerBusy\r\n",
                          errorBody("ServerBusy", "Ingress is over the account limit."))));
        AzureBlobClient client = clientFor(server);
        const Status refused = putSomething(client);
        QCOMPARE(refused.code(), Status::Code::Failed);
        QVERIFY2(refused.message().contains(
                     QStringLiteral("storage account devstoreaccount1 is throttling requests")),
                 qPrintable(refused.message()));
        QVERIFY(refused.message().contains(QStringLiteral("Ingress is over the account limit.")));
        QCOMPARE(server.seen().size(), 3);
    }

    void aDisabledAccountIsNamed() {
        ScriptedServer server(
            always(answer(403, "Forbidden", "x-ms-error-code: AccountIsDisabled\r\n" + dateIn(0))));
        AzureBlobClient client = clientFor(server);
        QVERIFY2(putSomething(client).message().contains(
                     QStringLiteral("storage account devstoreaccount1 is disabled")),
                 qPrintable(putSomething(client).message()));
    }
};

QTEST_GUILESS_MAIN(AzureErrorsTest)
#include "tst_azure_errors.moc"
