// The vault configuration (tidemark-vault.json): format, key section, KDF settings, data
// keys and tag, read the way every command opens a vault.
#include "FuzzSupport.h"
#include "vault/Vault.h"

using namespace tidemark;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz::MemoryFileSystem fs;
    fs.files.insert(QStringLiteral("/v/tidemark-vault.json"), fuzz::bytes(data, size));
    const QByteArray passphrase("corpus passphrase");
    auto location = openFolderLocation(fs, QStringLiteral("/v"));
    (void)Vault::open(location, &passphrase);
    (void)Vault::open(location, nullptr);
    return 0;
}
