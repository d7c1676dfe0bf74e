#pragma once

#include <QString>

namespace tidemark {

// Money and GB-months as people read them: two decimals from 1 up, three significant digits
// below (a small workspace bills fractions of a cent and must not read as zero).
QString formatAmount(double value);

} // namespace tidemark
