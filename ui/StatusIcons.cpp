#include "StatusIcons.h"

namespace tidemark {

QIcon healthIcon(DatabaseListModel::Health health) {
    switch (health) {
    case DatabaseListModel::Health::Failing:
        return QIcon(QStringLiteral(":/icons/status-fail.svg"));
    case DatabaseListModel::Health::Missed:
    case DatabaseListModel::Health::NeverBackedUp:
        return QIcon(QStringLiteral(":/icons/status-warn.svg"));
    case DatabaseListModel::Health::Protected:
        break;
    }
    return QIcon(QStringLiteral(":/icons/status-ok.svg"));
}

QIcon droppedIcon() {
    return QIcon(QStringLiteral(":/icons/status-dropped.svg"));
}

} // namespace tidemark
