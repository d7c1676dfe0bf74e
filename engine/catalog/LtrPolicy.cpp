#include "catalog/LtrPolicy.h"

#include <QRegularExpression>

namespace tidemark {
namespace {
QDateTime utc(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}
} // namespace

bool parseIsoDuration(const QString& text, int* amount, QChar* unit) {
    static const QRegularExpression pattern(QStringLiteral("^P(\\d{1,4})([WMY])$"),
                                            QRegularExpression::CaseInsensitiveOption);
    if (text == QStringLiteral("0")) {
        *amount = 0;
        return true;
    }
    auto m = pattern.match(text.trimmed());
    if (!m.hasMatch())
        return false;
    *amount = m.captured(1).toInt();
    *unit = m.captured(2).toUpper().at(0);
    return true;
}

Status LtrPolicy::validate() const {
    if (weeklyWeeks < 0 || weeklyWeeks > 520)
        return Status::invalidArgument(QStringLiteral("weekly copies are kept up to 520 weeks"));
    if (monthlyMonths < 0 || monthlyMonths > 120)
        return Status::invalidArgument(QStringLiteral("monthly copies are kept up to 120 months"));
    if (yearlyYears < 0 || yearlyYears > 10)
        return Status::invalidArgument(QStringLiteral("yearly copies are kept up to 10 years"));
    if (weekOfYear < 1 || weekOfYear > 52)
        return Status::invalidArgument(QStringLiteral("the week of the year is 1 to 52"));
    if (immutableDays < 0 || immutableDays > 3660)
        return Status::invalidArgument(QStringLiteral("immutability lasts 0 to 3660 days"));
    return Status::ok();
}

QJsonObject LtrPolicy::toJson() const {
    QJsonObject o;
    o[QStringLiteral("weekly")] = weeklyWeeks ? QStringLiteral("P%1W").arg(weeklyWeeks) : QString();
    o[QStringLiteral("monthly")] =
        monthlyMonths ? QStringLiteral("P%1M").arg(monthlyMonths) : QString();
    o[QStringLiteral("yearly")] = yearlyYears ? QStringLiteral("P%1Y").arg(yearlyYears) : QString();
    o[QStringLiteral("week_of_year")] = weekOfYear;
    o[QStringLiteral("immutable_days")] = immutableDays;
    return o;
}

LtrPolicy LtrPolicy::fromJson(const QJsonObject& o) {
    LtrPolicy p;
    int n = 0;
    QChar unit;
    if (parseIsoDuration(o.value(QStringLiteral("weekly")).toString(), &n, &unit))
        p.weeklyWeeks = n;
    if (parseIsoDuration(o.value(QStringLiteral("monthly")).toString(), &n, &unit))
        p.monthlyMonths = n;
    if (parseIsoDuration(o.value(QStringLiteral("yearly")).toString(), &n, &unit))
        p.yearlyYears = n;
    p.weekOfYear = o.value(QStringLiteral("week_of_year")).toInt(1);
    p.immutableDays = o.value(QStringLiteral("immutable_days")).toInt(0);
    return p;
}

LtrDecision decideLtr(const LtrPolicy& policy, qint64 snapshotMs,
                      const QList<ExistingLtr>& existing) {
    LtrDecision d;
    const QDateTime at = utc(snapshotMs);
    auto extend = [&](const QString& kind, const QDateTime& until) {
        d.kinds << kind;
        d.expiresMs = std::max(d.expiresMs, until.toMSecsSinceEpoch());
    };
    auto has = [&](const QString& kind, auto sameBucket) {
        for (const ExistingLtr& e : existing) {
            if (e.kinds.contains(kind) && sameBucket(utc(e.snapshotMs)))
                return true;
        }
        return false;
    };
    if (policy.weeklyWeeks > 0) {
        int year = 0;
        int week = at.date().weekNumber(&year);
        if (!has(QStringLiteral("W"), [&](const QDateTime& t) {
                int y = 0;
                return t.date().weekNumber(&y) == week && y == year;
            }))
            extend(QStringLiteral("W"), at.addDays(7LL * policy.weeklyWeeks));
    }
    if (policy.monthlyMonths > 0 && !has(QStringLiteral("M"), [&](const QDateTime& t) {
            return t.date().year() == at.date().year() && t.date().month() == at.date().month();
        }))
        extend(QStringLiteral("M"), at.addMonths(policy.monthlyMonths));
    if (policy.yearlyYears > 0) {
        int year = 0;
        int week = at.date().weekNumber(&year);
        if (week == policy.weekOfYear && !has(QStringLiteral("Y"), [&](const QDateTime& t) {
                int y = 0;
                t.date().weekNumber(&y);
                return y == year;
            }))
            extend(QStringLiteral("Y"), at.addYears(policy.yearlyYears));
    }
    return d;
}

} // namespace tidemark
