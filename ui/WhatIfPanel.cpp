#include "WhatIfPanel.h"

#include "AmountText.h"
#include "ConsumptionSeries.h"
#include "ScenarioChart.h"
#include "billing/Consumption.h"
#include "core/ErrorMessages.h"
#include "core/Units.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tidemark {
namespace {
constexpr qint64 kDayMs = 24 * 3600 * 1000;
const RedundancyKind kKinds[] = {RedundancyKind::LRS, RedundancyKind::ZRS, RedundancyKind::GRS,
                                 RedundancyKind::GZRS};
} // namespace

WhatIfPanel::WhatIfPanel(WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), session_(session) {
    setObjectName(QStringLiteral("whatIfPanel"));
    auto* layout = new QVBoxLayout(this);
    basis_ = new QLabel;
    basis_->setWordWrap(true);
    layout->addWidget(basis_);
    auto* inputs = new QHBoxLayout;
    auto* base = new QGroupBox(tr("Database"));
    auto* form = new QFormLayout(base);
    size_ = new QDoubleSpinBox;
    size_->setObjectName(QStringLiteral("whatIfSize"));
    size_->setDecimals(4);
    size_->setRange(0.0001, 100000);
    size_->setSuffix(tr(" GB"));
    change_ = new QDoubleSpinBox;
    change_->setDecimals(2);
    change_->setRange(0, 100);
    change_->setSuffix(tr(" % a day"));
    compression_ = new QDoubleSpinBox;
    compression_->setRange(1, 50);
    compression_->setSuffix(QStringLiteral(" : 1"));
    horizon_ = new QSpinBox;
    horizon_->setRange(7, 730);
    horizon_->setValue(60);
    horizon_->setSuffix(tr(" days"));
    form->addRow(tr("Size"), size_);
    form->addRow(tr("Pages changed"), change_);
    form->addRow(tr("Compression"), compression_);
    form->addRow(tr("Simulate"), horizon_);
    inputs->addWidget(base);
    const QString names[] = {tr("Scenario A"), tr("Scenario B"), tr("Scenario C")};
    for (int i = 0; i < 3; ++i) {
        auto* box = new QGroupBox(names[i]);
        auto* f = new QFormLayout(box);
        Column c;
        c.redundancy = new QComboBox;
        c.redundancy->setObjectName(QStringLiteral("whatIfRedundancy%1").arg(i));
        for (RedundancyKind k : kKinds)
            c.redundancy->addItem(redundancyName(k), int(k));
        c.retention = new QSpinBox;
        c.retention->setObjectName(QStringLiteral("whatIfRetention%1").arg(i));
        c.retention->setRange(1, 35);
        c.retention->setSuffix(tr(" days"));
        c.diffHours = new QComboBox;
        c.diffHours->addItem(tr("every 12 h"), 12);
        c.diffHours->addItem(tr("every 24 h"), 24);
        f->addRow(tr("Redundancy"), c.redundancy);
        f->addRow(tr("Retention"), c.retention);
        f->addRow(tr("Differential"), c.diffHours);
        inputs->addWidget(box);
        columns_.append(c);
    }
    layout->addLayout(inputs);
    compare_ = new QPushButton(tr("Compare"));
    compare_->setObjectName(QStringLiteral("whatIfCompare"));
    layout->addWidget(compare_, 0, Qt::AlignLeft);
    problem_ = new QLabel;
    problem_->setStyleSheet(QStringLiteral("color: #c62828"));
    layout->addWidget(problem_);
    auto* results = new QHBoxLayout;
    table_ = new QTableWidget(0, 0);
    table_->setObjectName(QStringLiteral("whatIfTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    chart_ = new ScenarioChart;
    results->addWidget(table_, 1);
    results->addWidget(chart_, 1);
    layout->addLayout(results, 1);
    connect(compare_, &QPushButton::clicked, this, &WhatIfPanel::compare);
}

void WhatIfPanel::setDatabase(const QString& name) {
    if (name == database_)
        return;
    auto db = session_.findDatabase(name);
    if (!db)
        return;
    database_ = name;
    policy_ = session_.policy(db->uuid);
    // The starting point from the database's own backups: its size, the share of its pages
    // a day of logs and differentials carried, and how well fulls compressed.
    const QList<BackupInfo> backups = session_.backups(db->uuid);
    double size = 0, fullLogical = 0, fullStored = 0, changed = 0;
    qint64 first = -1, last = -1;
    for (const BackupInfo& b : backups) {
        size = double(b.pageCount) * b.pageSize;
        if (b.type == BackupType::Full) {
            fullLogical += double(b.logicalBytes);
            fullStored += double(b.storedBytes);
        } else if (b.type == BackupType::Log) {
            changed += double(b.logicalBytes);
        }
        first = first < 0 ? b.snapshotMs : first;
        last = b.snapshotMs;
    }
    const double days = last > first ? double(last - first) / kDayMs : 1;
    size_->setValue(std::max(0.0001, size / kBytesPerGb));
    change_->setValue(size > 0 ? std::clamp(100.0 * changed / days / size, 0.0, 100.0) : 5);
    compression_->setValue(fullStored > 0 ? std::clamp(fullLogical / fullStored, 1.0, 50.0) : 3);
    basis_->setText(tr("Starting from %1's backups (%2 of them): edit the numbers to explore. "
                       "Each scenario runs the real schedule, retention and cost path in the "
                       "simulator with modelled backup sizes; the prices are the workspace's.")
                        .arg(name)
                        .arg(backups.size()));
    const RedundancyKind current = session_.redundancy().kind;
    const int currentIndex =
        int(std::find(std::begin(kKinds), std::end(kKinds), current) - std::begin(kKinds));
    const int retention[] = {policy_.retentionDays, 35, policy_.retentionDays};
    const int redundancy[] = {currentIndex, currentIndex, 3};
    const int diff[] = {policy_.diffHours == 24 ? 1 : 0, policy_.diffHours == 24 ? 1 : 0, 1};
    for (int i = 0; i < columns_.size(); ++i) {
        columns_[i].retention->setValue(retention[i]);
        columns_[i].redundancy->setCurrentIndex(redundancy[i]);
        columns_[i].diffHours->setCurrentIndex(diff[i]);
    }
}

Scenario WhatIfPanel::scenarioFor(int column) const {
    Scenario s;
    const Column& c = columns_[column];
    s.name = QStringLiteral("%1 %2, %3 d, diff %4 h")
                 .arg(QChar(u'A' + column))
                 .arg(c.redundancy->currentText())
                 .arg(c.retention->value())
                 .arg(c.diffHours->currentData().toInt());
    s.startMs = session_.nowMs() / kDayMs * kDayMs;
    s.horizonDays = horizon_->value();
    s.sizeGb = size_->value();
    s.dailyChangeRate = change_->value() / 100.0;
    s.compressionRatio = compression_->value();
    auto db = session_.findDatabase(database_);
    if (db)
        s.maxSizeGb = double(db->maxSize) / kBytesPerGb;
    s.policy = policy_;
    s.policy.retentionDays = c.retention->value();
    s.policy.diffHours = c.diffHours->currentData().toInt();
    s.redundancy = RedundancyKind(c.redundancy->currentData().toInt());
    return s;
}

void WhatIfPanel::compare() {
    results_.clear();
    problem_->clear();
    chart_->clearScenarios();
    const Rates rates = session_.rates();
    QStringList names;
    QStringList months;
    for (int i = 0; i < columns_.size(); ++i) {
        Scenario s = scenarioFor(i);
        auto r = simulate(s, rates);
        if (!r) {
            problem_->setText(tr("%1: %2").arg(s.name, userMessage(r.status())));
            return;
        }
        results_.append(*r);
        names << s.name;
        for (const MonthlyBill& b : r->bills)
            if (!months.contains(b.month))
                months << b.month;
        chart_->addScenario(s.name, ConsumptionSeries::fromSamples(r->hours, UsageGrain::Day));
    }
    months.sort();
    QStringList rows = {tr("Average storage"), tr("Average billable"), tr("Free allowance")};
    for (const QString& m : months)
        rows << tr("Bill %1 (%2)").arg(m, rates.currency);
    table_->clear();
    table_->setRowCount(int(rows.size()));
    table_->setColumnCount(int(names.size()));
    table_->setVerticalHeaderLabels(rows);
    QStringList headers;
    for (int i = 0; i < names.size(); ++i)
        headers << QStringLiteral("%1").arg(QChar(u'A' + i));
    table_->setHorizontalHeaderLabels(headers);
    for (int i = 0; i < results_.size(); ++i) {
        const SimulationResult& r = results_[i];
        double stored = 0, billable = 0;
        for (const UsageSample& h : r.hours) {
            stored += double(h.pitrBytes() + h.ltrBytes);
            billable += double(h.billableBytes());
        }
        const double n = std::max<qsizetype>(1, r.hours.size());
        table_->setItem(0, i, new QTableWidgetItem(humanBytes(qint64(stored / n))));
        table_->setItem(1, i, new QTableWidgetItem(humanBytes(qint64(billable / n))));
        table_->setItem(
            2, i,
            new QTableWidgetItem(humanBytes(r.hours.isEmpty() ? 0 : r.hours.last().maxDataBytes)));
        for (const MonthlyBill& b : r.bills) {
            auto* item = new QTableWidgetItem(formatAmount(b.total));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(3 + int(months.indexOf(b.month)), i, item);
        }
        table_->horizontalHeaderItem(i)->setToolTip(names[i]);
    }
    table_->resizeColumnsToContents();
}

} // namespace tidemark
