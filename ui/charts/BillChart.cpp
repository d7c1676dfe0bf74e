#include "BillChart.h"

#include "ChartTheme.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QStackedBarSeries>
#include <QValueAxis>

namespace tidemark {
namespace {
const QColor kGroupColors[] = {QColor(0xc6, 0x28, 0x28), QColor(0xef, 0x6c, 0x00),
                               QColor(0x6a, 0x1b, 0x9a), QColor(0xad, 0x14, 0x57),
                               QColor(0x4e, 0x34, 0x2e), QColor(0x28, 0x35, 0x93)};
}

BillChart::BillChart(QWidget* parent) : QChartView(new QChart, parent) {
    setObjectName(QStringLiteral("billChart"));
    applyChartTheme(this);
    setMinimumHeight(220);
}

void BillChart::setTable(const BillTable& table) {
    QChart* c = chart();
    c->removeAllSeries();
    for (QAbstractAxis* axis : c->axes())
        c->removeAxis(axis);
    categories_.clear();
    const QStringList months = table.months();
    if (months.isEmpty()) {
        setChartEmptyText(c, tr("No bill yet: the agent records storage every hour it runs."));
        return;
    }
    c->setTitle(table.samplePrices() ? tr("Sample prices (tidemark-cli rates to set yours)")
                                     : QString());
    const QStringList groups = table.groups();
    auto* series = new QStackedBarSeries;
    auto* free = new QBarSet(tr("Free (within the allowance)"));
    free->setColor(QColor(0x90, 0xa4, 0xae));
    QList<QBarSet*> billable;
    for (int g = 0; g < groups.size(); ++g) {
        auto* set = new QBarSet(tr("Billable: %1").arg(groups[g]));
        set->setColor(kGroupColors[g % std::size(kGroupColors)]);
        billable.append(set);
    }
    double maxTotal = 0;
    for (const QString& month : months) {
        double freeSum = 0, cost = 0, total = 0;
        QList<double> perGroup(groups.size(), 0.0);
        for (const BillTable::Row& r : table.rows()) {
            if (r.month != month)
                continue;
            freeSum += r.free();
            cost += r.cost;
            perGroup[groups.indexOf(r.group)] += r.billable;
        }
        free->append(freeSum);
        total += freeSum;
        for (int g = 0; g < groups.size(); ++g) {
            billable[g]->append(perGroup[g]);
            total += perGroup[g];
        }
        maxTotal = std::max(maxTotal, total);
        categories_ << QStringLiteral("%1  (%2 %3)")
                           .arg(month, table.currency())
                           .arg(cost, 0, 'f', cost < 1 ? 4 : 2);
    }
    series->append(free);
    for (QBarSet* set : billable)
        series->append(set);
    series->setBarWidth(0.6);
    c->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories_);
    auto* y = new QValueAxis;
    y->setTitleText(tr("GB-month"));
    y->setRange(0, std::max(maxTotal * 1.15, 1e-6));
    y->setLabelFormat(maxTotal < 0.1 ? QStringLiteral("%.4f") : QStringLiteral("%.2f"));
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

} // namespace tidemark
