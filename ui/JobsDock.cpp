#include "JobsDock.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace tidemark {
namespace {

// Draws the progress column as a bar.
class ProgressDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* p, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 3, -2, -3);
        bar.minimum = 0;
        bar.maximum = 100;
        bar.progress = int(index.data(JobListModel::ProgressRole).toDouble() * 100);
        bar.text = index.data().toString();
        bar.textVisible = true;
        bar.textAlignment = Qt::AlignCenter;
        bar.state = option.state | QStyle::State_Horizontal | QStyle::State_Enabled;
        QWidget* w = const_cast<QWidget*>(option.widget);
        (w ? w->style() : QApplication::style())->drawControl(QStyle::CE_ProgressBar, &bar, p, w);
    }
};

} // namespace

JobsDock::JobsDock(WorkspaceSession& session, QWidget* parent)
    : QDockWidget(tr("Jobs"), parent), model_(session) {
    setObjectName(QStringLiteral("jobsDock"));
    auto* body = new QWidget;
    auto* layout = new QHBoxLayout(body);
    auto* left = new QVBoxLayout;
    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("jobsTable"));
    table_->setModel(&model_);
    table_->setItemDelegateForColumn(JobListModel::Progress, new ProgressDelegate(table_));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    left->addWidget(table_);
    cancel_ = new QPushButton(tr("Cancel job"));
    cancel_->setObjectName(QStringLiteral("cancelJobButton"));
    cancel_->setEnabled(false);
    left->addWidget(cancel_, 0, Qt::AlignLeft);
    layout->addLayout(left, 3);
    log_ = new QPlainTextEdit;
    log_->setObjectName(QStringLiteral("jobLog"));
    log_->setReadOnly(true);
    log_->setPlaceholderText(tr("Select a job to read its log."));
    layout->addWidget(log_, 2);
    setWidget(body);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &JobsDock::selectionChanged);
    connect(&model_, &QAbstractItemModel::dataChanged, this, &JobsDock::selectionChanged);
    connect(&model_, &QAbstractItemModel::modelReset, this, &JobsDock::selectionChanged);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        auto rows = table_->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return;
        if (auto job = model_.liveJobAt(rows.first().row()))
            job->context.cancel();
    });
}

void JobsDock::selectionChanged() {
    auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        cancel_->setEnabled(false);
        return;
    }
    QModelIndex index = rows.first();
    cancel_->setEnabled(index.data(JobListModel::RunningRole).toBool() &&
                        model_.liveJobAt(index.row()) != nullptr);
    QString log = index.data(JobListModel::LogRole).toString();
    if (log_->toPlainText() != log)
        log_->setPlainText(log);
}

} // namespace tidemark
