#include "TextTable.h"

#include <QList>

namespace tidemark {

QString textTable(const QStringList& header, const QList<QStringList>& rows) {
    QList<int> widths;
    for (const QString& h : header)
        widths << h.size();
    for (const QStringList& r : rows) {
        for (int i = 0; i < r.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], int(r[i].size()));
    }
    auto line = [&](const QStringList& cells) {
        QString out;
        for (int i = 0; i < cells.size(); ++i) {
            out += i + 1 < cells.size() ? cells[i].leftJustified(widths[i] + 2) : cells[i];
        }
        return out.trimmed() + QLatin1Char('\n');
    };
    QString out = line(header);
    for (const QStringList& r : rows)
        out += line(r);
    return out;
}

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

} // namespace tidemark
