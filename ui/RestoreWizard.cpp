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
    return static_cast<PointChoicePage*>(page(PointPage))->ltrId();
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

Result<QList<BackupInfo>> RestoreWizard::plan() const {
    auto& session = const_cast<WorkspaceSession&>(session_);
    switch (kind()) {
    case Kind::Ltr: {
        for (const LtrInfo& l : session.catalog().ltrBackups(database_.uuid)) {
            if (l.id != ltrId())
                continue;
            BackupInfo full;
            full.id = l.id;
            full.type = BackupType::Full;
            full.snapshotMs = l.snapshotMs;
            full.pageSize = l.pageSize;
            full.pageCount = l.pageCount;
            full.logicalBytes = qint64(l.pageCount) * l.pageSize;
            full.storedBytes = l.storedBytes;
            full.logicalHash = l.logicalHash;
            return QList<BackupInfo>{full};
        }
        return Status::notFound(tr("Choose a long-term copy."));
    }
    case Kind::Geo:
        return RestorePlanner(session.replicatedBackups(database_.uuid)).planAt(pointMs());
    case Kind::PointInTime:
    case Kind::Deleted:
        break;
    }
    return session.planRestore(database_.uuid, pointMs());
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
        .arg(quote(const_cast<RestoreWizard*>(this)->session_.workspace().dir()),
             quote(database_.name), source, quote(newName()), quote(targetFile()));
}

void RestoreWizard::startRestore() {
    if (job_)
        return;
    result_ = std::make_shared<WorkspaceSession::RestoreResult>();
    WorkspaceSession::RestoreRequest request;
    request.kind = kind();
    request.database = database_.name;
    request.pointMs = pointMs();
    request.ltrId = ltrId();
    request.newName = newName();
    request.file = targetFile();
    job_ = session_.startRestore(request, result_);
}

} // namespace tidemark
