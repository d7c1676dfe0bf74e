// Console performance, offscreen: (1) opening a workspace of 20 databases with a year of
// history (35 days of retained backups each at five-minute logs, the longest retention, plus a
// year of hourly storage samples) until the main window has painted; (2) repainting the backup
// timeline while panning and zooming over a year of five-minute logs (about 105,000 backups).
//
//   QT_QPA_PLATFORM=offscreen tidemark-console-bench [DATABASES]
//
// The history is written straight into the catalog through the engine's Catalog and
// UsageWriter (taking real backups for a simulated year would take hours); the databases are
// real SQLite files and the workspace and vault are real.
#include "MainWindow.h"
#include "TimelineData.h"
#include "TimelineWidget.h"
#include "WorkspaceSession.h"
#include "billing/Consumption.h"
#include "catalog/Catalog.h"
#include "workspace/DemoData.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace tidemark;

namespace {
constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kEnd = 1794060000000; // 2026-11-07T14:00:00Z

// A schedule's worth of backups between two instants: weekly fulls, 12-hour differentials,
// five-minute logs, each chained to its base as the engine chains them.
QList<BackupInfo> history(const QString& uuid, qint64 from, qint64 to) {
    QList<BackupInfo> out;
    QString full, base;
    int n = 0;
    for (qint64 t = from; t <= to; t += 5 * kMinute) {
        BackupInfo b;
        b.databaseUuid = uuid;
        b.id = QStringLiteral("%1-%2").arg(uuid.left(8)).arg(n++);
        if ((t - from) % (7 * kDay) == 0) {
            b.type = BackupType::Full;
            full = base = b.id;
        } else if ((t - from) % (12 * kHour) == 0) {
            b.type = BackupType::Differential;
            b.baseId = full;
            base = b.id;
        } else {
            b.type = BackupType::Log;
            b.baseId = base;
            base = b.id;
        }
        b.requestedType = b.type;
        b.fullId = full;
        b.startMs = t;
        b.endMs = t + 2000;
        b.snapshotMs = t + 1000;
        b.pageSize = 4096;
        b.pageCount = 25000;
        b.logicalBytes = b.type == BackupType::Full ? 100LL << 20 : 2LL << 20;
        b.storedBytes = b.logicalBytes / 3;
        b.logicalHash = QStringLiteral("00");
        b.status = QStringLiteral("succeeded");
        out.append(b);
    }
    return out;
}

struct Frames {
    double average = 0, worst = 0;
};

Frames paintFrames(TimelineWidget& w, int frames, bool zoom) {
    QImage image(w.size(), QImage::Format_ARGB32_Premultiplied);
    QElapsedTimer t;
    Frames f;
    double total = 0;
    const qint64 span = w.viewEndMs() - w.viewStartMs();
    for (int i = 0; i < frames; ++i) {
        if (zoom) {
            // In and out around the middle: a year down to a few hours and back.
            const double factor = i < frames / 2 ? 0.85 : 1 / 0.85;
            w.zoomBy(factor, (w.viewStartMs() + w.viewEndMs()) / 2);
        } else {
            const qint64 step = span / 200;
            w.setView(w.viewStartMs() - step, w.viewEndMs() - step);
        }
        t.start();
        QPainter p(&image);
        w.render(&p);
        p.end();
        const double ms = double(t.nsecsElapsed()) / 1e6;
        total += ms;
        f.worst = std::max(f.worst, ms);
    }
    f.average = total / frames;
    return f;
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const int databases = argc > 1 ? std::max(1, atoi(argv[1])) : 20;
    QTemporaryDir dir;
    const QByteArray pass("console bench passphrase");
    auto clock = std::make_shared<ManualClock>(kEnd - 365 * kDay);

    // --- the workspace ---------------------------------------------------------------------
    QElapsedTimer build;
    build.start();
    qint64 backupRows = 0, usageRows = 0;
    {
        auto ws = Workspace::create(dir.path() + QStringLiteral("/ws"), QString(), &pass, clock);
        if (!ws) {
            std::fprintf(stderr, "create: %s\n", qPrintable(ws.status().message()));
            return 1;
        }
        Catalog& catalog = (*ws)->catalog();
        for (int i = 0; i < databases; ++i) {
            QString file = dir.path() + QStringLiteral("/db%1.db").arg(i);
            if (!writeDemoDatabase(file, 50, quint32(i + 1)))
                return 1;
            auto db = (*ws)->addDatabase(QStringLiteral("db%1").arg(i, 2, 10, QLatin1Char('0')),
                                         file, 256LL << 20);
            if (!db)
                return 1;
            if (!catalog.begin())
                return 1;
            for (const BackupInfo& b : history(db->uuid, kEnd - 35 * kDay, kEnd)) {
                if (!catalog.insertBackup(b))
                    return 1;
                ++backupRows;
            }
            UsageWriter usage(catalog);
            for (qint64 h = kEnd - 365 * kDay; h < kEnd; h += kHour) {
                UsageSample s;
                s.hourMs = h;
                s.databaseUuid = db->uuid;
                s.databaseName = db->name;
                s.fullBytes = 500LL << 20;
                s.diffBytes = 80LL << 20;
                s.logBytes = 150LL << 20;
                s.maxDataBytes = 256LL << 20;
                if (!usage.store(s, false))
                    return 1;
                ++usageRows;
            }
            if (!catalog.commit())
                return 1;
        }
    }
    std::printf("workspace: %d databases, %lld backups, %lld hourly samples, built in %.1f s\n",
                databases, backupRows, usageRows, double(build.elapsed()) / 1000.0);

    // --- opening it ------------------------------------------------------------------------
    clock->setMs(kEnd + 10 * kMinute);
    QElapsedTimer open;
    open.start();
    auto ws = Workspace::open(dir.path() + QStringLiteral("/ws"), &pass, clock);
    if (!ws)
        return 1;
    const double openedMs = double(open.nsecsElapsed()) / 1e6;
    auto session = std::make_unique<WorkspaceSession>(std::move(*ws));
    auto window = std::make_unique<MainWindow>(*session);
    window->resize(1366, 860);
    window->show();
    QImage frame(window->size(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&frame);
    window->render(&painter);
    painter.end();
    QApplication::processEvents();
    const double shownMs = double(open.nsecsElapsed()) / 1e6;
    std::printf("open workspace (key derivation, catalog): %.0f ms\n", openedMs);
    std::printf("console open to first paint (%d databases): %.0f ms (goal < 1500 ms)\n", databases,
                shownMs);
    window.reset();
    session.reset();

    // --- the timeline ----------------------------------------------------------------------
    QList<BackupInfo> year = history(QStringLiteral("timeline-bench"), kEnd - 365 * kDay, kEnd);
    QElapsedTimer load;
    load.start();
    TimelineData data;
    data.setBackups(year);
    const double loadMs = double(load.nsecsElapsed()) / 1e6;
    TimelineWidget timeline;
    timeline.resize(1200, 260);
    timeline.setData(data);
    timeline.showAll();
    Frames pan = paintFrames(timeline, 200, false);
    timeline.showAll();
    Frames zoom = paintFrames(timeline, 120, true);
    std::printf("timeline: %d backups, data prepared in %.0f ms\n", data.itemCount(), loadMs);
    std::printf("timeline pan  over a year: %.2f ms per frame on average, %.2f ms worst (goal < "
                "16 ms)\n",
                pan.average, pan.worst);
    std::printf("timeline zoom a year <-> hours: %.2f ms per frame on average, %.2f ms worst "
                "(goal < 16 ms)\n",
                zoom.average, zoom.worst);
    return 0;
}
