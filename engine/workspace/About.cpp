#include "workspace/About.h"

#include "vault/Vault.h"

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <xxhash.h>
#include <zstd.h>

#include <QtGlobal>

namespace tidemark {

AboutInfo aboutTidemark() {
    AboutInfo about;
    about.version = QStringLiteral(TIDEMARK_VERSION);
    about.vaultFormat = Vault::kFormat;
    const unsigned xxh = XXH_versionNumber();
    about.components = {
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion()),
         QStringLiteral("LGPL-3.0-only (or GPL-2.0/3.0)")},
        {QStringLiteral("SQLite"), QString::fromLatin1(sqlite3_libversion()),
         QStringLiteral("public domain")},
        {QStringLiteral("OpenSSL"), QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION_STRING)),
         QStringLiteral("Apache-2.0")},
        {QStringLiteral("zstd"), QString::fromLatin1(ZSTD_versionString()),
         QStringLiteral("BSD-3-Clause (or GPL-2.0)")},
        {QStringLiteral("libcurl"),
         QString::fromLatin1(curl_version_info(CURLVERSION_NOW)->version),
         QStringLiteral("curl (MIT-style)")},
        {QStringLiteral("xxHash"),
         QStringLiteral("%1.%2.%3").arg(xxh / 10000).arg(xxh / 100 % 100).arg(xxh % 100),
         QStringLiteral("BSD-2-Clause")},
    };
    return about;
}

} // namespace tidemark
