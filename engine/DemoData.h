#pragma once

#include "Status.h"

namespace tidemark {

// Writes a small but realistic shop database (customers, products, orders, order items, JSON
// events) for the demo workspace, as another program would: through SQLite, in WAL mode.
Status writeDemoDatabase(const QString& path, int customers, quint32 seed);
// Changes about `percent` of the orders and adds new ones, like a day of business.
Status mutateDemoDatabase(const QString& path, double percent, quint32 seed);

} // namespace tidemark
