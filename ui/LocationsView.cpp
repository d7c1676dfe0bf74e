#include "LocationsView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace tidemark {

LocationsView::LocationsView(WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), session_(session), model_(session) {
    setObjectName(QStringLiteral("locationsView"));
    auto* layout = new QVBoxLayout(this);
    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("locationsTable"));
    table_->setModel(&model_);
    table_->verticalHeader()->hide();
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table_, 1);
    auto* bottom = new QHBoxLayout;
    note_ = new QLabel;
    note_->setObjectName(QStringLiteral("locationsNote"));
    note_->setWordWrap(true);
    refresh_ = new QPushButton(tr("Check now"));
    refresh_->setObjectName(QStringLiteral("locationsRefresh"));
    bottom->addWidget(note_, 1);
    bottom->addWidget(refresh_);
    layout->addLayout(bottom);
    connect(refresh_, &QPushButton::clicked, &session_, &WorkspaceSession::refreshLocations);
    connect(&session_, &WorkspaceSession::locationsChanged, this, &LocationsView::updateNote);
    updateNote();
}

void LocationsView::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    session_.refreshLocations();
}

void LocationsView::updateNote() {
    note_->setText(session_.locations().isEmpty()
                       ? tr("Checking the locations...")
                       : tr("Synchronous copies are written with every backup; the geo "
                            "secondary is copied asynchronously, and its lag is how long the "
                            "oldest backup it lacks has waited."));
}

} // namespace tidemark
