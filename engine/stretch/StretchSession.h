#pragma once

// Private to the Stretch implementation files: one database's open stretch session.

#include "core/SqliteDb.h"
#include "stretch/Stretch.h"

namespace tidemark {

// The user's database opened for stretch work, with the remote endpoint attached as "remote"
// when the link checks out.
struct Stretch::Session {
    DatabaseInfo db;
    StretchLink link;
    QList<StretchTableConfig> tables;
    SqliteDb conn;
    bool remoteAttached = false;
    QString remoteProblem;
};

// A reconciliation in these states holds migration back.
inline bool blocksMigration(const QString& state) {
    return state == QStringLiteral("pending") || state == QStringLiteral("running") ||
           state == QStringLiteral("failed");
}

} // namespace tidemark
