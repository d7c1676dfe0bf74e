#include "RestoreWizard.h"

#include "ErrorMessages.h"
#include "Names.h"
#include "TimelineWidget.h"
#include "Units.h"

#include <QButtonGroup>
#include <QDateTimeEdit>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTableWidget>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace tidemark {
namespace {

QDateTime utc(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

class SourceKindPage : public QWizardPage {
public:
    explicit SourceKindPage(RestoreWizard* wizard) {
        setTitle(tr("What to restore"));
        setSubTitle(tr("Restore %1 into a new database; the original is never touched.")
                        .arg(wizard->database().name));
        auto* layout = new QVBoxLayout(this);
        auto* pit = new QRadioButton(tr("A point in time inside the restore window"));
        pit->setObjectName(QStringLiteral("sourcePointInTime"));
        pit->setChecked(true);
        layout->addWidget(pit);
        struct Disabled {
            const char* name;
            QString text;
            QString why;
        };
        const Disabled disabled[] = {
            {"sourceDeleted", tr("A dropped database"),
             tr("this database is not dropped; dropped databases are listed on their own")},
            {"sourceGeo", tr("Geo-restore from the secondary copy"),
             tr("geo-restore needs GRS or GZRS redundancy; this workspace keeps one location "
                "(LRS)")},
            {"sourceLtr", tr("A long-term retention backup"),
             tr("no long-term retention policy is set, so there are no LTR backups")},
        };
        for (const Disabled& d : disabled) {
            auto* option = new QRadioButton(d.text);
            option->setObjectName(QString::fromLatin1(d.name));
            option->setEnabled(false);
            option->setToolTip(d.why);
            layout->addWidget(option);
            auto* reason = new QLabel(QStringLiteral("    ") + d.why);
            reason->setEnabled(false);
            reason->setWordWrap(true);
            layout->addWidget(reason);
        }
        layout->addStretch();
    }
};

class PointPage : public QWizardPage {
public:
    PointPage(RestoreWizard* wizard, qint64 initialMs) : wizard_(wizard) {
        setTitle(tr("Restore point"));
        RestoreWindow w = wizard->session().window(wizard->database().uuid);
        window_ = w;
        setSubTitle(w.empty() ? tr("There is no full backup yet: nothing can be restored.")
                              : tr("Any instant from %1 to %2 (UTC). The restore takes the "
                                   "last backup at or before it.")
                                    .arg(formatTime(w.earliestMs), formatTime(w.latestMs)));
        auto* layout = new QVBoxLayout(this);
        edit_ = new QDateTimeEdit;
        edit_->setObjectName(QStringLiteral("restorePointEdit"));
        edit_->setTimeSpec(Qt::UTC);
        edit_->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'"));
        edit_->setCalendarPopup(true);
        if (!w.empty()) {
            edit_->setDateTimeRange(utc(w.earliestMs), utc(w.latestMs));
            edit_->setDateTime(
                utc(std::clamp(initialMs < 0 ? w.latestMs : initialMs, w.earliestMs, w.latestMs)));
        }
        layout->addWidget(edit_);
        timeline_ = new TimelineWidget;
        timeline_->setObjectName(QStringLiteral("wizardTimeline"));
        TimelineData lanes;
        lanes.setBackups(wizard->session().backups(wizard->database().uuid));
        timeline_->setData(lanes);
        timeline_->setCursorMs(edit_->dateTime().toMSecsSinceEpoch());
        layout->addWidget(timeline_);
        chosen_ = new QLabel;
        chosen_->setObjectName(QStringLiteral("restorePointBackup"));
        layout->addWidget(chosen_);
        connect(edit_, &QDateTimeEdit::dateTimeChanged, this, [this](const QDateTime& dt) {
            timeline_->setCursorMs(dt.toMSecsSinceEpoch());
            describe();
        });
        connect(timeline_, &TimelineWidget::cursorMoved, this, [this](qint64 ms) {
            if (edit_->dateTime().toMSecsSinceEpoch() != ms)
                edit_->setDateTime(utc(ms));
        });
        describe();
    }
    bool isComplete() const override { return !window_.empty(); }
    qint64 pointMs() const { return edit_->dateTime().toMSecsSinceEpoch(); }

private:
    void describe() {
        auto plan = wizard_->session().planRestore(wizard_->database().uuid, pointMs());
        chosen_->setText(
            plan ? tr("Restores the state captured at %1.").arg(formatTime(plan->last().snapshotMs))
                 : userMessage(plan.status()));
    }
    RestoreWizard* wizard_;
    RestoreWindow window_;
    QDateTimeEdit* edit_;
    TimelineWidget* timeline_;
    QLabel* chosen_;
};

class TargetPage : public QWizardPage {
public:
    explicit TargetPage(RestoreWizard* wizard) : wizard_(wizard) {
        setTitle(tr("New database"));
        setSubTitle(tr("A restore always creates a new file and registers it under a new name."));
        auto* form = new QFormLayout(this);
        name_ = new QLineEdit(wizard->database().name + QStringLiteral("_restored"));
        name_->setObjectName(QStringLiteral("restoreNameEdit"));
        QFileInfo source(wizard->database().file);
        file_ = new QLineEdit(source.absolutePath() + QLatin1Char('/') + source.completeBaseName() +
                              QStringLiteral("-restored.db"));
        file_->setObjectName(QStringLiteral("restoreFileEdit"));
        problem_ = new QLabel;
        problem_->setObjectName(QStringLiteral("restoreTargetProblem"));
        problem_->setStyleSheet(QStringLiteral("color: #c62828"));
        problem_->setWordWrap(true);
        form->addRow(tr("Name"), name_);
        form->addRow(tr("File"), file_);
        form->addRow(tr("Redundancy"), new QLabel(tr("LRS (the workspace's only location)")));
        form->addRow(problem_);
        connect(name_, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
        connect(file_, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    }
    QString problem() const {
        Status valid = validateDatabaseName(name_->text());
        if (!valid)
            return valid.message();
        if (wizard_->session().catalog().findDatabase(name_->text()))
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
    bool isComplete() const override {
        QString why = problem();
        problem_->setText(why);
        return why.isEmpty();
    }
    QString name() const { return name_->text(); }
    QString file() const { return QFileInfo(file_->text()).absoluteFilePath(); }

private:
    RestoreWizard* wizard_;
    QLineEdit* name_;
    QLineEdit* file_;
    QLabel* problem_;
};

class PlanPage : public QWizardPage {
public:
    explicit PlanPage(RestoreWizard* wizard) : wizard_(wizard) {
        setTitle(tr("Restore plan"));
        setSubTitle(tr("These backups are applied in order; the result is checked with "
                       "PRAGMA integrity_check and the logical hash recorded at backup time."));
        auto* layout = new QVBoxLayout(this);
        table_ = new QTableWidget(0, 5);
        table_->setObjectName(QStringLiteral("restorePlanTable"));
        table_->setHorizontalHeaderLabels(
            {tr("Type"), tr("Restore point"), tr("Pages"), tr("Stored"), tr("Backup ID")});
        table_->horizontalHeader()->setStretchLastSection(true);
        table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
        layout->addWidget(table_);
        estimate_ = new QLabel;
        layout->addWidget(estimate_);
        auto* show = new QPushButton(tr("Show command"));
        show->setObjectName(QStringLiteral("showCommandButton"));
        command_ = new QPlainTextEdit;
        command_->setObjectName(QStringLiteral("restoreCommandText"));
        command_->setReadOnly(true);
        command_->setMaximumHeight(60);
        command_->hide();
        connect(show, &QPushButton::clicked, this, [this] {
            command_->setPlainText(wizard_->commandLine());
            command_->show();
        });
        layout->addWidget(show, 0, Qt::AlignLeft);
        layout->addWidget(command_);
        setButtonText(QWizard::NextButton, tr("Restore"));
    }
    void initializePage() override {
        auto plan = wizard_->session().planRestore(wizard_->database().uuid, wizard_->pointMs());
        table_->setRowCount(0);
        if (!plan) {
            estimate_->setText(userMessage(plan.status()));
            return;
        }
        qint64 bytes = 0;
        for (const BackupInfo& b : *plan) {
            int row = table_->rowCount();
            table_->insertRow(row);
            table_->setItem(row, 0, new QTableWidgetItem(backupTypeName(b.type)));
            table_->setItem(row, 1, new QTableWidgetItem(formatTime(b.snapshotMs)));
            table_->setItem(row, 2, new QTableWidgetItem(humanBytes(b.logicalBytes)));
            table_->setItem(row, 3, new QTableWidgetItem(humanBytes(b.storedBytes)));
            table_->setItem(row, 4, new QTableWidgetItem(b.id));
            bytes += b.logicalBytes;
        }
        const BackupInfo& last = plan->last();
        qint64 size = qint64(last.pageCount) * last.pageSize;
        // About 0.6 GB/s rebuild plus verification on a two-core machine (docs/performance.md).
        estimate_->setText(tr("Restores a %1 database from %2 of backups; estimated time about "
                              "%3 s.")
                               .arg(humanBytes(size), humanBytes(bytes))
                               .arg(std::max<qint64>(1, size / (300 << 20))));
    }

private:
    RestoreWizard* wizard_;
    QTableWidget* table_;
    QLabel* estimate_;
    QPlainTextEdit* command_;
};

class RunPage : public QWizardPage {
public:
    explicit RunPage(RestoreWizard* wizard) : wizard_(wizard) {
        setTitle(tr("Restoring"));
        auto* layout = new QVBoxLayout(this);
        progress_ = new QProgressBar;
        progress_->setObjectName(QStringLiteral("restoreProgress"));
        progress_->setRange(0, 1000);
        status_ = new QLabel;
        status_->setObjectName(QStringLiteral("restoreStatus"));
        status_->setWordWrap(true);
        cancel_ = new QPushButton(tr("Cancel restore"));
        cancel_->setObjectName(QStringLiteral("cancelRestoreButton"));
        open_ = new QPushButton(tr("Open folder"));
        open_->setObjectName(QStringLiteral("openFolderButton"));
        open_->hide();
        layout->addWidget(progress_);
        layout->addWidget(status_);
        layout->addWidget(cancel_, 0, Qt::AlignLeft);
        layout->addWidget(open_, 0, Qt::AlignLeft);
        layout->addStretch();
        connect(cancel_, &QPushButton::clicked, this, [this] {
            if (auto job = wizard_->job())
                job->context.cancel();
        });
        connect(open_, &QPushButton::clicked, this, [this] {
            QDesktopServices::openUrl(
                QUrl::fromLocalFile(QFileInfo(wizard_->targetFile()).absolutePath()));
        });
        timer_.setInterval(100);
        connect(&timer_, &QTimer::timeout, this, &RunPage::poll);
    }
    void initializePage() override {
        wizard_->startRestore();
        timer_.start();
        poll();
    }
    bool isComplete() const override { return finished_; }

private:
    void poll() {
        auto job = wizard_->job();
        if (!job)
            return;
        progress_->setValue(int(job->context.progress() * 1000));
        status_->setText(job->context.stage());
        if (job->done.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return;
        timer_.stop();
        finished_ = true;
        cancel_->hide();
        if (job->status.isOk()) {
            const auto& r = wizard_->result()->outcome;
            progress_->setValue(1000);
            status_->setText(tr("Restored as %1 into %2, as of %3.\nIntegrity check: %4; "
                                "logical hash matches the one recorded at backup time.")
                                 .arg(wizard_->result()->newName, r.file,
                                      formatTime(r.restoredToMs), r.integrity));
            open_->show();
        } else {
            status_->setText(tr("The restore did not complete: %1").arg(userMessage(job->status)));
        }
        emit completeChanged();
    }
    RestoreWizard* wizard_;
    QProgressBar* progress_;
    QLabel* status_;
    QPushButton* cancel_;
    QPushButton* open_;
    QTimer timer_;
    bool finished_ = false;
};

} // namespace

RestoreWizard::RestoreWizard(WorkspaceSession& session, const QString& databaseName, qint64 pointMs,
                             QWidget* parent)
    : QWizard(parent), session_(session), initialPointMs_(pointMs) {
    setObjectName(QStringLiteral("restoreWizard"));
    setWindowTitle(tr("Restore %1").arg(databaseName));
    auto db = session.catalog().findDatabase(databaseName);
    if (db)
        database_ = *db;
    setPage(SourcePage, new SourceKindPage(this));
    setPage(PointPage, new tidemark::PointPage(this, pointMs));
    setPage(TargetPage, new tidemark::TargetPage(this));
    setPage(PlanPage, new tidemark::PlanPage(this));
    setPage(RunPage, new tidemark::RunPage(this));
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    resize(760, 560);
}

qint64 RestoreWizard::pointMs() const {
    return static_cast<tidemark::PointPage*>(page(PointPage))->pointMs();
}
QString RestoreWizard::newName() const {
    return static_cast<tidemark::TargetPage*>(page(TargetPage))->name();
}
QString RestoreWizard::targetFile() const {
    return static_cast<tidemark::TargetPage*>(page(TargetPage))->file();
}

QString RestoreWizard::commandLine() const {
    auto quote = [](const QString& s) {
        QString q = s;
        q.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
        return QLatin1Char('\'') + q + QLatin1Char('\'');
    };
    return QStringLiteral("tidemark-cli --workspace %1 restore %2 --to %3 --as %4 --file %5")
        .arg(quote(const_cast<RestoreWizard*>(this)->session_.workspace().dir()),
             quote(database_.name), formatTime(pointMs()), quote(newName()), quote(targetFile()));
}

void RestoreWizard::startRestore() {
    if (job_)
        return;
    result_ = std::make_shared<WorkspaceSession::RestoreResult>();
    job_ = session_.startRestore(database_.name, pointMs(), newName(), targetFile(), result_);
}

} // namespace tidemark
