#include "core/ErrorMessages.h"

namespace tidemark {

QString userMessage(const Status& s) {
    switch (s.code()) {
    case Status::Code::Ok:
        return QStringLiteral("done");
    case Status::Code::WrongKey:
        return s.message();
    case Status::Code::Corruption:
        return QStringLiteral("damaged data detected: %1").arg(s.message());
    case Status::Code::NoSpace:
        return QStringLiteral("out of disk space: %1 (nothing was recorded; free some space and "
                              "try again)")
            .arg(s.message());
    case Status::Code::IOError:
        return QStringLiteral("input/output error: %1").arg(s.message());
    case Status::Code::Cancelled:
        return QStringLiteral("cancelled");
    case Status::Code::Busy:
        return QStringLiteral("busy: %1 (another program holds a lock; try again)")
            .arg(s.message());
    default:
        return s.message();
    }
}

} // namespace tidemark
