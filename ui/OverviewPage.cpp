#include "OverviewPage.h"

#include "AmountText.h"
#include "StatusIcons.h"
#include "core/Units.h"

#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QListWidget>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace tidemark {
namespace {

// Badges and a tint for rows that need attention, on top of the list model.
class HealthDecoration : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex& index, int role) const override {
        if (role == Qt::DecorationRole && index.column() == DatabaseListModel::Status) {
            auto health = DatabaseListModel::Health(
                QIdentityProxyModel::data(index, DatabaseListModel::HealthRole).toInt());
            return healthIcon(health);
        }
        if (role == Qt::BackgroundRole) {
            auto health = DatabaseListModel::Health(
                QIdentityProxyModel::data(index, DatabaseListModel::HealthRole).toInt());
            if (health == DatabaseListModel::Health::Unprotected ||
                health == DatabaseListModel::Health::AtRisk) {
                QColor tint = DatabaseListModel::healthColor(health);
                tint.setAlpha(38);
                return tint;
            }
        }
        return QIdentityProxyModel::data(index, role);
    }
};

} // namespace

OverviewPage::OverviewPage(WorkspaceSession& session, DatabaseListModel& model, QWidget* parent)
    : QWidget(parent), session_(session), model_(model) {
    setObjectName(QStringLiteral("overviewPage"));
    auto* layout = new QVBoxLayout(this);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("overviewSummary"));
    QFont big = summary_->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    summary_->setFont(big);
    integrity_ = new QLabel;
    integrity_->setObjectName(QStringLiteral("overviewIntegrity"));
    integrity_->setWordWrap(true);
    attention_ = new QLabel;
    attention_->setObjectName(QStringLiteral("overviewAttention"));
    attention_->setWordWrap(true);
    alerts_ = new QListWidget;
    alerts_->setObjectName(QStringLiteral("overviewAlerts"));
    alerts_->setMaximumHeight(96);
    alerts_->setWordWrap(true);
    auto* decorated = new HealthDecoration(this);
    decorated->setSourceModel(&model_);
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(decorated);
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
    table_->setWordWrap(false);
    layout->addWidget(summary_);
    layout->addWidget(integrity_);
    layout->addWidget(attention_);
    layout->addWidget(alerts_);
    layout->addWidget(table_, 1);
    connect(table_, &QTableView::activated, this, [this, proxy](const QModelIndex& index) {
        emit databaseActivated(model_.nameAt(proxy->mapToSource(index).row()));
    });
    connect(&model_, &QAbstractItemModel::modelReset, this, &OverviewPage::refreshSummary);
    refreshSummary();
}

void OverviewPage::refreshSummary() {
    int protectedCount = 0;
    QStringList attention;
    alerts_->clear();
    for (int row = 0; row < model_.rowCount(); ++row) {
        auto health = model_.healthAt(row);
        if (health == DatabaseListModel::Health::Protected)
            ++protectedCount;
        // Lost backups first: they are what a support engineer must see before anything else.
        for (const HealthReason& reason : model_.reasonsAt(row)) {
            const QString line = tr("%1: %2").arg(model_.nameAt(row), reason.message);
            auto* item = new QListWidgetItem(healthIcon(health), line);
            item->setForeground(DatabaseListModel::healthColor(health));
            const bool lost = reason.code == health_code::kDamage ||
                              reason.code == health_code::kUnusableBase ||
                              reason.code == health_code::kNothingRestorable;
            if (lost) {
                attention.prepend(line);
                alerts_->insertItem(0, item);
            } else {
                attention << line;
                alerts_->addItem(item);
            }
        }
    }
    // Each database's alerts are among its verdict's reasons above. Alerts about the vault as a
    // whole, or about a dropped database (its backups stay restorable for the retention
    // period), have no row and are listed here.
    QSet<QString> rows;
    for (int row = 0; row < model_.rowCount(); ++row)
        rows.insert(model_.uuidAt(row));
    for (const Alert& a : session_.alerts()) {
        if (rows.contains(a.databaseUuid))
            continue;
        const QString text = a.databaseUuid.isEmpty()
                                 ? tr("vault: %1").arg(a.message)
                                 : tr("%1 (dropped): %2").arg(a.databaseName, a.message);
        attention.prepend(text);
        alerts_->insertItem(
            0, new QListWidgetItem(healthIcon(DatabaseListModel::Health::Unprotected), text));
    }
    if (!session_.degraded().isEmpty()) {
        attention.prepend(tr("the workspace is degraded: %1").arg(session_.degraded()));
        alerts_->insertItem(0,
                            new QListWidgetItem(healthIcon(DatabaseListModel::Health::Unprotected),
                                                attention.first()));
    }
    const double month = model_.monthTotal();
    summary_->setText(tr("%1 of %2 databases protected  ·  %3 %4 backup storage this month%5")
                          .arg(protectedCount)
                          .arg(model_.rowCount())
                          .arg(model_.currency())
                          .arg(formatAmount(month))
                          .arg(session_.encrypted() ? QString() : tr("  ·  vault NOT ENCRYPTED")));
    attention_->setText(attention.isEmpty() ? tr("Nothing needs attention.")
                                            : tr("Needs attention: %1").arg(attention.size()));
    attention_->setStyleSheet(attention.isEmpty() ? QStringLiteral("color: #2e7d32")
                                                  : QStringLiteral("color: #c62828"));
    alerts_->setVisible(!attention.isEmpty());
    alerts_->setAccessibleDescription(attention.join(QStringLiteral("; ")));
    attention_->setToolTip(attention.join(QStringLiteral("\n")));

    // Integrity at a glance: the newest vault verification and the drills.
    QString verify = tr("no vault verification yet");
    for (const JobInfo& j : session_.jobRecords(300)) {
        if (j.kind != QStringLiteral("verify") || j.status == QStringLiteral("running"))
            continue;
        verify = tr("last verification %1 (%2): %3")
                     .arg(humanAge(session_.nowMs() - j.startMs), j.status, j.message);
        break;
    }
    int drilled = 0, passed = 0;
    for (int row = 0; row < model_.rowCount(); ++row) {
        QList<DrillInfo> d = session_.drills(model_.uuidAt(row), 1);
        if (d.isEmpty())
            continue;
        ++drilled;
        passed += d.first().passed ? 1 : 0;
    }
    integrity_->setText(tr("Integrity: %1. Restore drills: %2 of %3 databases passed their last "
                           "drill%4.")
                            .arg(verify)
                            .arg(passed)
                            .arg(model_.rowCount())
                            .arg(drilled < model_.rowCount()
                                     ? tr(" (%1 not drilled yet)").arg(model_.rowCount() - drilled)
                                     : QString()));
    table_->resizeColumnsToContents();
}

} // namespace tidemark
