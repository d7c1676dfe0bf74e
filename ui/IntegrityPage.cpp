#include "IntegrityPage.h"

#include "ErrorMessages.h"

#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tidemark {

IntegrityPage::IntegrityPage(WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), session_(session) {
    setObjectName(QStringLiteral("integrityPage"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("Quick verify reads every pack and manifest in the vault, authenticates each object "
           "(%1), decompresses it and checks every page against its address. Restore drills "
           "(a restore checked with integrity_check and the logical hash) run with every "
           "restore; scheduled drills arrive with the integrity work.")
            .arg(session.encrypted() ? tr("AES-256-GCM") : tr("SHA-256, vault NOT ENCRYPTED")));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    verify_ = new QPushButton(tr("Verify now"));
    verify_->setObjectName(QStringLiteral("verifyNowButton"));
    layout->addWidget(verify_, 0, Qt::AlignLeft);
    result_ = new QLabel(tr("No verification in this session yet."));
    result_->setObjectName(QStringLiteral("verifyResult"));
    result_->setWordWrap(true);
    layout->addWidget(result_);
    problems_ = new QListWidget;
    problems_->setObjectName(QStringLiteral("verifyProblems"));
    problems_->setMaximumHeight(120);
    layout->addWidget(problems_);
    layout->addWidget(new QLabel(tr("History")));
    history_ = new QTableWidget(0, 4);
    history_->setObjectName(QStringLiteral("verifyHistory"));
    history_->setHorizontalHeaderLabels({tr("Started"), tr("Scope"), tr("Outcome"), tr("Result")});
    history_->horizontalHeader()->setStretchLastSection(true);
    history_->verticalHeader()->hide();
    history_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(history_);
    connect(verify_, &QPushButton::clicked, this, &IntegrityPage::startVerify);
    connect(&session_, &WorkspaceSession::jobFinished, this, [this](std::shared_ptr<Job> job) {
        if (job == job_)
            showResult();
    });
    connect(&session_, &WorkspaceSession::changed, this, &IntegrityPage::reloadHistory);
    reloadHistory();
}

void IntegrityPage::startVerify() {
    report_ = std::make_shared<VerifyReport>();
    job_ = session_.startVerify({}, report_);
    verify_->setEnabled(false);
    result_->setText(tr("Verifying..."));
    problems_->clear();
}

void IntegrityPage::showResult() {
    verify_->setEnabled(true);
    if (job_->status.isCancelled()) {
        result_->setText(tr("Verification cancelled."));
        return;
    }
    result_->setText(report_->ok()
                         ? tr("OK: %1 packs, %2 segments, %3 pages and %4 manifests checked; "
                              "every object authenticated and every checksum matched.")
                               .arg(report_->packs)
                               .arg(report_->segments)
                               .arg(report_->blobs)
                               .arg(report_->manifests)
                         : tr("%1 problems found; affected backups: %2")
                               .arg(report_->problems.size())
                               .arg(report_->affectedBackups.join(u", ")));
    result_->setStyleSheet(report_->ok() ? QStringLiteral("color: #2e7d32")
                                         : QStringLiteral("color: #c62828"));
    problems_->addItems(report_->problems);
}

void IntegrityPage::reloadHistory() {
    history_->setRowCount(0);
    for (const JobInfo& j : session_.catalog().jobs(300)) {
        if (j.kind != QStringLiteral("verify"))
            continue;
        int row = history_->rowCount();
        history_->insertRow(row);
        history_->setItem(row, 0, new QTableWidgetItem(formatTime(j.startMs)));
        history_->setItem(row, 1, new QTableWidgetItem(j.target));
        history_->setItem(row, 2, new QTableWidgetItem(j.status));
        history_->setItem(row, 3, new QTableWidgetItem(j.message));
    }
}

} // namespace tidemark
