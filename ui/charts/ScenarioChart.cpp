#include "ScenarioChart.h"

#include "ChartTheme.h"

#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

namespace tidemark {
namespace {
const QColor kColors[] = {QColor(0x1e, 0x63, 0xb4), QColor(0xe6, 0x51, 0x00),
                          QColor(0x2e, 0x7d, 0x32)};
double storedBytes(const ConsumptionPoint& p) {
    return p.fullBytes + p.diffBytes + p.logBytes + p.ltrBytes;
}
} // namespace

ScenarioChart::ScenarioChart(QWidget* parent) : QChartView(new QChart, parent) {
    setObjectName(QStringLiteral("scenarioChart"));
    applyChartTheme(this);
    setMinimumHeight(200);
    clearScenarios();
}

void ScenarioChart::clearScenarios() {
    scenarios_.clear();
    redraw();
}

int ScenarioChart::scenarioCount() const {
    return int(scenarios_.size());
}

void ScenarioChart::addScenario(const QString& name, const QList<ConsumptionPoint>& days) {
    scenarios_.append({name, days});
    redraw();
}

void ScenarioChart::redraw() {
    QChart* c = freshChart(this);
    if (scenarios_.isEmpty()) {
        setChartEmptyText(c, tr("Press Compare to simulate the scenarios."));
        return;
    }
    c->setTitle(tr("Backup storage over the simulated days"));
    double max = 0;
    qint64 first = std::numeric_limits<qint64>::max(), last = 0;
    for (const auto& [name, days] : scenarios_) {
        for (const ConsumptionPoint& p : days) {
            max = std::max(max, storedBytes(p));
            first = std::min(first, p.ms);
            last = std::max(last, p.ms);
        }
    }
    QString unit;
    const double div = byteUnit(max, &unit);
    auto* x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("MMM d"));
    x->setRange(QDateTime::fromMSecsSinceEpoch(first, Qt::UTC),
                QDateTime::fromMSecsSinceEpoch(std::max(last, first + 1), Qt::UTC));
    auto* y = new QValueAxis;
    y->setTitleText(unit);
    y->setLabelFormat(QStringLiteral("%.1f"));
    y->setRange(0, std::max(max / div * 1.15, 0.1));
    y->applyNiceNumbers();
    y->setMin(0);
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    for (int i = 0; i < scenarios_.size(); ++i) {
        auto* line = new QLineSeries;
        line->setName(scenarios_[i].first);
        line->setPen(QPen(kColors[i % std::size(kColors)], 2));
        for (const ConsumptionPoint& p : scenarios_[i].second)
            line->append(qreal(p.ms), storedBytes(p) / div);
        c->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
}

} // namespace tidemark
