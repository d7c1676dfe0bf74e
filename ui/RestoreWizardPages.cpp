#include "RestoreWizardPages.h"

#include "ReauthorizePanel.h"

#include "TimelineWidget.h"
#include "core/ErrorMessages.h"
#include "core/Names.h"
#include "core/Units.h"

#include <QButtonGroup>
#include <QDesktopServices>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <chrono>

namespace tidemark {
namespace {

using Kind = RestoreWizard::Kind;

QString kindText(Kind kind) {
    switch (kind) {
    case Kind::PointInTime:
        return QObject::tr("A point in time inside the restore window");
    case Kind::Deleted:
        return QObject::tr("A dropped database, up to the time it was dropped");
    case Kind::Geo:
        return QObject::tr("Geo-restore from the secondary location (the newest replicated "
                           "point)");
    case Kind::Ltr:
        break;
    }
    return QObject::tr("A long-term retention (LTR) copy");
}

const char* kindObjectName(Kind kind) {
    switch (kind) {
    case Kind::PointInTime:
        return "sourcePointInTime";
    case Kind::Deleted:
        return "sourceDeleted";
    case Kind::Geo:
        return "sourceGeo";
    case Kind::Ltr:
        break;
    }
    return "sourceLtr";
}

constexpr Kind kKinds[] = {Kind::PointInTime, Kind::Deleted, Kind::Geo, Kind::Ltr};

} // namespace

// --- source ----------------------------------------------------------------------------------

SourceKindPage::SourceKindPage(RestoreWizard* wizard) : wizard_(wizard) {
    setTitle(tr("What to restore"));
    const DatabaseInfo& db = wizard->database();
    setSubTitle(tr("Restore %1 into a new database; the original is never touched.").arg(db.name));
    auto* layout = new QVBoxLayout(this);
    group_ = new QButtonGroup(this);
    WorkspaceSession& session = wizard->session();
    const bool dropped = db.droppedMs >= 0;
    const RestoreWindow window = session.window(db.uuid);
    const RedundancyConfig& redundancy = session.redundancy();
    for (Kind k : kKinds) {
        QString why;
        switch (k) {
        case Kind::PointInTime:
            if (dropped)
                why = tr("%1 was dropped at %2: restore the dropped database instead")
                          .arg(db.name, formatTime(db.droppedMs));
            else if (window.empty())
                why = tr("there is no full backup yet, so there is no restore window");
            break;
        case Kind::Deleted:
            if (!dropped)
                why = tr("%1 is not dropped; dropped databases are listed under \"Dropped "
                         "databases\"")
                          .arg(db.name);
            else if (window.empty())
                why = tr("no backup of it is left under retention");
            break;
        case Kind::Geo:
            if (!redundancy.geo())
                why = tr("geo-restore needs GRS or GZRS redundancy; this workspace uses %1")
                          .arg(redundancyName(redundancy.kind));
            else if (dropped)
                why = tr("geo-restore restores live databases; %1 was dropped").arg(db.name);
            break;
        case Kind::Ltr:
            if (session.ltrBackups(db.uuid).isEmpty())
                why =
                    tr("%1 has no long-term copies (tidemark-cli ltr sets a policy)").arg(db.name);
            break;
        }
        auto* option = new QRadioButton(kindText(k));
        option->setObjectName(QString::fromLatin1(kindObjectName(k)));
        option->setEnabled(why.isEmpty());
        option->setToolTip(why);
        group_->addButton(option, int(k));
        layout->addWidget(option);
        auto* reason = new QLabel(why.isEmpty() ? QString() : tr("Not possible: %1.").arg(why));
        reason->setObjectName(QStringLiteral("%1Reason").arg(QLatin1String(kindObjectName(k))));
        reason->setWordWrap(true);
        reason->setContentsMargins(24, 0, 0, 8);
        reason->setEnabled(false);
        reason->setVisible(!why.isEmpty());
        layout->addWidget(reason);
        reasons_ << why;
    }
    layout->addStretch();
    for (Kind k : kKinds) {
        if (select(k))
            break;
    }
    connect(group_, &QButtonGroup::idClicked, this, &QWizardPage::completeChanged);
}

QString SourceKindPage::whyNot(Kind kind) const {
    return reasons_.value(int(kind));
}

bool SourceKindPage::select(Kind kind) {
    if (!whyNot(kind).isEmpty())
        return false;
    group_->button(int(kind))->setChecked(true);
    emit completeChanged();
    return true;
}

Kind SourceKindPage::kind() const {
    return Kind(std::max(0, group_->checkedId()));
}

bool SourceKindPage::isComplete() const {
    return group_->checkedId() >= 0;
}

// --- point -----------------------------------------------------------------------------------

PointChoicePage::PointChoicePage(RestoreWizard* wizard, qint64 initialMs)
    : wizard_(wizard), initialMs_(initialMs) {
    setTitle(tr("Restore point"));
    auto* layout = new QVBoxLayout(this);
    stack_ = new QStackedWidget;
    layout->addWidget(stack_);

    auto* pit = new QWidget;
    auto* pl = new QVBoxLayout(pit);
    pl->setContentsMargins(0, 0, 0, 0);
    // A line rather than a date-time spin box: a time pasted or typed in any usual spelling is
    // read as a whole, and one that cannot be read is refused in plain view.
    auto* row = new QHBoxLayout;
    edit_ = new QLineEdit;
    edit_->setObjectName(QStringLiteral("restorePointEdit"));
    edit_->setPlaceholderText(tr("e.g. 2026-11-30 15:30 (UTC), or with Z or an offset"));
    edit_->setToolTip(tr("A date and time: 2026-11-30 15:30, with seconds or milliseconds, "
                         "with Z, UTC or an offset such as +02:00. Without a zone it is UTC."));
    row->addWidget(edit_, 1);
    auto* latest = new QPushButton(tr("Latest"));
    latest->setObjectName(QStringLiteral("restoreLatestButton"));
    latest->setToolTip(tr("The newest point a restore can reach"));
    row->addWidget(latest);
    pl->addLayout(row);
    problem_ = new QLabel;
    problem_->setObjectName(QStringLiteral("restorePointProblem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #c62828"));
    problem_->hide();
    pl->addWidget(problem_);
    timeline_ = new TimelineWidget;
    timeline_->setObjectName(QStringLiteral("wizardTimeline"));
    timeline_->setMinimumHeight(170);
    pl->addWidget(timeline_, 1);
    chosen_ = new QLabel;
    chosen_->setObjectName(QStringLiteral("restorePointBackup"));
    chosen_->setWordWrap(true);
    pl->addWidget(chosen_);
    stack_->addWidget(pit);

    ltr_ = new QTableWidget(0, 4);
    ltr_->setObjectName(QStringLiteral("restoreLtrList"));
    ltr_->setHorizontalHeaderLabels({tr("Backup point"), tr("Kept as"), tr("Expires"), tr("ID")});
    ltr_->horizontalHeader()->setStretchLastSection(true);
    ltr_->verticalHeader()->hide();
    ltr_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    ltr_->setSelectionBehavior(QAbstractItemView::SelectRows);
    ltr_->setSelectionMode(QAbstractItemView::SingleSelection);
    stack_->addWidget(ltr_);

    geo_ = new QLabel;
    geo_->setObjectName(QStringLiteral("restoreGeoPoint"));
    geo_->setWordWrap(true);
    geo_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    stack_->addWidget(geo_);

    connect(edit_, &QLineEdit::textEdited, this, [this](const QString& text) { readTyped(text); });
    connect(edit_, &QLineEdit::editingFinished, this, [this] {
        // Once the user leaves a valid field, show the point in the displayed spelling.
        if (problem_->isHidden() && pointMs_ >= 0)
            edit_->setText(displayTime(pointMs_));
    });
    connect(latest, &QPushButton::clicked, this, [this] { choose(latestMs()); });
    connect(timeline_, &TimelineWidget::cursorMoved, this, [this](qint64 ms) {
        if (ms != pointMs_)
            choose(std::clamp(ms, window_.earliestMs, window_.latestMs));
    });
    connect(ltr_, &QTableWidget::itemSelectionChanged, this, &QWizardPage::completeChanged);
}

void PointChoicePage::initializePage() {
    WorkspaceSession& session = wizard_->session();
    const DatabaseInfo& db = wizard_->database();
    switch (wizard_->kind()) {
    case Kind::PointInTime:
    case Kind::Deleted: {
        stack_->setCurrentIndex(0);
        QList<BackupInfo> backups = session.backups(db.uuid);
        const Workspace::Restorable span = session.restorable(db.uuid);
        window_ = span.window;
        const QString rule =
            span.latestCommit
                ? tr("The restore takes the last commit at or before it (every commit was "
                     "captured)")
                : tr("The restore takes the last backup at or before it");
        setSubTitle(window_.empty()
                        ? tr("There is no full backup: nothing can be restored.")
                        : tr("Any instant from %1 to %2 (UTC)%3. %4; drag or click on the "
                             "timeline, or type.")
                              .arg(formatTime(window_.earliestMs), formatTime(window_.latestMs),
                                   db.droppedMs >= 0 ? tr(", when it was dropped") : QString(),
                                   rule));
        TimelineData lanes;
        lanes.setBackups(backups);
        lanes.setCapture(span);
        lanes.setLtr(session.ltrBackups(db.uuid));
        lanes.setDroppedMs(db.droppedMs);
        timeline_->setData(lanes);
        pointMs_ = -1;
        if (!window_.empty()) {
            // Unasked, the newest point a restore would not refuse (not one that needs a
            // backup verify found unusable).
            choose(initialMs_ < 0 ? latestMs() : initialMs_);
        } else {
            edit_->clear();
            describe();
        }
        break;
    }
    case Kind::Ltr: {
        stack_->setCurrentIndex(1);
        setSubTitle(tr("Long-term copies of %1's full backups. Each restores exactly its backup "
                       "point.")
                        .arg(db.name));
        const QString wanted = wizard_->ltrId();
        ltr_->setRowCount(0);
        int select = 0;
        for (const LtrInfo& l : session.ltrBackups(db.uuid)) {
            int row = ltr_->rowCount();
            ltr_->insertRow(row);
            ltr_->setItem(row, 0, new QTableWidgetItem(formatTime(l.snapshotMs)));
            ltr_->setItem(row, 1, new QTableWidgetItem(l.kinds.join(QStringLiteral(", "))));
            ltr_->setItem(row, 2, new QTableWidgetItem(formatTime(l.expiresMs)));
            ltr_->setItem(row, 3, new QTableWidgetItem(l.id));
            if (l.id == wanted)
                select = row;
        }
        ltr_->resizeColumnsToContents();
        if (ltr_->rowCount() > 0)
            ltr_->selectRow(select);
        break;
    }
    case Kind::Geo: {
        stack_->setCurrentIndex(2);
        setSubTitle(tr("Geo-restore reads only the secondary location, as if every primary "
                       "location were gone."));
        const RestorePlan plan = wizard_->plan();
        geoPointMs_ = plan.restorable() ? plan.stateMs : -1;
        const RestoreWindow primary = session.restorable(db.uuid).window;
        geo_->setText(!plan.restorable()
                          ? userMessage(plan.refusal)
                          : tr("The newest point on the secondary (%1) is %2.\n\nThe primary's "
                               "newest point is %3: a geo-restore loses what was written in "
                               "between (%4).")
                                .arg(plan.locationRoot, formatTime(plan.stateMs),
                                     formatTime(primary.latestMs),
                                     primary.latestMs > plan.stateMs
                                         ? humanAge(primary.latestMs - plan.stateMs)
                                               .remove(QStringLiteral(" ago"))
                                         : tr("nothing")));
        break;
    }
    }
    emit completeChanged();
}

bool PointChoicePage::isComplete() const {
    switch (wizard_->kind()) {
    case Kind::Ltr:
        return !ltr_->selectedItems().isEmpty();
    case Kind::Geo:
        return geoPointMs_ >= 0;
    case Kind::PointInTime:
    case Kind::Deleted:
        break;
    }
    return !window_.empty() && pointMs_ >= 0;
}

qint64 PointChoicePage::pointMs() const {
    switch (wizard_->kind()) {
    case Kind::Ltr: {
        int row = selectedLtrRow();
        return row < 0 ? -1 : parseTime(ltr_->item(row, 0)->text());
    }
    case Kind::Geo:
        return geoPointMs_;
    case Kind::PointInTime:
    case Kind::Deleted:
        break;
    }
    return pointMs_;
}

int PointChoicePage::selectedLtrRow() const {
    const QModelIndexList rows = ltr_->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

QString PointChoicePage::ltrId() const {
    int row = selectedLtrRow();
    return row < 0 || !ltr_->item(row, 3) ? QString() : ltr_->item(row, 3)->text();
}

QString PointChoicePage::displayTime(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'"));
}

qint64 PointChoicePage::latestMs() const {
    const qint64 latest = wizard_->session().latestRestorablePoint(wizard_->database().uuid);
    return latest < 0 ? window_.latestMs : latest;
}

void PointChoicePage::choose(qint64 ms) {
    pointMs_ = std::clamp(ms, window_.earliestMs, window_.latestMs);
    edit_->setText(displayTime(pointMs_));
    problem_->hide();
    timeline_->setCursorMs(pointMs_);
    describe();
    emit completeChanged();
}

void PointChoicePage::readTyped(const QString& text) {
    const qint64 ms = parseTime(text);
    QString why;
    if (ms < 0)
        why = tr("\"%1\" is not a time Tidemark can read. Type for example 2026-11-30 15:30, "
                 "2026-11-30T15:30:00Z or 2026-11-30 17:30+02:00.")
                  .arg(text.trimmed());
    else if (ms < window_.earliestMs)
        why = tr("%1 is before the restore window, which starts at %2.")
                  .arg(formatTime(ms), formatTime(window_.earliestMs));
    else if (ms > window_.latestMs)
        why = tr("%1 is after the newest restore point, %2.")
                  .arg(formatTime(ms), formatTime(window_.latestMs));
    // A refused time never leaves the previous point standing as if it were chosen.
    pointMs_ = why.isEmpty() ? ms : -1;
    problem_->setText(why);
    problem_->setVisible(!why.isEmpty());
    if (pointMs_ >= 0)
        timeline_->setCursorMs(pointMs_);
    describe();
    emit completeChanged();
}

void PointChoicePage::describe() {
    if (pointMs_ < 0 && wizard_->kind() != Kind::Ltr && wizard_->kind() != Kind::Geo) {
        chosen_->setText(window_.empty() ? QString() : tr("No restore point chosen."));
        return;
    }
    // Exactly what the plan restores: the engine resolves the point, the label only says it.
    const RestorePlan plan = wizard_->plan();
    chosen_->setText(plan.restorable() ? tr("Restores %1.").arg(plan.describeState())
                                       : userMessage(plan.refusal));
}

// --- target ----------------------------------------------------------------------------------

TargetChoicePage::TargetChoicePage(RestoreWizard* wizard) : wizard_(wizard) {
    setTitle(tr("New database"));
    setSubTitle(tr("A restore always creates a new file and registers it under a new name."));
    auto* form = new QFormLayout(this);
    name_ = new QLineEdit(wizard->database().name + QStringLiteral("_restored"));
    name_->setObjectName(QStringLiteral("restoreNameEdit"));
    QFileInfo source(wizard->database().file);
    file_ = new QLineEdit(source.absolutePath() + QLatin1Char('/') + source.completeBaseName() +
                          QStringLiteral("-restored.db"));
    file_->setObjectName(QStringLiteral("restoreFileEdit"));
    redundancy_ = new QLabel;
    redundancy_->setObjectName(QStringLiteral("restoreRedundancy"));
    redundancy_->setWordWrap(true);
    problem_ = new QLabel;
    problem_->setObjectName(QStringLiteral("restoreTargetProblem"));
    problem_->setStyleSheet(QStringLiteral("color: #c62828"));
    problem_->setWordWrap(true);
    form->addRow(tr("Name"), name_);
    form->addRow(tr("File"), file_);
    form->addRow(tr("Redundancy"), redundancy_);
    form->addRow(problem_);
    connect(name_, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    connect(file_, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
}

void TargetChoicePage::initializePage() {
    const RedundancyConfig& r = wizard_->session().redundancy();
    redundancy_->setText(tr("%1: the workspace's redundancy, which its backups will have once it "
                            "is protected (the restored database is registered at once).")
                             .arg(redundancyName(r.kind)));
}

QString TargetChoicePage::problem() const {
    Status valid = validateDatabaseName(name_->text());
    if (!valid)
        return valid.message();
    if (wizard_->session().findDatabase(name_->text()))
        return tr("A database named '%1' is already registered.").arg(name_->text());
    QFileInfo f(file_->text());
    if (file_->text().isEmpty())
        return tr("Choose the file to create.");
    if (f.exists())
        return tr("%1 already exists; a restore never overwrites a file.").arg(f.filePath());
    if (!QFileInfo(f.absolutePath()).isDir())
        return tr("The folder %1 does not exist.").arg(f.absolutePath());
    return {};
}

bool TargetChoicePage::isComplete() const {
    QString why = problem();
    problem_->setText(why);
    return why.isEmpty();
}

QString TargetChoicePage::name() const {
    return name_->text();
}

QString TargetChoicePage::file() const {
    return QFileInfo(file_->text()).absoluteFilePath();
}

// --- plan ------------------------------------------------------------------------------------

PlanGridPage::PlanGridPage(RestoreWizard* wizard) : wizard_(wizard) {
    setTitle(tr("Restore plan"));
    setSubTitle(tr("These backups are applied in order; the result is checked with PRAGMA "
                   "integrity_check and the logical hash recorded at backup time."));
    auto* layout = new QVBoxLayout(this);
    table_ = new QTableWidget(0, 6);
    table_->setObjectName(QStringLiteral("restorePlanTable"));
    table_->setHorizontalHeaderLabels(
        {tr("#"), tr("Type"), tr("Restore point"), tr("Pages"), tr("Stored"), tr("Backup ID")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    layout->addWidget(table_, 1);
    estimate_ = new QLabel;
    estimate_->setObjectName(QStringLiteral("restoreEstimate"));
    estimate_->setWordWrap(true);
    layout->addWidget(estimate_);
    auto* show = new QPushButton(tr("Show command"));
    show->setObjectName(QStringLiteral("showCommandButton"));
    command_ = new QPlainTextEdit;
    command_->setObjectName(QStringLiteral("restoreCommandText"));
    command_->setReadOnly(true);
    command_->setMaximumHeight(70);
    command_->hide();
    connect(show, &QPushButton::clicked, this, [this] {
        command_->setPlainText(wizard_->commandLine());
        command_->show();
    });
    layout->addWidget(show, 0, Qt::AlignLeft);
    layout->addWidget(command_);
    setButtonText(QWizard::NextButton, tr("Restore"));
}

void PlanGridPage::initializePage() {
    const RestorePlan& plan = wizard_->preparePlan();
    table_->setRowCount(0);
    command_->hide();
    planned_ = plan.restorable();
    emit completeChanged();
    if (!planned_) {
        estimate_->setText(userMessage(plan.refusal));
        return;
    }
    for (const BackupInfo& b : plan.chain) {
        int row = table_->rowCount();
        table_->insertRow(row);
        auto set = [&](int column, const QString& text, bool right = false) {
            auto* item = new QTableWidgetItem(text);
            if (right)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(row, column, item);
        };
        set(0, QString::number(row + 1), true);
        set(1, backupTypeName(b.type));
        set(2, formatTime(b.snapshotMs));
        set(3, humanBytes(b.logicalBytes), true);
        set(4, humanBytes(b.storedBytes), true);
        set(5, b.id);
    }
    table_->resizeColumnsToContents();
    const BackupInfo& last = plan.chain.last();
    const qint64 size = qint64(last.pageCount) * last.pageSize;
    const QString unsealed = plan.segments > 0
                                 ? tr(", with %1 log segment(s) not yet sealed").arg(plan.segments)
                                 : QString();
    // About 300 MiB/s rebuild plus verification on a two-core machine (docs/performance.md).
    estimate_->setText(tr("Restores %1%2 from %3 backup(s) holding %4, read from the %5 "
                          "location (%6); a %7 database, estimated time about %8 s.")
                           .arg(plan.describeState(), unsealed)
                           .arg(plan.chain.size())
                           .arg(humanBytes(plan.bytesToRead), restoreLocationName(plan.location),
                                plan.locationRoot, humanBytes(size))
                           .arg(std::max<qint64>(1, size / (300 << 20))));
}

// --- run -------------------------------------------------------------------------------------

RunProgressPage::RunProgressPage(RestoreWizard* wizard) : wizard_(wizard) {
    setTitle(tr("Restoring"));
    setSubTitle(tr("Pages are read, authenticated and checked, written into a temporary file, "
                   "verified, and only then renamed to the target."));
    auto* layout = new QVBoxLayout(this);
    progress_ = new QProgressBar;
    progress_->setObjectName(QStringLiteral("restoreProgress"));
    progress_->setRange(0, 1000);
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("restoreStatus"));
    status_->setWordWrap(true);
    cancel_ = new QPushButton(tr("Cancel restore"));
    cancel_->setObjectName(QStringLiteral("cancelRestoreButton"));
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(cancel_, 0, Qt::AlignLeft);
    layout->addStretch();
    connect(cancel_, &QPushButton::clicked, this, [this] {
        if (auto job = wizard_->job())
            job->context.cancel();
    });
    timer_.setInterval(100);
    connect(&timer_, &QTimer::timeout, this, &RunProgressPage::poll);
}

void RunProgressPage::initializePage() {
    wizard_->startRestore();
    timer_.start();
    poll();
}

int RunProgressPage::nextId() const {
    auto job = wizard_->job();
    return finished_ && job && job->status.isOk() ? RestoreWizard::DonePage : -1;
}

void RunProgressPage::poll() {
    auto job = wizard_->job();
    if (!job)
        return;
    progress_->setValue(int(job->context.progress() * 1000));
    status_->setText(job->context.cancelled() ? tr("Cancelling...") : job->context.stage());
    if (job->done.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    timer_.stop();
    finished_ = true;
    cancel_->hide();
    emit completeChanged();
    if (job->status.isOk()) {
        progress_->setValue(1000);
        wizard_->next();
        return;
    }
    status_->setText(job->status.isCancelled()
                         ? tr("The restore was cancelled; nothing was left behind.")
                         : tr("The restore did not complete: %1").arg(userMessage(job->status)));
    status_->setStyleSheet(QStringLiteral("color: #c62828"));
}

// --- done ------------------------------------------------------------------------------------

DoneResultPage::DoneResultPage(RestoreWizard* wizard) : wizard_(wizard) {
    setTitle(tr("Restored"));
    auto* layout = new QVBoxLayout(this);
    text_ = new QLabel;
    text_->setObjectName(QStringLiteral("restoreDoneText"));
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::RichText);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(text_);
    stretch_ = new ReauthorizePanel(wizard->session());
    stretch_->setObjectName(QStringLiteral("restoreReauthorize"));
    layout->addWidget(stretch_);
    open_ = new QPushButton(tr("Open folder"));
    open_->setObjectName(QStringLiteral("openFolderButton"));
    layout->addWidget(open_, 0, Qt::AlignLeft);
    layout->addStretch();
    connect(open_, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(
            QUrl::fromLocalFile(QFileInfo(wizard_->targetFile()).absolutePath()));
    });
}

void DoneResultPage::initializePage() {
    const auto result = wizard_->result();
    if (!result)
        return;
    const RestoreOutcome& r = result->outcome;
    const bool ok = r.integrity == QStringLiteral("ok");
    const QString hash = r.applied.isEmpty() ? QString() : r.applied.last().logicalHash;
    const QString mark = ok ? QStringLiteral("<span style='color:#2e7d32'>&#10004;</span> ")
                            : QStringLiteral("<span style='color:#c62828'>&#10008;</span> ");
    text_->setText(
        tr("<p><b>%1</b> is registered and its file is <tt>%2</tt>.</p>"
           "<p>It holds the data as of <b>%3</b>, rebuilt from %4 backup(s) in %5 s and "
           "verified in %6 s.</p>"
           "<p>%7PRAGMA integrity_check: %8<br>%7Logical hash: %9</p>")
            .arg(result->newName.toHtmlEscaped(), r.file.toHtmlEscaped(),
                 formatTime(r.restoredToMs))
            .arg(r.applied.size())
            .arg(double(r.rebuildMs) / 1000.0, 0, 'f', 2)
            .arg(double(r.verifyMs) / 1000.0, 0, 'f', 2)
            .arg(mark, ok ? tr("ok") : r.integrity.toHtmlEscaped(),
                 ok ? tr("matches the hash recorded at backup time (%1...)").arg(hash.left(16))
                    : tr("not confirmed")));
    stretch_->showDatabase(result->newName);
}

} // namespace tidemark
