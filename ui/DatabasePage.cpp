#include "DatabasePage.h"

#include "StretchView.h"
#include "TimelineWidget.h"
#include "core/ErrorMessages.h"
#include "core/Units.h"
#include "retention/Scheduler.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace tidemark {

namespace {

QString ltrText(const LtrPolicy& ltr) {
    if (!ltr.enabled())
        return QObject::tr("off (tidemark-cli ltr)");
    QStringList kinds;
    if (ltr.weeklyWeeks)
        kinds << QObject::tr("weekly copies for %1 weeks").arg(ltr.weeklyWeeks);
    if (ltr.monthlyMonths)
        kinds << QObject::tr("monthly copies for %1 months").arg(ltr.monthlyMonths);
    if (ltr.yearlyYears)
        kinds << QObject::tr("the week-%1 full for %2 years")
                     .arg(ltr.weekOfYear)
                     .arg(ltr.yearlyYears);
    return kinds.join(QStringLiteral(", "));
}

QString redundancyText(const RedundancyConfig& r) {
    QString text = redundancyName(r.kind) + QStringLiteral(" (") +
                   r.locations.join(QStringLiteral(", ")).toHtmlEscaped();
    if (!r.synchronousReplicas().isEmpty() && !r.zoned())
        text += QObject::tr("; %1 copies").arg(r.copies);
    if (r.geo())
        text += QObject::tr("; secondary %1").arg(r.secondary.toHtmlEscaped());
    return text + QLatin1Char(')');
}

} // namespace

