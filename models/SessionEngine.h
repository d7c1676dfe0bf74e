#pragma once

#include "WorkspaceSession.h"

namespace tidemark {

// The engine objects behind a session, for models/ and tests only: widgets render what the
// session and the models return and never hold the Workspace or the Catalog
// (scripts/check-layers.py keeps ui/ from including this header).
class SessionEngine {
public:
    static Workspace& workspace(const WorkspaceSession& session) { return session.workspace(); }
    // The GUI thread's catalog connection.
    static Catalog& catalog(const WorkspaceSession& session) { return session.catalog(); }
};

} // namespace tidemark
