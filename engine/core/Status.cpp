#include "core/Status.h"

namespace tidemark {

QString Status::toString() const {
    if (isOk())
        return QStringLiteral("OK");
    return message_;
}

} // namespace tidemark
