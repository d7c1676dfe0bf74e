// The `settings` table: the workspace's own keys and values, kept through a rebuild.
#include "catalog/Catalog.h"

namespace tidemark {

QString Catalog::setting(const QString& key, const QString& fallback) {
    Statement q(db_, "SELECT value FROM settings WHERE key=?");
    q.bind(1, key);
    return q.step() == SQLITE_ROW ? q.text(0) : fallback;
}

Status Catalog::setSetting(const QString& key, const QString& value) {
    Statement q(db_, "INSERT OR REPLACE INTO settings(key, value) VALUES(?, ?)");
    q.bind(1, key).bind(2, value);
    return q.run();
}

} // namespace tidemark
