#pragma once

#include "core/Status.h"

#include <functional>

namespace tidemark {

// Writes a small but realistic shop database (customers, products, orders, order items, JSON
// events) for the demo workspace, as another program would: through SQLite, in WAL mode.
Status writeDemoDatabase(const QString& path, int customers, quint32 seed);
// Changes about `percent` of the orders and adds new ones, like a day of business.
Status mutateDemoDatabase(const QString& path, double percent, quint32 seed);
// The same with a chosen number of new orders (a few minutes of business instead of a day).
Status mutateDemoDatabase(const QString& path, double percent, quint32 seed, qint64 newOrders);

struct DemoOptions {
    int days = 21;       // simulated weeks of protection before `endMs`
    int logMinutes = 60; // the log interval of every demo database (1 to 60)
    // Before the last `recentDays`, the agent ran only every `strideHours` (a machine that
    // sleeps): it caught up with one backup per database at each pass, as a real agent does.
    // This keeps the demo under half a minute; the recent days follow the schedule exactly.
    int recentDays = 1;
    int strideHours = 4;
    bool geo = true; // becomes GRS (with a secondary location) for the last three hours
    std::function<void(const QString&)> log;
};
struct DemoReport {
    int databases = 0;
    int backups = 0;
    int drills = 0;
};

// Builds the demo workspace in `dir` (which must not hold one yet): three sample databases
// (shop, crm, warehouse) and a dropped one (legacy), protected by the real agent over `days`
// simulated days that end at `endMs`. The agent's passes run on a manual clock; before each
// pass a writer changes every database, so each backup holds real new pages. The workspace
// starts LRS and becomes GRS for the last hours, so bills show both and geo-restore works.
// Policies differ per database (log interval, differential hours, retention, LTR) and shop's
// free allowance is small, so every view of the console has something true to show.
Result<DemoReport> buildDemoWorkspace(const QString& dir, const QByteArray& passphrase,
                                      qint64 endMs, const DemoOptions& options = {});

} // namespace tidemark
