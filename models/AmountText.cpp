#include "AmountText.h"

#include <algorithm>
#include <cmath>

namespace tidemark {

QString formatAmount(double value) {
    if (value == 0)
        return QStringLiteral("0");
    const double magnitude = std::abs(value);
    if (magnitude >= 1)
        return QString::number(value, 'f', 2);
    const int digits = std::clamp(2 - int(std::floor(std::log10(magnitude))), 2, 9);
    return QString::number(value, 'f', digits);
}

} // namespace tidemark
