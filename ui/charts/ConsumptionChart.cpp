#include "ConsumptionChart.h"

#include "ChartTheme.h"

#include <QAreaSeries>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

namespace tidemark {
namespace {
constexpr qint64 kDayMs = 24 * 3600 * 1000;

QString dateFormatFor(qint64 spanMs) {
    if (spanMs <= 2 * kDayMs)
        return QStringLiteral("MMM d HH:mm");
    if (spanMs <= 120 * kDayMs)
        return QStringLiteral("MMM d");
    return QStringLiteral("MMM yyyy");
}
} // namespace

ConsumptionChart::ConsumptionChart(QWidget* parent) : QChartView(new QChart, parent) {
    setObjectName(QStringLiteral("consumptionChart"));
    applyChartTheme(this);
    setMinimumHeight(220);
}

int ConsumptionChart::seriesCount() const {
    return int(chart()->series().size());
}

void ConsumptionChart::setPoints(const QList<ConsumptionPoint>& points, const QString& emptyText) {
    QChart* c = freshChart(this);
    maxStacked_ = 0;
    if (points.isEmpty()) {
        setChartEmptyText(c, emptyText);
        return;
    }
    c->setTitle(QString());
    bool hasLtr = false;
    double maxAllowance = 0;
    for (const ConsumptionPoint& p : points) {
        maxStacked_ = std::max(maxStacked_, p.fullBytes + p.diffBytes + p.logBytes + p.ltrBytes);
        maxAllowance = std::max(maxAllowance, p.allowanceBytes);
        hasLtr = hasLtr || p.ltrBytes > 0;
    }
    // An allowance far above the data would flatten it: then the line is left out and its
    // value named in the legend.
    const bool allowanceOnScale = maxAllowance <= 4 * std::max(maxStacked_, 1.0);
    QString unit;
    const double div =
        byteUnit(allowanceOnScale ? std::max(maxStacked_, maxAllowance) : maxStacked_, &unit);

    auto* xAxis = new QDateTimeAxis;
    const qint64 span = points.last().ms - points.first().ms;
    xAxis->setFormat(dateFormatFor(span));
    xAxis->setTickCount(std::clamp(int(points.size()), 2, 9));
    xAxis->setRange(QDateTime::fromMSecsSinceEpoch(points.first().ms, Qt::UTC),
                    QDateTime::fromMSecsSinceEpoch(
                        std::max(points.last().ms, points.first().ms + 3600 * 1000), Qt::UTC));
    auto* yAxis = new QValueAxis;
    yAxis->setTitleText(unit);
    yAxis->setLabelFormat(QStringLiteral("%.1f"));
    c->addAxis(xAxis, Qt::AlignBottom);
    c->addAxis(yAxis, Qt::AlignLeft);

    struct Kind {
        QString name;
        QColor color;
        double ConsumptionPoint::*field;
    };
    QList<Kind> kinds = {
        {tr("Full"), QColor(0x1e, 0x63, 0xb4), &ConsumptionPoint::fullBytes},
        {tr("Differential"), QColor(0x43, 0xa0, 0x47), &ConsumptionPoint::diffBytes},
        {tr("Log"), QColor(0xf9, 0xa8, 0x25), &ConsumptionPoint::logBytes}};
    if (hasLtr)
        kinds.append(
            {tr("Long-term (LTR)"), QColor(0x8e, 0x24, 0xaa), &ConsumptionPoint::ltrBytes});
    QList<double> below(points.size(), 0.0);
    for (const Kind& kind : kinds) {
        auto* lower = new QLineSeries;
        auto* upper = new QLineSeries;
        for (int i = 0; i < points.size(); ++i) {
            const qreal x = qreal(points[i].ms);
            lower->append(x, below[i] / div);
            below[i] += points[i].*kind.field;
            upper->append(x, below[i] / div);
        }
        auto* area = new QAreaSeries(upper, lower);
        upper->setParent(area);
        lower->setParent(area);
        area->setName(kind.name);
        QColor fill = kind.color;
        fill.setAlpha(200);
        area->setBrush(fill);
        area->setPen(QPen(kind.color.darker(120), 1));
        c->addSeries(area);
        area->attachAxis(xAxis);
        area->attachAxis(yAxis);
    }
    auto* allowance = new QLineSeries;
    QString allowanceUnit;
    const double allowanceDiv = byteUnit(maxAllowance, &allowanceUnit);
    allowance->setName(allowanceOnScale ? tr("Free allowance (max data size)")
                                        : tr("Free allowance %1 %2 (far above: not drawn)")
                                              .arg(maxAllowance / allowanceDiv, 0, 'f', 1)
                                              .arg(allowanceUnit));
    if (allowanceOnScale) {
        for (const ConsumptionPoint& p : points)
            allowance->append(qreal(p.ms), p.allowanceBytes / div);
    }
    QPen pen(QColor(0xc6, 0x28, 0x28), 2, Qt::DashLine);
    allowance->setPen(pen);
    c->addSeries(allowance);
    allowance->attachAxis(xAxis);
    allowance->attachAxis(yAxis);
    yAxis->setRange(0, (allowanceOnScale ? std::max(maxStacked_, maxAllowance) : maxStacked_) /
                           div * 1.1);
    yAxis->applyNiceNumbers();
    yAxis->setMin(0);
}

} // namespace tidemark
