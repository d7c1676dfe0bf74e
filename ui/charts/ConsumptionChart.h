#pragma once

#include "ConsumptionSeries.h"

#include <QChartView>

namespace tidemark {

// Backup storage over time, stacked by kind (full, differential, log, and LTR when present),
// with the free allowance as a line. The y axis starts at zero; the date format follows the
// span (hours, days or months).
class ConsumptionChart : public QChartView {
    Q_OBJECT
public:
    explicit ConsumptionChart(QWidget* parent = nullptr);
    void setPoints(const QList<ConsumptionPoint>& points, const QString& emptyText);
    int seriesCount() const;
    double maxStackedBytes() const { return maxStacked_; }

private:
    double maxStacked_ = 0;
};

} // namespace tidemark
