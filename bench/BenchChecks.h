#pragma once

#include "core/Status.h"

#include <QtGlobal>

// A benchmark on a failing engine measures nothing: stop with the engine's message.
inline void mustSucceed(const tidemark::Status& status) {
    if (!status)
        qFatal("benchmark step failed: %s", qPrintable(status.message()));
}
