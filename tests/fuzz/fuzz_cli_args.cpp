// Command-line parsing: words and options as tidemark-cli splits them, and the value parsers
// behind them (times, durations, redundancy kinds, backup types). One argument per line.
#include "CliArguments.h"
#include "FuzzSupport.h"
#include "catalog/LtrPolicy.h"
#include "core/Clock.h"
#include "core/Names.h"
#include "vault/Manifest.h"
#include "vault/Redundancy.h"

using namespace tidemark;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const QStringList arguments = text.split(QLatin1Char('\n'));
    const QSet<QString> flags = {QStringLiteral("json"), QStringLiteral("deep"),
                                 QStringLiteral("geo"), QStringLiteral("all")};
    CliArguments args = CliArguments::parse(arguments, flags);
    (void)args.unknownOption({QStringLiteral("to"), QStringLiteral("as")});
    for (const QString& word : args.words) {
        (void)parseTime(word);
        (void)validateDatabaseName(word);
        BackupType type;
        (void)parseBackupType(word, &type);
        RedundancyKind kind;
        (void)parseRedundancy(word, &kind);
    }
    for (auto it = args.options.cbegin(); it != args.options.cend(); ++it) {
        for (const QString& value : it.value()) {
            (void)parseTime(value);
            int amount = 0;
            QChar unit;
            (void)parseIsoDuration(value, &amount, &unit);
        }
    }
    if (args.has(QStringLiteral("now")))
        (void)args.take(QStringLiteral("now"));
    return 0;
}
