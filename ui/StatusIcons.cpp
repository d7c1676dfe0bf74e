#include "StatusIcons.h"

namespace tidemark {

QIcon healthIcon(DatabaseListModel::Health health) {
    switch (health) {
    case DatabaseListModel::Health::Unprotected:
        return QIcon(QStringLiteral(":/icons/status-fail.svg"));
    case DatabaseListModel::Health::AtRisk:
        return QIcon(QStringLiteral(":/icons/status-warn.svg"));
    case DatabaseListModel::Health::Dropped:
        return droppedIcon();
    case DatabaseListModel::Health::Protected:
        break;
    }
    return QIcon(QStringLiteral(":/icons/status-ok.svg"));
}

QIcon droppedIcon() {
    return QIcon(QStringLiteral(":/icons/status-dropped.svg"));
}

} // namespace tidemark
