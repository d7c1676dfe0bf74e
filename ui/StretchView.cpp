#include "StretchView.h"

#include "core/Clock.h"

#include <QCoreApplication>

namespace tidemark {
namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("StretchView", text);
}
QString cell(const QString& text, bool right = false) {
    return QStringLiteral("<td style='padding:2px 10px;%1'>%2</td>")
        .arg(right ? QStringLiteral("text-align:right;") : QString(), text.toHtmlEscaped());
}
QString count(qint64 n) {
    return n < 0 ? tr("unreadable") : QString::number(n);
}
} // namespace

QString stretchHtml(const StretchStatus& s, const QString& name) {
    if (!s.enabled)
        return tr("Stretch tables are not set up for this database: all of its rows live in its "
                  "own file, and every backup holds them all.<br>Enable with "
                  "<tt>tidemark-cli stretch enable %1 --table T --predicate EXPR --remote DIR "
                  "--credential C</tt>.")
            .arg(name.toHtmlEscaped());
    QString html;
    html +=
        s.linked
            ? tr("<p><b>Linked</b> to the remote endpoint <tt>%1</tt> (credential %2). "
                 "Migrated rows stay in the local staging table at least %3 hours.</p>")
                  .arg(s.remoteFile.toHtmlEscaped(), s.credential.toHtmlEscaped())
                  .arg(s.rpoHours)
            : tr("<p><b>Not linked</b>: %1<br>Link it with <tt>tidemark-cli stretch "
                 "reauthorize %2 --credential C [--with-copy|--take-over]</tt>: with a copy, the "
                 "live database keeps its endpoint; taking over unlinks the live database. "
                 "Reconciliation follows.</p>")
                  .arg(s.note.toHtmlEscaped(), name.toHtmlEscaped());
    if (!s.restoredFrom.isEmpty())
        html += tr("<p>Restored from %1 as of %2.</p>")
                    .arg(s.restoredFrom.toHtmlEscaped(), formatTime(s.restoredToMs));
    html += QStringLiteral("<table><tr>");
    for (const QString& h : {tr("Table"), tr("Predicate"), tr("Local rows"), tr("Eligible"),
                             tr("Staging"), tr("Remote rows"), tr("State")})
        html += QStringLiteral("<th style='padding:2px 10px;text-align:left'>%1</th>").arg(h);
    html += QStringLiteral("</tr>");
    for (const StretchTableStatus& t : s.tables) {
        html +=
            QStringLiteral("<tr>") + cell(t.table) + cell(t.predicate) +
            cell(count(t.localRows), true) + cell(count(t.eligibleRows), true) +
            cell(count(t.stagingRows), true) + cell(count(t.remoteRows), true) +
            cell(t.lastError.isEmpty() ? t.state : t.state + QStringLiteral(": ") + t.lastError) +
            QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    const ReconciliationReport& r = s.reconciliation;
    if (r.state != QStringLiteral("none"))
        html += tr("<p><b>Reconciliation</b>: %1 (restored to %2): %3 rows removed from the "
                   "remote, %4 re-inserted from staging, %5 unrecoverable%6.</p>")
                    .arg(r.state.toHtmlEscaped(), formatTime(r.restoredToMs))
                    .arg(r.removed)
                    .arg(r.reinserted)
                    .arg(r.unrecoverable.size())
                    .arg(r.verified ? tr("; local plus remote verified") : QString());
    html += tr("<p>%1 snapshot(s) of the remote endpoint in the vault (every 8 hours, kept 7 "
               "days).</p>")
                .arg(s.snapshots.size());
    return html;
}

} // namespace tidemark
