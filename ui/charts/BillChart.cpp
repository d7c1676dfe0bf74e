#include "BillChart.h"

#include "AmountText.h"
#include "ChartTheme.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QLineSeries>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <cmath>

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
    QChart* c = freshChart(this);
    c->legend()->setAlignment(Qt::AlignRight);
    categories_.clear();
    const QStringList months = table.months();
    if (months.isEmpty()) {
        setChartEmptyText(c, tr("No bill yet: the agent records storage every hour it runs."));
        return;
    }
    c->setTitle(table.samplePrices() ? tr("Storage and cost per month, at sample prices "
                                          "(tidemark-cli rates sets yours)")
                                     : tr("Storage and cost per month"));
    const QStringList groups = table.groups();
    auto* series = new QStackedBarSeries;
    auto* free = new QBarSet(tr("Free"));
    free->setColor(QColor(0x90, 0xa4, 0xae));
    QList<QBarSet*> billable;
    for (int g = 0; g < groups.size(); ++g) {
        auto* set = new QBarSet(tr("%1 billable").arg(groups[g]));
        set->setColor(kGroupColors[g % std::size(kGroupColors)]);
        billable.append(set);
    }
    double maxTotal = 0;
    QList<double> costs;
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
        categories_ << month;
        costs.append(cost);
    }
    // Small workspaces use thousandths of a GB-month: show MiB-months then.
    const bool small = maxTotal < 0.1;
    const double scale = small ? 1024.0 : 1.0;
    if (small) {
        for (QBarSet* set : QList<QBarSet*>{free} + billable)
            for (int i = 0; i < set->count(); ++i)
                set->replace(i, set->at(i) * scale);
    }
    series->append(free);
    for (QBarSet* set : billable)
        series->append(set);
    series->setBarWidth(0.6);
    c->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories_);
    auto* y = new QValueAxis;
    y->setTitleText(small ? tr("MiB-month") : tr("GB-month"));
    y->setRange(0, std::max(maxTotal * scale * 1.15, 1e-6));
    y->applyNiceNumbers();
    y->setMin(0);
    y->setLabelFormat(QStringLiteral("%.2f"));
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    // The cost of each month, on its own axis at the right.
    auto* cost = new QLineSeries;
    cost->setName(tr("Cost (%1)").arg(table.currency()));
    cost->setPen(QPen(QColor(0x21, 0x21, 0x21), 2));
    cost->setPointsVisible(true);
    double maxCost = 0;
    for (int i = 0; i < costs.size(); ++i) {
        cost->append(i, costs[i]);
        maxCost = std::max(maxCost, costs[i]);
    }
    c->addSeries(cost);
    auto* money = new QValueAxis;
    money->setTitleText(table.currency());
    money->setRange(0, std::max(maxCost * 1.3, 1e-9));
    const int digits = maxCost > 0 ? std::clamp(2 - int(std::floor(std::log10(maxCost))), 2, 9) : 2;
    money->setLabelFormat(QStringLiteral("%.%1f").arg(digits));
    c->addAxis(money, Qt::AlignRight);
    cost->attachAxis(x);
    cost->attachAxis(money);
}

} // namespace tidemark
