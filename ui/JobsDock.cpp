#include "JobsDock.h"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
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
    auto* filters = new QHBoxLayout;
    stateFilter_ = new QComboBox;
    stateFilter_->setObjectName(QStringLiteral("jobsStateFilter"));
    stateFilter_->addItem(tr("All states"), QString());
    for (const char* state :
         {"running", "succeeded", "failed", "completed_with_errors", "cancelled"})
        stateFilter_->addItem(QString::fromLatin1(state), QString::fromLatin1(state));
    databaseFilter_ = new QComboBox;
    databaseFilter_->setObjectName(QStringLiteral("jobsDatabaseFilter"));
    filters->addWidget(new QLabel(tr("Show")));
    filters->addWidget(stateFilter_);
    filters->addWidget(databaseFilter_);
    filters->addStretch();
    left->addLayout(filters);
    filter_.setSourceModel(&model_);
    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("jobsTable"));
    table_->setModel(&filter_);
    table_->setItemDelegateForColumn(JobListModel::Progress, new ProgressDelegate(table_));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setWordWrap(false);
    for (int column : {JobListModel::Started, JobListModel::Duration})
        table_->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
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
        if (auto job = model_.liveJobAt(filter_.mapToSource(rows.first()).row()))
            job->context.cancel();
    });
    connect(stateFilter_, &QComboBox::currentIndexChanged, this,
            [this] { filter_.setState(stateFilter_->currentData().toString()); });
    connect(databaseFilter_, &QComboBox::currentIndexChanged, this,
            [this] { filter_.setDatabase(databaseFilter_->currentData().toString()); });
    connect(&model_, &QAbstractItemModel::modelReset, this, &JobsDock::listDatabases);
    listDatabases();
}

void JobsDock::listDatabases() {
    // The databases that have jobs, keeping the chosen one.
    const QString chosen = databaseFilter_->currentData().toString();
    QStringList names;
    for (int row = 0; row < model_.rowCount(); ++row) {
        const QString target = model_.index(row, JobListModel::Target).data().toString();
        if (!target.isEmpty() && !names.contains(target))
            names << target;
    }
    names.sort();
    QSignalBlocker block(databaseFilter_);
    databaseFilter_->clear();
    databaseFilter_->addItem(tr("All databases"), QString());
    for (const QString& name : names)
        databaseFilter_->addItem(name, name);
    databaseFilter_->setCurrentIndex(std::max(0, databaseFilter_->findData(chosen)));
}

void JobsDock::selectionChanged() {
    auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        cancel_->setEnabled(false);
        return;
    }
    QModelIndex index = rows.first();
    cancel_->setEnabled(index.data(JobListModel::RunningRole).toBool() &&
                        model_.liveJobAt(filter_.mapToSource(index).row()) != nullptr);
    QString log = index.data(JobListModel::LogRole).toString();
    if (log_->toPlainText() != log)
        log_->setPlainText(log);
}

} // namespace tidemark
