// WorkspaceSession's reads: plain data from the workspace and the GUI thread's catalog
// connection, so the widgets never hold an engine object.
#include "WorkspaceSession.h"

#include "billing/Consumption.h"

namespace tidemark {

const QString& WorkspaceSession::dir() const {
    return workspace_->dir();
}

QString WorkspaceSession::vaultRoot() const {
    return workspace_->vault().root();
}

bool WorkspaceSession::encrypted() const {
    return workspace_->vault().encrypted();
}

const RedundancyConfig& WorkspaceSession::redundancy() const {
    return workspace_->redundancy();
}

const QString& WorkspaceSession::degraded() const {
    return workspace_->degraded();
}

qint64 WorkspaceSession::nowMs() const {
    return workspace_->clock().nowMs();
}

bool WorkspaceSession::agentHoldsWorkspace() const {
    return AgentLock::isHeld(workspace_->dir());
}

QList<DatabaseInfo> WorkspaceSession::databases(bool includeDropped) const {
    return catalog().databases(includeDropped);
}

Result<DatabaseInfo> WorkspaceSession::findDatabase(const QString& name) const {
    return catalog().findDatabase(name);
}

Result<DatabaseInfo> WorkspaceSession::findAnyDatabase(const QString& name) const {
    auto live = catalog().findDatabase(name);
    if (live)
        return live;
    return catalog().findDroppedDatabase(name);
}

QList<BackupInfo> WorkspaceSession::backups(const QString& uuid) const {
    return catalog().backups(uuid);
}

BackupPolicy WorkspaceSession::policy(const QString& uuid) const {
    return catalog().policy(uuid);
}

QList<LtrInfo> WorkspaceSession::ltrBackups(const QString& uuid) const {
    return catalog().ltrBackups(uuid);
}

QList<JobInfo> WorkspaceSession::jobRecords(int limit) const {
    return catalog().jobs(limit);
}

QList<DrillInfo> WorkspaceSession::drills(const QString& uuid, int limit) const {
    return catalog().drills(uuid, limit);
}

QList<Alert> WorkspaceSession::alerts() const {
    return listAlerts(catalog());
}

Rates WorkspaceSession::rates() const {
    return storedRates(catalog());
}

Result<StretchStatus> WorkspaceSession::stretchStatus(const QString& name) const {
    return workspace_->stretch(catalog()).status(name);
}

} // namespace tidemark
