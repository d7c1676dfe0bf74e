#include "IntegrityPage.h"

#include "DatabaseListModel.h"
#include "core/ErrorMessages.h"
#include "core/Units.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShowEvent>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tidemark {
namespace {
QTableWidget* makeTable(const char* name, const QStringList& headers) {
    auto* t = new QTableWidget(0, int(headers.size()));
    t->setObjectName(QString::fromLatin1(name));
    t->setHorizontalHeaderLabels(headers);
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    return t;
}
const QColor kGood(0x2e, 0x7d, 0x32);
const QColor kBad(0xc6, 0x28, 0x28);
} // namespace

IntegrityPage::IntegrityPage(WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), session_(session) {
    setObjectName(QStringLiteral("integrityPage"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("Quick verify reads every pack and manifest, authenticates each object (%1), "
           "decompresses it and checks every page against its address; bad copies are healed "
           "from good ones. A restore drill restores a random point into a scratch file and "
           "checks integrity_check, the logical hash and foreign keys; the agent runs one per "
           "database every week.")
            .arg(session.encrypted() ? tr("AES-256-GCM") : tr("SHA-256, vault NOT ENCRYPTED")));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* buttons = new QHBoxLayout;
    verify_ = new QPushButton(QIcon(QStringLiteral(":/icons/verify.svg")), tr("Verify now"));
    verify_->setObjectName(QStringLiteral("verifyNowButton"));
    verify_->setToolTip(tr("Quick verify of the whole vault, as a job"));
    drill_ = new QPushButton(QIcon(QStringLiteral(":/icons/drill.svg")), tr("Run restore drill"));
    drill_->setObjectName(QStringLiteral("runDrillButton"));
    drill_->setToolTip(tr("Restore drill of the selected database, as a job"));
    buttons->addWidget(verify_);
    buttons->addWidget(drill_);
    buttons->addStretch();
    layout->addLayout(buttons);
    result_ = new QLabel(tr("No verification or drill in this session yet."));
    result_->setObjectName(QStringLiteral("verifyResult"));
    result_->setWordWrap(true);
    layout->addWidget(result_);
    problems_ = new QListWidget;
    problems_->setObjectName(QStringLiteral("verifyProblems"));
    problems_->setMaximumHeight(80);
    problems_->hide();
    layout->addWidget(problems_);

    auto* split = new QSplitter(Qt::Vertical);
    databases_ = makeTable("integrityDatabases",
                           {tr("Database"), tr("Health"), tr("Last quick verify"),
                            tr("Objects checked"), tr("Problems"), tr("Healed"),
                            tr("Last restore drill"), tr("Drill result"), tr("Drills passed")});
    history_ = makeTable("verifyHistory", {tr("Started"), tr("Check"), tr("Scope"), tr("Outcome"),
                                           tr("Duration"), tr("Result")});
    auto* top = new QWidget;
    auto* tl = new QVBoxLayout(top);
    tl->setContentsMargins(0, 0, 0, 0);
    tl->addWidget(new QLabel(tr("<b>Per database</b>")));
    tl->addWidget(databases_);
    auto* bottom = new QWidget;
    auto* bl = new QVBoxLayout(bottom);
    bl->setContentsMargins(0, 0, 0, 0);
    bl->addWidget(new QLabel(tr("<b>History</b>")));
    bl->addWidget(history_);
    split->addWidget(top);
    split->addWidget(bottom);
    layout->addWidget(split, 1);

    connect(verify_, &QPushButton::clicked, this, &IntegrityPage::startVerify);
    connect(drill_, &QPushButton::clicked, this, [this] { startDrill(); });
    connect(&session_, &WorkspaceSession::jobFinished, this, [this](std::shared_ptr<Job> job) {
        if (job == job_)
            showResult();
    });
    connect(&session_, &WorkspaceSession::changed, this, &IntegrityPage::reloadWhenShown);
}

QStringList IntegrityPage::unusableBackups(const QString& uuid) const {
    QStringList ids;
    for (const BackupInfo& b : session_.backups(uuid)) {
        if (b.status == kUnusable)
            ids << b.id;
    }
    return ids;
}

QString IntegrityPage::selectedDatabase() const {
    int row = databases_->currentRow();
    if (row < 0 && databases_->rowCount() > 0)
        row = 0;
    return row < 0 ? QString() : databases_->item(row, 0)->text();
}

void IntegrityPage::startVerify() {
    report_ = std::make_shared<VerifyReport>();
    drillResult_.reset();
    job_ = session_.startVerify({}, report_);
    verify_->setEnabled(false);
    drill_->setEnabled(false);
    result_->setText(tr("Verifying the vault..."));
    result_->setStyleSheet(QString());
    problems_->clear();
    problems_->hide();
}

void IntegrityPage::startDrill(const QString& nameIn) {
    const QString name = nameIn.isEmpty() ? selectedDatabase() : nameIn;
    if (name.isEmpty())
        return;
    drillResult_ = std::make_shared<DrillResult>();
    report_.reset();
    job_ = session_.startDrill(name, drillResult_);
    verify_->setEnabled(false);
    drill_->setEnabled(false);
    result_->setText(tr("Restore drill of %1 running...").arg(name));
    result_->setStyleSheet(QString());
    problems_->clear();
    problems_->hide();
}

void IntegrityPage::showResult() {
    verify_->setEnabled(true);
    drill_->setEnabled(true);
    if (job_->status.isCancelled()) {
        result_->setText(tr("Cancelled."));
        return;
    }
    bool good = job_->status.isOk();
    if (report_) {
        const QString healed = report_->healed.isEmpty()
                                   ? QString()
                                   : tr("; %n damaged object(s) healed from intact copies", nullptr,
                                        int(report_->healed.size()));
        result_->setText(
            report_->ok() ? tr("OK%1: %2 packs, %3 segments, %4 pages and %5 manifests checked; "
                               "every object authenticated and every checksum matched%6.")
                                .arg(report_->healed.isEmpty() ? QString() : tr(" after healing"))
                                .arg(report_->packs)
                                .arg(report_->segments)
                                .arg(report_->blobs)
                                .arg(report_->manifests)
                                .arg(healed)
                          : tr("%1 problems found; affected backups: %2%3")
                                .arg(report_->problems.size())
                                .arg(report_->affectedBackups.join(u", "))
                                .arg(healed));
        good = report_->ok();
        problems_->addItems(report_->problems);
        for (const HealedObject& h : report_->healed)
            problems_->addItem(tr("healed %1 (%2)").arg(h.describe(), h.kind));
        if (!report_->intactAgain.isEmpty())
            problems_->addItem(
                tr("intact again, restore points again: %1").arg(report_->intactAgain.join(u", ")));
        problems_->setVisible(problems_->count() > 0);
    } else if (drillResult_) {
        result_->setText(
            job_->status.isOk()
                ? tr("OK: restore drill of %1 restored %2 and passed in %3 s: %4")
                      .arg(drillResult_->database, formatTime(drillResult_->restoredToMs))
                      .arg(double(drillResult_->durationMs) / 1000.0, 0, 'f', 1)
                      .arg(drillResult_->message)
                : tr("The restore drill failed: %1").arg(userMessage(job_->status)));
    }
    result_->setStyleSheet(good ? QStringLiteral("color: #2e7d32")
                                : QStringLiteral("color: #c62828"));
}

void IntegrityPage::reloadWhenShown() {
    if (isVisible())
        reload();
    else
        stale_ = true;
}

void IntegrityPage::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    if (stale_)
        reload();
}

