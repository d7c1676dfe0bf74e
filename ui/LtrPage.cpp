#include "LtrPage.h"

#include "core/Units.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShowEvent>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tidemark {
namespace {
QString kindsText(const QStringList& kinds) {
    QStringList out;
    for (const QString& k : kinds)
        out << (k == QStringLiteral("W")   ? QObject::tr("weekly")
                : k == QStringLiteral("M") ? QObject::tr("monthly")
                                           : QObject::tr("yearly"));
    return out.join(QStringLiteral(", "));
}
} // namespace

LtrPage::LtrPage(WorkspaceSession& session, QWidget* parent) : QWidget(parent), session_(session) {
    setObjectName(QStringLiteral("ltrPage"));
    auto* layout = new QVBoxLayout(this);
    header_ = new QLabel;
    header_->setWordWrap(true);
    header_->setTextFormat(Qt::RichText);
    layout->addWidget(header_);
    table_ = new QTableWidget(0, 7);
    table_->setObjectName(QStringLiteral("ltrTable"));
    table_->setHorizontalHeaderLabels({tr("Database"), tr("Backup point"), tr("Kept as"),
                                       tr("Expires"), tr("Immutable until"), tr("Size"),
                                       tr("Backup ID")});
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table_, 1);
    restore_ =
        new QPushButton(QIcon(QStringLiteral(":/icons/restore.svg")), tr("Restore this copy..."));
    restore_->setObjectName(QStringLiteral("ltrRestoreButton"));
    restore_->setEnabled(false);
    layout->addWidget(restore_, 0, Qt::AlignLeft);
    connect(table_, &QTableWidget::itemSelectionChanged, this,
            [this] { restore_->setEnabled(!table_->selectedItems().isEmpty()); });
    auto request = [this] {
        int row = table_->currentRow();
        if (row < 0)
            return;
        emit restoreRequested(table_->item(row, 0)->text(), table_->item(row, 6)->text());
    };
    connect(restore_, &QPushButton::clicked, this, request);
    connect(table_, &QTableWidget::itemDoubleClicked, this, request);
    connect(&session_, &WorkspaceSession::changed, this, &LtrPage::reloadWhenShown);
}

void LtrPage::showDatabase(const QString& databaseName) {
    database_ = databaseName;
    reloadWhenShown();
}

void LtrPage::reloadWhenShown() {
    if (isVisible())
        reload();
    else
        stale_ = true;
}

void LtrPage::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    if (stale_)
        reload();
}

void LtrPage::reload() {
    stale_ = false;
    QString uuid;
    if (!database_.isEmpty()) {
        for (const DatabaseInfo& d : session_.databases(true))
            if (d.name == database_)
                uuid = d.uuid;
    }
    const QList<LtrInfo> copies = session_.ltrBackups(uuid);
    const qint64 now = session_.nowMs();
    header_->setText(
        tr("<b>Long-term retention%1</b><br>%2 copies of full backups kept apart from the "
           "short-term backups, each until its expiry; immutable copies cannot be deleted "
           "before their date. Set a policy with <tt>tidemark-cli ltr NAME --weekly P6W "
           "--monthly P12M</tt>.")
            .arg(database_.isEmpty() ? QString() : tr(": %1").arg(database_.toHtmlEscaped()))
            .arg(copies.size()));
    table_->setRowCount(0);
    for (const LtrInfo& l : copies) {
        int row = table_->rowCount();
        table_->insertRow(row);
        auto set = [&](int column, const QString& text) {
            table_->setItem(row, column, new QTableWidgetItem(text));
        };
        set(0, l.databaseName);
        set(1, formatTime(l.snapshotMs));
        set(2, kindsText(l.kinds));
        set(3, tr("%1 (in %2 days)")
                   .arg(QDateTime::fromMSecsSinceEpoch(l.expiresMs, Qt::UTC)
                            .toString(QStringLiteral("yyyy-MM-dd")))
                   .arg((l.expiresMs - now) / (24 * 3600 * 1000)));
        set(4, l.immutableUntilMs > now ? formatTime(l.immutableUntilMs) : tr("-"));
        set(5, humanBytes(qint64(l.pageCount) * l.pageSize));
        set(6, l.id);
    }
    table_->resizeColumnsToContents();
    restore_->setEnabled(false);
}

} // namespace tidemark