DatabasePage::DatabasePage(WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), session_(session), model_(session) {
    setObjectName(QStringLiteral("databasePage"));
    auto* layout = new QVBoxLayout(this);
    header_ = new QLabel;
    header_->setObjectName(QStringLiteral("databaseHeader"));
    header_->setTextFormat(Qt::RichText);
    header_->setWordWrap(true);
    layout->addWidget(header_);
    auto* droppedRow = new QHBoxLayout;
    dropped_ = new QLabel;
    dropped_->setObjectName(QStringLiteral("droppedBanner"));
    dropped_->setWordWrap(true);
    dropped_->setStyleSheet(QStringLiteral("color: #b26a00"));
    restoreDropped_ = new QPushButton(QIcon(QStringLiteral(":/icons/restore.svg")),
                                      tr("Restore dropped database..."));
    restoreDropped_->setObjectName(QStringLiteral("restoreDroppedButton"));
    droppedRow->addWidget(dropped_, 1);
    droppedRow->addWidget(restoreDropped_);
    layout->addLayout(droppedRow);
    connect(restoreDropped_, &QPushButton::clicked, this,
            [this] { emit restoreRequested(database_.name, -1); });
    tabs_ = new QTabWidget;
    tabs_->setObjectName(QStringLiteral("databaseTabs"));
    layout->addWidget(tabs_);

    timeline_ = new TimelineWidget;
    auto* timelineTab = new QWidget;
    auto* tl = new QVBoxLayout(timelineTab);
    tl->addWidget(timeline_, 1);
    auto* hint = new QLabel(tr("Wheel to zoom, drag to pan, click to place the cursor inside the "
                               "shaded restore window; double-click or right-click to restore "
                               "to that point."));
    hint->setWordWrap(true);
    tl->addWidget(hint);
    tabs_->addTab(timelineTab, tr("Timeline"));
    connect(timeline_, &TimelineWidget::restoreRequested, this,
            [this](qint64 ms) { emit restoreRequested(database_.name, ms); });

    auto* backupsTab = new QWidget;
    auto* bl = new QVBoxLayout(backupsTab);
    filter_ = new QLineEdit;
    filter_->setObjectName(QStringLiteral("backupsFilter"));
    filter_->setPlaceholderText(tr("Filter by type, time or ID"));
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(&model_);
    proxy->setSortRole(Qt::EditRole);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(filter_, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    backups_ = new QTableView;
    backups_->setObjectName(QStringLiteral("backupsTable"));
    backups_->setModel(proxy);
    backups_->setSortingEnabled(true);
    backups_->sortByColumn(BackupTableModel::Point, Qt::DescendingOrder);
    backups_->setSelectionBehavior(QAbstractItemView::SelectRows);
    backups_->verticalHeader()->hide();
    backups_->horizontalHeader()->setStretchLastSection(true);
    backups_->setAlternatingRowColors(true);
    bl->addWidget(filter_);
    bl->addWidget(backups_);
    tabs_->addTab(backupsTab, tr("Backups"));

    policy_ = new QLabel;
    policy_->setObjectName(QStringLiteral("policyText"));
    policy_->setWordWrap(true);
    policy_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    policy_->setTextFormat(Qt::RichText);
    policy_->setContentsMargins(10, 8, 10, 8);
    tabs_->addTab(policy_, tr("Policy"));
    stretch_ = new QLabel;
    stretch_->setObjectName(QStringLiteral("stretchText"));
    stretch_->setContentsMargins(10, 8, 10, 8);
    stretch_->setWordWrap(true);
    stretch_->setTextFormat(Qt::RichText);
    stretch_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    tabs_->addTab(stretch_, tr("Stretch"));

    connect(&session_, &WorkspaceSession::changed, this, &DatabasePage::reload);
}

void DatabasePage::showDatabase(const QString& name) {
    auto db = session_.findAnyDatabase(name);
    if (!db)
        return;
    database_ = *db;
    model_.setDatabase(database_.uuid);
    reload();
    backups_->resizeColumnsToContents();
}

// What a restore can reach, in the words every view uses.
QString DatabasePage::granularityText(const Workspace::Restorable& span, const DatabaseInfo& db,
                                      const BackupPolicy& policy) {
    if (span.latestCommit)
        return tr("any committed transaction (continuous capture; latest commit %1; commits reach "
                  "the vault within %2%3).")
            .arg(span.latestCommit->number)
            .arg(humanDuration(span.rpoMs))
            .arg(span.gaps.isEmpty()
                     ? QString()
                     : tr("; %1 capture gap(s) on the timeline").arg(span.gaps.size()));
    if (db.journalMode == QStringLiteral("wal"))
        return tr("each backup is a restore point, one log backup every %1 minutes; every commit "
                  "is captured while an agent runs (the console runs one).")
            .arg(policy.logMinutes);
    return tr("each backup is a restore point, one log backup every %1 minutes (a rollback-journal "
              "database is not captured commit by commit).")
        .arg(policy.logMinutes);
}

void DatabasePage::reload() {
    if (database_.uuid.isEmpty())
        return;
    QList<BackupInfo> backups = session_.backups(database_.uuid);
    TimelineData lanes;
    lanes.setBackups(backups);
    const Workspace::Restorable span = session_.restorable(database_.uuid);
    lanes.setCapture(span);
    auto stretch = session_.stretchStatus(database_.name);
    stretch_->setText(stretch ? stretchHtml(*stretch, database_.name)
                              : userMessage(stretch.status()).toHtmlEscaped());
    lanes.setLtr(session_.ltrBackups(database_.uuid));
    lanes.setDroppedMs(database_.droppedMs);
    lanes.setReplicatedMs(session_.replicatedLatestMs(database_.uuid));
    const bool isDropped = database_.droppedMs >= 0;
    dropped_->setVisible(isDropped);
    restoreDropped_->setVisible(isDropped);
    if (isDropped)
        dropped_->setText(tr("Dropped at %1. It takes no more backups; its backups stay under "
                             "retention, so it can be restored up to the drop time.")
                              .arg(formatTime(database_.droppedMs)));
    qint64 cursor = timeline_->cursorMs();
    timeline_->setData(lanes);
    if (cursor >= 0)
        timeline_->setCursorMs(cursor);
    const RestoreWindow w = span.window;
    qint64 stored = 0;
    for (const BackupInfo& b : backups)
        stored += b.storedBytes;
    header_->setText(
        tr("<b>%1</b> &nbsp; %2 &nbsp; journal: %3, page size %4<br>Restore window: %5 &nbsp; "
           "Backups: %6, %7 stored")
            .arg(database_.name.toHtmlEscaped(), database_.file.toHtmlEscaped(),
                 database_.journalMode)
            .arg(database_.pageSize)
            .arg(w.empty() ? tr("none yet")
                           : tr("%1 to %2").arg(formatTime(w.earliestMs), formatTime(w.latestMs)))
            .arg(backups.size())
            .arg(humanBytes(stored)));
    BackupPolicy policy = session_.policy(database_.uuid);
    ScheduleState next = scheduleFor(policy, backups, database_.addedMs);
    policy_->setText(
        tr("<p><b>Schedule</b> (run by the agent, <tt>tidemark-cli agent</tt>): a full backup "
           "every week, a differential every %1 hours, a log backup every %2 minutes.<br>"
           "Next full %3, differential %4, log %5.</p>"
           "<p><b>Short-term retention</b>: %6 days (%7 tier). Older weekly sets (a full with "
           "its differentials and logs) are removed once every instant of the last %6 days "
           "stays restorable.</p>"
           "<p>Restore granularity: %12<br>"
           "Long-term retention: %10.<br>"
           "Redundancy: %11.<br>Max data size (free allowance): %8.</p>"
           "<p>Change with <tt>tidemark-cli policy %9 --retention-days N --diff-hours 12|24 "
           "--log-minutes M</tt>.</p>")
            .arg(policy.diffHours)
            .arg(policy.logMinutes)
            .arg(formatTime(next.nextFullMs), formatTime(next.nextDiffMs),
                 formatTime(next.nextLogMs))
            .arg(policy.retentionDays)
            .arg(policy.basic ? tr("Basic") : tr("Standard"))
            .arg(humanBytes(database_.maxSize), database_.name.toHtmlEscaped(), ltrText(policy.ltr),
                 redundancyText(session_.redundancy()), granularityText(span, database_, policy)));
}

} // namespace tidemark
