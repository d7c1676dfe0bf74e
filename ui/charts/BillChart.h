#pragma once

#include "BillTable.h"

#include <QChartView>

namespace tidemark {

// Monthly bills as bars: per month, the free GB-months and the billable GB-months of each
// group (database or redundancy) stacked, and the month's cost as a line on its own axis.
class BillChart : public QChartView {
    Q_OBJECT
public:
    explicit BillChart(QWidget* parent = nullptr);
    void setTable(const BillTable& table);
    QStringList categories() const { return categories_; }

private:
    QStringList categories_;
};

} // namespace tidemark