namespace {
// The problems a verification of one database recorded, for its row.
QString userFacingProblems(const QJsonObject& result) {
    QStringList problems;
    for (const QJsonValue& p : result.value(QStringLiteral("problems")).toArray())
        problems << p.toString();
    return problems.isEmpty() ? QObject::tr("failed") : problems.join(QStringLiteral("; "));
}
} // namespace

void IntegrityPage::reload() {
    stale_ = false;
    const QString selected = selectedDatabase();
    const qint64 now = session_.nowMs();
    const QList<JobInfo> jobs = session_.jobRecords(500);
    QHash<QString, DatabaseHealth> health;
    for (const DatabaseHealth& h : session_.health())
        health.insert(h.uuid, h);
    databases_->setRowCount(0);
    for (const DatabaseInfo& d : session_.databases()) {
        int row = databases_->rowCount();
        databases_->insertRow(row);
        auto set = [&](int column, const QString& text, const QColor& color = {}) {
            auto* item = new QTableWidgetItem(text);
            if (color.isValid())
                item->setForeground(color);
            databases_->setItem(row, column, item);
        };
        set(0, d.name);
        // The engine's verdict, the same one the overview and the tray show.
        const DatabaseHealth verdict = health.value(d.uuid);
        QStringList why;
        for (const HealthReason& reason : verdict.reasons)
            why << reason.message;
        set(1, DatabaseListModel::healthText(verdict.state),
            verdict.state == HealthState::Protected ? kGood : kBad);
        if (auto* item = databases_->item(row, 1))
            item->setToolTip(why.join(QLatin1Char('\n')));
        const JobInfo* verify = nullptr;
        for (const JobInfo& j : jobs) {
            if (j.kind == QStringLiteral("verify") && j.status != QStringLiteral("running") &&
                (j.target == d.name || j.target == QStringLiteral("all"))) {
                verify = &j;
                break;
            }
        }
        if (verify) {
            // The job's structured result, never its text: what was checked (for a whole-vault
            // run, the vault), and what this database lost.
            const QJsonObject r = verify->result;
            const bool ok = verify->status == QStringLiteral("succeeded");
            set(2, tr("%1 (%2)").arg(humanAge(now - verify->startMs), verify->status),
                ok ? kGood : kBad);
            if (!r.isEmpty()) {
                const QString checked =
                    tr("%1 packs, %2 manifests, %3 pages")
                        .arg(r.value(QStringLiteral("packs")).toInt())
                        .arg(r.value(QStringLiteral("manifests")).toInt())
                        .arg(qint64(r.value(QStringLiteral("pages")).toDouble()));
                set(3, verify->target == QStringLiteral("all") ? tr("whole vault: %1").arg(checked)
                                                               : checked);
                set(5, tr("%n healed", nullptr,
                          int(r.value(QStringLiteral("healed")).toArray().size())));
            }
            const QStringList lost = unusableBackups(d.uuid);
            if (!lost.isEmpty())
                set(4,
                    tr("%n backup(s) unusable: %1", nullptr, int(lost.size()))
                        .arg(lost.join(u", ")),
                    kBad);
            else if (ok || verify->target != d.name)
                set(4, tr("none in this database"));
            else
                set(4, userFacingProblems(r), kBad);
        } else {
            set(2, tr("never"));
        }
        const QList<DrillInfo> drills = session_.drills(d.uuid);
        if (!drills.isEmpty()) {
            const DrillInfo& last = drills.first();
            set(6, tr("%1, point %2").arg(humanAge(now - last.atMs), formatTime(last.pointMs)));
            set(7, last.passed ? tr("passed") : tr("FAILED: %1").arg(last.message),
                last.passed ? kGood : kBad);
            int passed = 0;
            for (const DrillInfo& di : drills)
                passed += di.passed ? 1 : 0;
            set(8, tr("%1 of %2").arg(passed).arg(drills.size()));
        } else {
            set(6, tr("none yet"));
        }
        if (d.name == selected)
            databases_->selectRow(row);
    }
    databases_->resizeColumnsToContents();

    history_->setRowCount(0);
    for (const JobInfo& j : jobs) {
        if (j.kind != QStringLiteral("verify") && j.kind != QStringLiteral("drill"))
            continue;
        int row = history_->rowCount();
        history_->insertRow(row);
        history_->setItem(row, 0, new QTableWidgetItem(formatTime(j.startMs)));
        history_->setItem(row, 1,
                          new QTableWidgetItem(j.kind == QStringLiteral("drill")
                                                   ? tr("restore drill")
                                                   : tr("quick verify")));
        history_->setItem(row, 2, new QTableWidgetItem(j.target));
        auto* outcome = new QTableWidgetItem(j.status);
        outcome->setForeground(j.status == QStringLiteral("succeeded") ? kGood : kBad);
        history_->setItem(row, 3, outcome);
        history_->setItem(row, 4,
                          new QTableWidgetItem(
                              j.endMs >= 0
                                  ? tr("%1 s").arg(double(j.endMs - j.startMs) / 1000.0, 0, 'f', 1)
                                  : QString()));
        history_->setItem(row, 5, new QTableWidgetItem(j.message));
    }
    history_->resizeColumnsToContents();
}

} // namespace tidemark
