// The manifest parser: as raw bytes, and as the vault stores them (compressed and sealed; the
// harness seals the input so the parser behind the authentication is reached).
#include "FuzzSupport.h"
#include "vault/Manifest.h"

#include <cstdlib>

using namespace tidemark;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray input = fuzz::bytes(data, size);
    auto parsed = Manifest::parse(input);
    if (parsed) {
        // What parses must survive its own round trip unchanged.
        QByteArray again = parsed->serialize();
        auto reparsed = Manifest::parse(again);
        if (!reparsed || reparsed->serialize() != again)
            abort();
    }
    auto sealed = fuzz::keys().seal(input, Manifest::context(QStringLiteral("b")));
    if (sealed)
        (void)Manifest::open(fuzz::keys(), *sealed, QStringLiteral("b"));
    return 0;
}
