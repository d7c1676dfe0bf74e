#include "StoragePage.h"

#include "AmountText.h"
#include "BillChart.h"
#include "ConsumptionChart.h"
#include "ConsumptionSeries.h"
#include "LocationsView.h"
#include "WhatIfPanel.h"
#include "core/ErrorMessages.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QShowEvent>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace tidemark {
namespace {
constexpr qint64 kDayMs = 24 * 3600 * 1000;
}

StoragePage::StoragePage(WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), session_(session) {
    setObjectName(QStringLiteral("storagePage"));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    database_ = new QComboBox;
    database_->setObjectName(QStringLiteral("storageDatabase"));
    range_ = new QComboBox;
    range_->setObjectName(QStringLiteral("storageRange"));
    range_->addItem(tr("Last 2 days"), 2);
    range_->addItem(tr("Last 30 days"), 30);
    range_->addItem(tr("Last 90 days"), 90);
    range_->addItem(tr("Last year"), 366);
    range_->addItem(tr("Everything"), 0);
    range_->setCurrentIndex(1);
    top->addWidget(new QLabel(tr("Database")));
    top->addWidget(database_);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Period")));
    top->addWidget(range_);
    top->addStretch();
    layout->addLayout(top);

    tabs_ = new QTabWidget;
    tabs_->setObjectName(QStringLiteral("storageTabs"));
    layout->addWidget(tabs_, 1);

    auto* consumptionTab = new QWidget;
    auto* cl = new QVBoxLayout(consumptionTab);
    consumption_ = new ConsumptionChart;
    cl->addWidget(consumption_, 1);
    consumptionNote_ = new QLabel;
    consumptionNote_->setWordWrap(true);
    cl->addWidget(consumptionNote_);
    tabs_->addTab(consumptionTab, tr("Consumption"));

    auto* billTab = new QWidget;
    auto* bl = new QVBoxLayout(billTab);
    auto* billTop = new QHBoxLayout;
    grouping_ = new QComboBox;
    grouping_->setObjectName(QStringLiteral("billGrouping"));
    grouping_->addItem(tr("By database"), int(BillTable::Grouping::ByDatabase));
    grouping_->addItem(tr("By redundancy"), int(BillTable::Grouping::ByRedundancy));
    export_ = new QPushButton(tr("Export CSV..."));
    export_->setObjectName(QStringLiteral("billExportButton"));
    billTotal_ = new QLabel;
    billTotal_->setObjectName(QStringLiteral("billTotal"));
    billTop->addWidget(grouping_);
    billTop->addWidget(billTotal_, 1);
    billTop->addWidget(export_);
    bl->addLayout(billTop);
    auto* split = new QSplitter;
    billChart_ = new BillChart;
    billView_ = new QTableView;
    billView_->setObjectName(QStringLiteral("billTable"));
    billView_->setModel(&bill_);
    billView_->verticalHeader()->hide();
    billView_->setAlternatingRowColors(true);
    billView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    split->addWidget(billChart_);
    split->addWidget(billView_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    bl->addWidget(split, 1);
    tabs_->addTab(billTab, tr("Monthly bill"));

    whatIf_ = new WhatIfPanel(session_);
    tabs_->addTab(whatIf_, tr("What-if"));
    locations_ = new LocationsView(session_);
    tabs_->addTab(locations_, tr("Locations"));

    connect(database_, &QComboBox::currentIndexChanged, this, &StoragePage::reload);
    connect(range_, &QComboBox::currentIndexChanged, this, &StoragePage::reload);
    connect(grouping_, &QComboBox::currentIndexChanged, this, &StoragePage::reload);
    connect(&session_, &WorkspaceSession::changed, this, &StoragePage::reloadWhenShown);
    connect(export_, &QPushButton::clicked, this, [this] {
        QString path = nextExportPath_;
        nextExportPath_.clear();
        if (path.isEmpty())
            path = QFileDialog::getSaveFileName(this, tr("Export the bill"),
                                                QStringLiteral("tidemark-bill.csv"),
                                                tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        if (Status s = exportCsv(path); !s)
            QMessageBox::warning(this, tr("Export the bill"), userMessage(s));
    });
}

void StoragePage::setDatabase(const QString& name) {
    int index = name.isEmpty() ? 0 : database_->findData(name);
    if (index >= 0)
        database_->setCurrentIndex(index);
}

void StoragePage::setRangeDays(int days) {
    int index = range_->findData(days);
    if (index >= 0)
        range_->setCurrentIndex(index);
}

Status StoragePage::exportCsv(const QString& path) {
    return bill_.writeCsv(path);
}

void StoragePage::reloadWhenShown() {
    if (isVisible())
        reload();
    else
        stale_ = true;
}

void StoragePage::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    if (stale_)
        reload();
}

void StoragePage::reload() {
    stale_ = false;
    {
        // The list of databases, keeping the selection.
        const QString selected = database_->currentData().toString();
        QSignalBlocker block(database_);
        database_->clear();
        database_->addItem(tr("All databases"), QString());
        for (const DatabaseInfo& d : session_.databases(true))
            database_->addItem(d.droppedMs >= 0 ? tr("%1 (dropped)").arg(d.name) : d.name, d.name);
        database_->setCurrentIndex(std::max(0, database_->findData(selected)));
    }
    const QString name = database_->currentData().toString();
    QString uuid;
    if (!name.isEmpty()) {
        for (const DatabaseInfo& d : session_.databases(true))
            if (d.name == name)
                uuid = d.uuid;
    }
    const qint64 now = session_.nowMs();
    const int days = range_->currentData().toInt();
    const qint64 from = days > 0 ? now - days * kDayMs : 0;
    // "Everything" starts at the first recorded day.
    QList<ConsumptionPoint> points =
        days > 0 ? ConsumptionSeries::load(session_, uuid, from, now)
                 : ConsumptionSeries::load(session_, uuid, 0, now, UsageGrain::Day);
    consumption_->setPoints(points, tr("No storage recorded yet. The agent measures backup "
                                       "storage every hour it runs (tidemark-cli agent, or "
                                       "this console)."));
    consumptionNote_->setText(
        tr("Average backup storage per %1, by kind, each pack counted once. Backup storage up "
           "to the free allowance (the max data size) is free; above it, it bills.")
            .arg(ConsumptionSeries::grainFor(now - from) == UsageGrain::Hour ? tr("hour")
                 : days == 0 || ConsumptionSeries::grainFor(now - from) == UsageGrain::Day
                     ? tr("day")
                     : tr("month")));
    bill_.load(session_, name, BillTable::Grouping(grouping_->currentData().toInt()));
    billChart_->setTable(bill_);
    billTotal_->setText(tr("Total over %1 month(s): %2 %3%4")
                            .arg(bill_.months().size())
                            .arg(bill_.currency())
                            .arg(formatAmount(bill_.totalCost()))
                            .arg(bill_.samplePrices() ? tr(" (sample prices)") : QString()));
    QString whatIfDb = name;
    if (whatIfDb.isEmpty() || !session_.findDatabase(whatIfDb)) {
        // All databases: start from the biggest one.
        qint64 biggest = -1;
        for (const DatabaseInfo& d : session_.databases()) {
            const QList<BackupInfo> backups = session_.backups(d.uuid);
            const qint64 size =
                backups.isEmpty() ? 0 : qint64(backups.last().pageCount) * backups.last().pageSize;
            if (size > biggest) {
                biggest = size;
                whatIfDb = d.name;
            }
        }
    }
    if (!whatIfDb.isEmpty())
        whatIf_->setDatabase(whatIfDb);
}

} // namespace tidemark
