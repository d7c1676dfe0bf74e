#include "RestoreWizard.h"

#include "RestoreWizardPages.h"

namespace tidemark {

RestoreWizard::RestoreWizard(WorkspaceSession& session, const QString& databaseName, qint64 pointMs,
                             QWidget* parent)
    : QWizard(parent), session_(session) {
    setObjectName(QStringLiteral("restoreWizard"));
    setWindowTitle(tr("Restore %1").arg(databaseName));
    setWindowIcon(QIcon(QStringLiteral(":/icons/restore.svg")));
    auto db = session.findAnyDatabase(databaseName);
    if (db)
        database_ = *db;
    setPage(SourcePage, new SourceKindPage(this));
    setPage(PointPage, new PointChoicePage(this, pointMs));
    setPage(TargetPage, new TargetChoicePage(this));
    setPage(PlanPage, new PlanGridPage(this));
    setPage(RunPage, new RunProgressPage(this));
    setPage(DonePage, new DoneResultPage(this));
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setOption(QWizard::HaveHelpButton, false);
    setWizardStyle(QWizard::ModernStyle);
    resize(820, 600);
}

RestoreWizard::Kind RestoreWizard::kind() const {
    return static_cast<SourceKindPage*>(page(SourcePage))->kind();
}

bool RestoreWizard::setKind(Kind kind) {
    return static_cast<SourceKindPage*>(page(SourcePage))->select(kind);
}

QString RestoreWizard::whyNot(Kind kind) const {
    return static_cast<SourceKindPage*>(page(SourcePage))->whyNot(kind);
}

QString RestoreWizard::ltrId() const {
    const QString selected = static_cast<PointChoicePage*>(page(PointPage))->ltrId();
    return selected.isEmpty() ? ltrId_ : selected;
}

qint64 RestoreWizard::pointMs() const {
    return static_cast<PointChoicePage*>(page(PointPage))->pointMs();
}

QString RestoreWizard::newName() const {
    return static_cast<TargetChoicePage*>(page(TargetPage))->name();
}

QString RestoreWizard::targetFile() const {
    return static_cast<TargetChoicePage*>(page(TargetPage))->file();
}

RestoreRequest RestoreWizard::request() const {
    using Source = RestoreRequest::Source;
    RestoreRequest request;
    request.database = database_.name;
    switch (kind()) {
    case Kind::PointInTime:
        request.source = Source::PointInTime;
        request.pointMs = pointMs();
        break;
    case Kind::Deleted:
        request.source = Source::Dropped;
        request.pointMs = pointMs();
        break;
    case Kind::Geo:
        request.source = Source::Geo;
        break;
    case Kind::Ltr:
        request.source = Source::Ltr;
        request.ltrId = ltrId();
        break;
    }
    request.newName = newName();
    request.file = targetFile();
    return request;
}

RestorePlan RestoreWizard::plan() const {
    return session_.restorePlan(request());
}

const RestorePlan& RestoreWizard::preparePlan() {
    planned_ = plan();
    return *planned_;
}

QString RestoreWizard::commandLine() const {
    auto quote = [](const QString& s) {
        QString q = s;
        q.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
        return QLatin1Char('\'') + q + QLatin1Char('\'');
    };
    QString source;
    switch (kind()) {
    case Kind::PointInTime:
        source = QStringLiteral("--to %1").arg(formatTime(pointMs()));
        break;
    case Kind::Deleted:
        source = QStringLiteral("--deleted --to %1").arg(formatTime(pointMs()));
        break;
    case Kind::Geo:
        source = QStringLiteral("--geo");
        break;
    case Kind::Ltr:
        source = QStringLiteral("--ltr %1").arg(ltrId());
        break;
    }
    return QStringLiteral("tidemark-cli --workspace %1 restore %2 %3 --as %4 --file %5")
        .arg(quote(session_.dir()), quote(database_.name), source, quote(newName()),
             quote(targetFile()));
}

void RestoreWizard::startRestore() {
    if (job_)
        return;
    result_ = std::make_shared<WorkspaceSession::RestoreResult>();
    job_ = session_.startRestore(planned_ ? *planned_ : plan(), result_);
}

} // namespace tidemark
