// The blob client's request signing and the spellings it reads and writes, against fixed
// vectors worked out by hand from the Shared Key rules (HMAC-SHA256 computed separately).
#include "vault/azure/AzureBlobLocation.h"
#include "vault/azure/AzureSigning.h"

#include <QtTest>

using namespace tidemark;
using namespace tidemark::azure;

namespace {
const QByteArray kKey("tidemark signing test key, 32 b!");
const QByteArray kDate("Thu, 03 Dec 2026 17:30:00 GMT");
} // namespace

class AzureSigningTest : public QObject {
    Q_OBJECT
private slots:
    void conditionalPutIsSignedWithItsHeadersAndPath() {
        SignedParts parts;
        parts.method = "PUT";
        parts.account = QStringLiteral("tidemarkacct");
        parts.encodedPath = "/vault/packs/ab/ab12.pack";
        parts.contentLength = 11;
        parts.headers = {{"x-ms-version", "2021-08-06"},
                         {"If-None-Match", "*"},
                         {"Content-Type", "application/octet-stream"},
                         {"X-MS-Date", kDate},
                         {"x-ms-meta-tidemarknonce", "  00ab "},
                         {"x-ms-blob-type", "BlockBlob"}};
        QCOMPARE(sharedKeyStringToSign(parts),
                 QByteArray("PUT\n\n\n11\n\napplication/octet-stream\n\n\n\n*\n\n\n"
                            "x-ms-blob-type:BlockBlob\n"
                            "x-ms-date:Thu, 03 Dec 2026 17:30:00 GMT\n"
                            "x-ms-meta-tidemarknonce:00ab\n"
                            "x-ms-version:2021-08-06\n"
                            "/tidemarkacct/vault/packs/ab/ab12.pack"));
        QCOMPARE(sharedKeySignature(kKey, sharedKeyStringToSign(parts)),
                 QByteArray("ORHw2O/j34YIjafsyWlaUX2viMcas1GI8JnVmfTMr08="));
        QCOMPARE(sharedKeyAuthorization(parts, kKey),
                 QByteArray("SharedKey tidemarkacct:ORHw2O/j34YIjafsyWlaUX2viMcas1GI8JnVmfTMr08="));
    }

    void listingSignsItsQueryInNameOrderWithEmptyLength() {
        SignedParts parts;
        parts.method = "GET";
        parts.account = QStringLiteral("devstoreaccount1");
        parts.encodedPath = "/devstoreaccount1/vault";
        parts.query = {{QStringLiteral("restype"), QStringLiteral("container")},
                       {QStringLiteral("comp"), QStringLiteral("list")},
                       {QStringLiteral("prefix"), QStringLiteral("packs/")},
                       {QStringLiteral("Marker"), QStringLiteral("2!88!x")},
                       {QStringLiteral("maxresults"), QStringLiteral("2")}};
        parts.headers = {{"x-ms-date", kDate}, {"x-ms-version", "2021-08-06"}};
        QCOMPARE(sharedKeyStringToSign(parts),
                 QByteArray("GET\n\n\n\n\n\n\n\n\n\n\n\n"
                            "x-ms-date:Thu, 03 Dec 2026 17:30:00 GMT\n"
                            "x-ms-version:2021-08-06\n"
                            "/devstoreaccount1/devstoreaccount1/vault\n"
                            "comp:list\nmarker:2!88!x\nmaxresults:2\nprefix:packs/\n"
                            "restype:container"));
        QCOMPARE(sharedKeySignature(kKey, sharedKeyStringToSign(parts)),
                 QByteArray("FiVCOV700SIahJwfBvDDEvKktnGNTW1HeyMc9/+h8Fs="));
    }

    void sasTokensAreAppendedToTheQuery() {
        QCOMPARE(appendSas("https://a.example/c/b", QStringLiteral("?sv=1&sig=x%2B")),
                 QByteArray("https://a.example/c/b?sv=1&sig=x%2B"));
        QCOMPARE(appendSas("https://a.example/c?comp=list", QStringLiteral("sv=1")),
                 QByteArray("https://a.example/c?comp=list&sv=1"));
        QCOMPARE(appendSas("https://a.example/c", QString()), QByteArray("https://a.example/c"));
    }

    void datesRoundTrip() {
        const QDateTime when = QDateTime::fromMSecsSinceEpoch(1796319000000, QTimeZone::utc());
        QCOMPARE(httpDate(when), kDate);
        QCOMPARE(parseHttpDate(kDate), qint64(1796319000000));
        QCOMPARE(parseHttpDate("not a date"), qint64(-1));
    }

    void blobNamesKeepTheirSlashes() {
        QCOMPARE(encodeBlobPath(QStringLiteral("packs/ab/a b+c.pack")),
                 QByteArray("packs/ab/a%20b%2Bc.pack"));
    }

    void blobAddressesAreParsed() {
        auto whole = parseBlobAddress(QStringLiteral("azure://acct/vault"));
        QVERIFY(whole.isOk());
        QCOMPARE(whole->account, QStringLiteral("acct"));
        QCOMPARE(whole->container, QStringLiteral("vault"));
        QVERIFY(whole->prefix.isEmpty());
        auto prefixed = parseBlobAddress(QStringLiteral("azure://acct/vault/hosts/one/"));
        QVERIFY(prefixed.isOk());
        QCOMPARE(prefixed->prefix, QStringLiteral("hosts/one"));
        auto bad = parseBlobAddress(QStringLiteral("azure://acct"));
        QCOMPARE(bad.status().code(), Status::Code::InvalidArgument);
    }

    void credentialsComeFromTheConnectionString() {
        qputenv("AZURE_STORAGE_CONNECTION_STRING",
                "DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=" + kKey.toBase64() +
                    ";BlobEndpoint=http://127.0.0.1:1/acct;");
        auto account = accountFromEnvironment(QStringLiteral("acct"));
        QVERIFY2(account.isOk(), qPrintable(account.status().message()));
        QCOMPARE(account->key, kKey);
        QCOMPARE(account->endpoint, QStringLiteral("http://127.0.0.1:1/acct"));
        auto other = accountFromEnvironment(QStringLiteral("someoneelse"));
        QCOMPARE(other.status().code(), Status::Code::InvalidArgument);
        qunsetenv("AZURE_STORAGE_CONNECTION_STRING");

        qputenv("AZURE_STORAGE_SAS_TOKEN", "sv=2021-08-06&sig=abc");
        auto sas = accountFromEnvironment(QStringLiteral("acct"));
        QVERIFY(sas.isOk());
        QCOMPARE(sas->endpoint, QStringLiteral("https://acct.blob.core.windows.net"));
        QVERIFY(sas->key.isEmpty());
        QCOMPARE(sas->sasToken, QStringLiteral("sv=2021-08-06&sig=abc"));
        qunsetenv("AZURE_STORAGE_SAS_TOKEN");

        auto none = accountFromEnvironment(QStringLiteral("acct"));
        QCOMPARE(none.status().code(), Status::Code::Failed);
    }
};

QTEST_GUILESS_MAIN(AzureSigningTest)
#include "tst_azure_signing.moc"
