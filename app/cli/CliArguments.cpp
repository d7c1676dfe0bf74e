#include "CliArguments.h"

namespace tidemark {

CliArguments CliArguments::parse(const QStringList& args, const QSet<QString>& flags) {
    CliArguments a;
    bool onlyWords = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        if (onlyWords || !arg.startsWith(QStringLiteral("--")) || arg == QStringLiteral("-")) {
            a.words << arg;
            continue;
        }
        if (arg == QStringLiteral("--")) {
            onlyWords = true;
            continue;
        }
        QString name = arg.mid(2);
        int eq = name.indexOf(QLatin1Char('='));
        if (eq >= 0) {
            a.options[name.left(eq)] << name.mid(eq + 1);
        } else if (flags.contains(name)) {
            a.options[name] << QString();
        } else if (i + 1 < args.size()) {
            a.options[name] << args[++i];
        } else {
            a.error = QStringLiteral("option --%1 needs a value").arg(name);
        }
    }
    return a;
}

QString CliArguments::take(const QString& o) {
    QString v = value(o);
    options.remove(o);
    return v;
}

bool CliArguments::takeFlag(const QString& o) {
    bool had = options.contains(o);
    options.remove(o);
    return had;
}

QString CliArguments::unknownOption(const QSet<QString>& allowed) const {
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (!allowed.contains(it.key()))
            return it.key();
    }
    return {};
}

} // namespace tidemark
