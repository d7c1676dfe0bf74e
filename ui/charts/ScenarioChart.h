#pragma once

#include "ConsumptionSeries.h"

#include <QChartView>

namespace tidemark {

// What-if comparison: each scenario's backup storage over the simulated days as a line (the
// PITR storage the simulator modelled), on one axis from zero.
class ScenarioChart : public QChartView {
    Q_OBJECT
public:
    explicit ScenarioChart(QWidget* parent = nullptr);
    void clearScenarios();
    void addScenario(const QString& name, const QList<ConsumptionPoint>& days);
    int scenarioCount() const;

private:
    void redraw();
    QList<std::pair<QString, QList<ConsumptionPoint>>> scenarios_;
};

} // namespace tidemark
