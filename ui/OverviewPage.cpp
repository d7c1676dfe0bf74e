#include "OverviewPage.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace tidemark {

OverviewPage::OverviewPage(WorkspaceSession& session, DatabaseListModel& model, QWidget* parent)
    : QWidget(parent), session_(session), model_(model) {
    setObjectName(QStringLiteral("overviewPage"));
    auto* layout = new QVBoxLayout(this);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("overviewSummary"));
    QFont big = summary_->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    summary_->setFont(big);
    attention_ = new QLabel;
    attention_->setObjectName(QStringLiteral("overviewAttention"));
    attention_->setWordWrap(true);
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(&model_);
    proxy->setSortRole(Qt::EditRole);
    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("overviewTable"));
    table_->setModel(proxy);
    table_->setSortingEnabled(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setAlternatingRowColors(true);
    layout->addWidget(summary_);
    layout->addWidget(attention_);
    layout->addWidget(table_);
    connect(table_, &QTableView::activated, this, [this, proxy](const QModelIndex& index) {
        emit databaseActivated(model_.nameAt(proxy->mapToSource(index).row()));
    });
    connect(&model_, &QAbstractItemModel::modelReset, this, &OverviewPage::refreshSummary);
    refreshSummary();
    table_->resizeColumnsToContents();
}

void OverviewPage::refreshSummary() {
    int protectedCount = 0;
    QStringList attention;
    for (int row = 0; row < model_.rowCount(); ++row) {
        auto health = DatabaseListModel::Health(
            model_.data(model_.index(row, 0), DatabaseListModel::HealthRole).toInt());
        if (health == DatabaseListModel::Health::Protected)
            ++protectedCount;
        else if (health == DatabaseListModel::Health::Failing)
            attention << tr("%1: the last backup failed").arg(model_.nameAt(row));
        else
            attention << tr("%1: not backed up yet").arg(model_.nameAt(row));
    }
    summary_->setText(tr("%1 of %2 databases protected%3")
                          .arg(protectedCount)
                          .arg(model_.rowCount())
                          .arg(session_.encrypted() ? QString() : tr(" - vault NOT ENCRYPTED")));
    attention_->setText(attention.isEmpty() ? tr("Nothing needs attention.")
                                            : tr("Needs attention: ") + attention.join(u"; "));
    attention_->setStyleSheet(attention.isEmpty() ? QString() : QStringLiteral("color: #c62828"));
}

} // namespace tidemark
