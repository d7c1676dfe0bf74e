#include "core/Units.h"

namespace tidemark {

QString humanBytes(qint64 bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    return u == 0 ? QStringLiteral("%1 B").arg(bytes)
                  : QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(units[u]));
}

QString humanAge(qint64 ms) {
    qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1 s ago").arg(std::max<qint64>(0, s));
    if (s < 3600)
        return QStringLiteral("%1 min ago").arg(s / 60);
    if (s < 86400 * 2)
        return QStringLiteral("%1 h ago").arg(s / 3600);
    return QStringLiteral("%1 days ago").arg(s / 86400);
}

QString humanDuration(qint64 ms) {
    if (ms < 1000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0);
    if (ms < 60 * 1000 || ms % (60 * 1000) != 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 min").arg(ms / (60 * 1000));
}

} // namespace tidemark
