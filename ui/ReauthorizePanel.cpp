#include "ReauthorizePanel.h"

#include "core/ErrorMessages.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <chrono>

namespace tidemark {

namespace {

struct EndpointChoice {
    Stretch::Endpoint endpoint;
    const char* objectName;
    const char* text;
};

const EndpointChoice kChoices[] = {
    {Stretch::Endpoint::WithCopy, "reauthorizeWithCopy",
     QT_TRANSLATE_NOOP("ReauthorizePanel",
                       "Link to a copy of the remote data: the source database keeps its "
                       "endpoint (use this while the source is still in service)")},
    {Stretch::Endpoint::TakeOver, "reauthorizeTakeOver",
     QT_TRANSLATE_NOOP("ReauthorizePanel",
                       "Take over the endpoint: the source database is unlinked until it is "
                       "reauthorized (use this when the copy replaces the source)")},
    {Stretch::Endpoint::Relink, "reauthorizeRelink",
     QT_TRANSLATE_NOOP("ReauthorizePanel",
                       "Link to the endpoint as it is (refused while another database is "
                       "linked to it)")},
};

} // namespace

ReauthorizePanel::ReauthorizePanel(WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    text_ = new QLabel;
    text_->setObjectName(QStringLiteral("reauthorizeText"));
    text_->setWordWrap(true);
    layout->addWidget(text_);

    form_ = new QWidget;
    auto* form = new QFormLayout(form_);
    form->setContentsMargins(0, 0, 0, 0);
    credential_ = new QLineEdit;
    credential_->setObjectName(QStringLiteral("reauthorizeCredential"));
    credential_->setToolTip(tr("A credential stored with 'tidemark-cli credential create'"));
    form->addRow(tr("Credential"), credential_);
    endpoint_ = new QButtonGroup(this);
    auto* choices = new QVBoxLayout;
    for (const EndpointChoice& c : kChoices) {
        auto* option = new QRadioButton(tr(c.text));
        option->setObjectName(QString::fromLatin1(c.objectName));
        endpoint_->addButton(option, int(c.endpoint));
        choices->addWidget(option);
    }
    form->addRow(tr("Endpoint"), choices);
    run_ = new QPushButton(tr("Reauthorize and reconcile"));
    run_->setObjectName(QStringLiteral("reauthorizeButton"));
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(run_);
    buttonRow->addStretch();
    form->addRow(QString(), buttonRow);
    layout->addWidget(form_);
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("reauthorizeStatus"));
    status_->setWordWrap(true);
    layout->addWidget(status_);

    connect(run_, &QPushButton::clicked, this, &ReauthorizePanel::start);
    connect(credential_, &QLineEdit::textChanged, this,
            [this](const QString& text) { run_->setEnabled(!text.trimmed().isEmpty() && !job_); });
    timer_.setInterval(100);
    connect(&timer_, &QTimer::timeout, this, &ReauthorizePanel::poll);
}

void ReauthorizePanel::showDatabase(const QString& database) {
    database_ = database;
    job_.reset();
    status_->clear();
    const auto status = session_.stretchStatus(database);
    needed_ = status && status->enabled && !status->linked;
    form_->setVisible(needed_);
    // The engine answers "not found" for a registered database without stretch tables.
    const bool none =
        status ? !status->enabled : status.status().isNotFound() && session_.findDatabase(database);
    if (!status && !none) {
        text_->setText(tr("Stretch tables: %1").arg(userMessage(status.status())));
        return;
    }
    if (none) {
        text_->setText(tr("%1 has no stretch tables: nothing to reauthorize.").arg(database));
        return;
    }
    QStringList tables;
    for (const StretchTableStatus& t : status->tables)
        tables << t.table;
    if (status->linked) {
        text_->setText(tr("The stretch tables of %1 (%2) are linked to their remote endpoint.")
                           .arg(database, tables.join(QStringLiteral(", "))));
        return;
    }
    text_->setText(tr("%1 has stretch tables (%2) that are not linked to a remote endpoint: "
                      "until they are, its queries see only the local rows and nothing "
                      "migrates. %3")
                       .arg(database, tables.join(QStringLiteral(", ")), status->note));
    credential_->setText(status->credential);
    // While the source of a restored copy is still protected, its endpoint stays its own.
    const bool sourceLive =
        !status->restoredFrom.isEmpty() && session_.findDatabase(status->restoredFrom).isOk();
    endpoint_->button(int(sourceLive ? Stretch::Endpoint::WithCopy : Stretch::Endpoint::Relink))
        ->setChecked(true);
    run_->setEnabled(!status->credential.isEmpty());
}

void ReauthorizePanel::start() {
    report_ = std::make_shared<ReconciliationReport>();
    job_ = session_.startStretchReauthorize(database_, credential_->text().trimmed(),
                                            Stretch::Endpoint(endpoint_->checkedId()), report_);
    run_->setEnabled(false);
    status_->setStyleSheet(QString());
    status_->setText(tr("Linking and reconciling..."));
    timer_.start();
}

void ReauthorizePanel::poll() {
    if (!job_ || job_->done.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    timer_.stop();
    if (!job_->status) {
        status_->setStyleSheet(QStringLiteral("color: #c62828"));
        status_->setText(tr("Not reauthorized: %1").arg(userMessage(job_->status)));
        job_.reset();
        run_->setEnabled(true);
        return;
    }
    needed_ = false;
    form_->hide();
    text_->setText(tr("%1 is linked to its remote endpoint again.").arg(database_));
    status_->setText(tr("Reconciliation %1: %2")
                         .arg(report_->state == QStringLiteral("completed")
                                  ? tr("completed")
                                  : tr("completed with losses"),
                              report_->message));
}

} // namespace tidemark
