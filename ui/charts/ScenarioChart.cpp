#include "ScenarioChart.h"

#include "ChartTheme.h"

#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

namespace tidemark {
namespace {
const QColor kColors[] = {QColor(0x1e, 0x63, 0xb4), QColor(0xe6, 0x51, 0x00),
                          QColor(0x2e, 0x7d, 0x32)};
constexpr double kGiB = 1024.0 * 1024 * 1024;
} // namespace

ScenarioChart::ScenarioChart(QWidget* parent) : QChartView(new QChart, parent) {
    setObjectName(QStringLiteral("scenarioChart"));
    applyChartTheme(this);
    setMinimumHeight(200);
    clearScenarios();
}

void ScenarioChart::clearScenarios() {
    QChart* c = chart();
    c->removeAllSeries();
    for (QAbstractAxis* axis : c->axes())
        c->removeAxis(axis);
    max_ = 0;
    auto* x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("MMM d"));
    auto* y = new QValueAxis;
    y->setTitleText(tr("GiB stored (PITR + LTR)"));
    y->setLabelFormat(QStringLiteral("%.1f"));
    y->setRange(0, 1);
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    setChartEmptyText(c, tr("Press Compare to simulate the scenarios."));
}

int ScenarioChart::scenarioCount() const {
    return int(chart()->series().size());
}

void ScenarioChart::addScenario(const QString& name, const QList<ConsumptionPoint>& days) {
    QChart* c = chart();
    c->setTitle(QString());
    auto* line = new QLineSeries;
    line->setName(name);
    line->setPen(QPen(kColors[c->series().size() % std::size(kColors)], 2));
    for (const ConsumptionPoint& p : days) {
        double gb = (p.fullBytes + p.diffBytes + p.logBytes + p.ltrBytes) / kGiB;
        max_ = std::max(max_, gb);
        line->append(qreal(p.ms), gb);
    }
    c->addSeries(line);
    auto* x = static_cast<QDateTimeAxis*>(c->axes(Qt::Horizontal).first());
    auto* y = static_cast<QValueAxis*>(c->axes(Qt::Vertical).first());
    line->attachAxis(x);
    line->attachAxis(y);
    if (!days.isEmpty())
        x->setRange(QDateTime::fromMSecsSinceEpoch(days.first().ms, Qt::UTC),
                    QDateTime::fromMSecsSinceEpoch(days.last().ms, Qt::UTC));
    y->setRange(0, std::max(max_ * 1.15, 0.1));
    y->applyNiceNumbers();
    y->setMin(0);
}

} // namespace tidemark
