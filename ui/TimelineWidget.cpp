#include "TimelineWidget.h"

#include "core/Clock.h"
#include "core/Units.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

namespace tidemark {
namespace {

constexpr int kLanes = int(TimelineData::LaneCount);
constexpr double kLeftMargin = 96;
constexpr double kRightMargin = 12;
constexpr double kTopMargin = 8;
constexpr double kAxisHeight = 26;
constexpr qint64 kMinSpanMs = 60 * 1000;                     // a minute
constexpr qint64 kMaxSpanMs = 12LL * 366 * 24 * 3600 * 1000; // about twelve years

QColor laneColor(int lane) {
    switch (lane) {
    case TimelineData::Full:
        return QColor(0x1e, 0x63, 0xb4);
    case TimelineData::Differential:
        return QColor(0x2e, 0x8b, 0x57);
    case TimelineData::Ltr:
        return QColor(0x8e, 0x24, 0xaa);
    default:
        return QColor(0xd0, 0x7a, 0x12);
    }
}

QString laneName(int lane) {
    switch (lane) {
    case TimelineData::Full:
        return QObject::tr("Full");
    case TimelineData::Differential:
        return QObject::tr("Differential");
    case TimelineData::Ltr:
        return QObject::tr("LTR copy");
    default:
        return QObject::tr("Log");
    }
}

// Tick spacing and label format for the visible span.
void tickStyle(qint64 spanMs, qint64* stepMs, QString* format) {
    struct Step {
        qint64 ms;
        const char* format;
    };
    static const Step steps[] = {
        {60LL * 1000, "HH:mm"},
        {5LL * 60 * 1000, "HH:mm"},
        {15LL * 60 * 1000, "HH:mm"},
        {3600LL * 1000, "HH:mm"},
        {6 * 3600LL * 1000, "dd MMM HH:mm"},
        {86400LL * 1000, "dd MMM"},
        {7 * 86400LL * 1000, "dd MMM"},
        {30 * 86400LL * 1000, "MMM yyyy"},
        {365 * 86400LL * 1000, "yyyy"},
    };
    for (const Step& s : steps) {
        if (spanMs / s.ms <= 8) {
            *stepMs = s.ms;
            *format = QString::fromLatin1(s.format);
            return;
        }
    }
    *stepMs = 365 * 86400LL * 1000 * 2;
    *format = QStringLiteral("yyyy");
}

} // namespace

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("timeline"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void TimelineWidget::setData(const TimelineData& data) {
    data_ = data;
    showAll();
    if (data_.hasWindow())
        cursorMs_ = data_.windowEndMs();
    else
        cursorMs_ = -1;
    update();
}

void TimelineWidget::showAll() {
    qint64 first =
        data_.itemCount() ? data_.firstMs() : QDateTime::currentMSecsSinceEpoch() - 3600000;
    qint64 last = data_.itemCount() ? data_.lastMs() : QDateTime::currentMSecsSinceEpoch();
    qint64 span = std::max<qint64>(last - first, kMinSpanMs);
    setView(first - span / 20, last + span / 20);
}

void TimelineWidget::setView(qint64 startMs, qint64 endMs) {
    qint64 span = std::clamp<qint64>(endMs - startMs, kMinSpanMs, kMaxSpanMs);
    viewStartMs_ = startMs;
    viewEndMs_ = startMs + span;
    update();
}

void TimelineWidget::zoomBy(double factor, qint64 aroundMs) {
    double left = double(aroundMs - viewStartMs_);
    double right = double(viewEndMs_ - aroundMs);
    setView(aroundMs - qint64(left * factor), aroundMs + qint64(right * factor));
}

void TimelineWidget::setCursorMs(qint64 ms) {
    if (!data_.hasWindow())
        return;
    qint64 clamped = data_.clampToWindow(ms);
    if (clamped == cursorMs_)
        return;
    cursorMs_ = clamped;
    update();
    emit cursorMoved(cursorMs_);
}

QRectF TimelineWidget::plotRect() const {
    return QRectF(kLeftMargin, kTopMargin, width() - kLeftMargin - kRightMargin,
                  height() - kTopMargin - kAxisHeight);
}

qint64 TimelineWidget::msAt(double x) const {
    QRectF r = plotRect();
    double f = (x - r.left()) / std::max(1.0, r.width());
    return viewStartMs_ + qint64(f * double(viewEndMs_ - viewStartMs_));
}

double TimelineWidget::xAt(qint64 ms) const {
    QRectF r = plotRect();
    return r.left() + double(ms - viewStartMs_) / double(viewEndMs_ - viewStartMs_) * r.width();
}

int TimelineWidget::laneAt(double y) const {
    QRectF r = plotRect();
    if (y < r.top() || y > r.bottom())
        return -1;
    return std::clamp(int((y - r.top()) / (r.height() / kLanes)), 0, kLanes - 1);
}

void TimelineWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.base());
    QRectF r = plotRect();
    const double laneHeight = r.height() / kLanes;

    // The restore window, shaded.
    if (data_.hasWindow()) {
        double x0 = std::max(r.left(), xAt(data_.windowStartMs()));
        double x1 = std::min(r.right(), xAt(data_.windowEndMs()));
        if (x1 >= x0) {
            QColor shade = pal.highlight().color();
            shade.setAlpha(40);
            p.fillRect(QRectF(x0, r.top(), std::max(1.0, x1 - x0), r.height()), shade);
        }
    }
    // Lanes and their marks.
    p.setRenderHint(QPainter::Antialiasing, false);
    for (int lane = 0; lane < kLanes; ++lane) {
        QRectF band(r.left(), r.top() + lane * laneHeight, r.width(), laneHeight);
        p.setPen(pal.mid().color());
        p.drawLine(band.bottomLeft(), band.bottomRight());
        p.setPen(pal.text().color());
        p.drawText(QRectF(4, band.top(), kLeftMargin - 8, band.height()),
                   Qt::AlignVCenter | Qt::AlignRight, laneName(lane));
        QColor color = laneColor(lane);
        auto marks =
            data_.marks(TimelineData::Lane(lane), viewStartMs_, viewEndMs_, int(r.width() / 2));
        for (const auto& m : marks) {
            double x0 = std::max(r.left(), xAt(m.startMs));
            double x1 = std::min(r.right(), xAt(m.endMs));
            double w = std::max(2.0, x1 - x0);
            QRectF mark(x0, band.top() + laneHeight * 0.2, w, laneHeight * 0.6);
            QColor c = color;
            if (m.count > 1)
                c = c.darker(115); // several backups in this column
            if (data_.items(TimelineData::Lane(lane))[size_t(m.firstIndex)].broken)
                c = QColor(0xc6, 0x28, 0x28);
            p.fillRect(mark, c);
        }
    }
    // Chain gaps: backups that cannot be restored, hatched across every lane.
    for (const auto& [from, to] : data_.gaps()) {
        if (to < viewStartMs_ || from > viewEndMs_)
            continue;
        double x0 = std::max(r.left(), xAt(from));
        double x1 = std::min(r.right(), xAt(to));
        p.fillRect(QRectF(x0, r.top(), std::max(3.0, x1 - x0), r.height()),
                   QBrush(QColor(0xc6, 0x28, 0x28, 90), Qt::BDiagPattern));
    }
    // Markers: the drop time, the newest point on the geo secondary.
    int markers = 0;
    auto marker = [&](qint64 ms, const QColor& color, const QString& label) {
        if (ms < viewStartMs_ || ms > viewEndMs_)
            return;
        double x = xAt(ms);
        p.setPen(QPen(color, 1.5, Qt::DashLine));
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
        p.setPen(color);
        // Each marker's label on its own line, so two close markers stay readable.
        QRectF box(x + 3, r.top() + 16 * markers++, 140, 16);
        if (box.right() > r.right())
            box.moveRight(x - 3);
        p.drawText(box, Qt::AlignVCenter | (box.left() > x ? Qt::AlignLeft : Qt::AlignRight),
                   label);
    };
    if (data_.droppedMs() >= 0)
        marker(data_.droppedMs(), QColor(0x61, 0x61, 0x61), tr("dropped"));
    if (data_.replicatedMs() >= 0)
        marker(data_.replicatedMs(), QColor(0x00, 0x83, 0x8f), tr("on the secondary"));
    // The rubber band of a Shift+drag zoom.
    if (banding_) {
        QColor band = pal.highlight().color();
        band.setAlpha(60);
        double x0 = std::min(bandFrom_, bandTo_), x1 = std::max(bandFrom_, bandTo_);
        p.fillRect(QRectF(x0, r.top(), x1 - x0, r.height()), band);
    }
    // Time axis.
    qint64 step = 0;
    QString format;
    tickStyle(viewEndMs_ - viewStartMs_, &step, &format);
    p.setPen(pal.text().color());
    qint64 tick = (viewStartMs_ / step + 1) * step;
    for (; tick < viewEndMs_; tick += step) {
        double x = xAt(tick);
        p.setPen(pal.mid().color());
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom() + 4));
        p.setPen(pal.text().color());
        QRectF label(x - 60, r.bottom() + 4, 120, kAxisHeight - 4);
        const QString text = QDateTime::fromMSecsSinceEpoch(tick, Qt::UTC).toString(format);
        const double half = p.fontMetrics().horizontalAdvance(text) / 2.0 + 2;
        if (x + half > width() || x - half < r.left() - kLeftMargin / 2)
            continue; // a label cut by the edge helps nobody
        p.drawText(label, Qt::AlignHCenter, text);
    }
    // The cursor.
    if (cursorMs_ >= 0 && cursorMs_ >= viewStartMs_ && cursorMs_ <= viewEndMs_) {
        QPen pen(pal.highlight().color(), 2);
        p.setPen(pen);
        double x = xAt(cursorMs_);
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
    }
    if (data_.itemCount() == 0) {
        p.setPen(pal.placeholderText().color());
        p.drawText(r, Qt::AlignCenter,
                   tr("No backups yet: take a full backup to start the "
                      "restore window."));
    }
}

void TimelineWidget::wheelEvent(QWheelEvent* e) {
    double steps = e->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    zoomBy(std::pow(0.8, steps), msAt(e->position().x()));
    e->accept();
}

void TimelineWidget::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton)
        return;
    if (e->modifiers() & Qt::ShiftModifier) {
        banding_ = true;
        bandFrom_ = bandTo_ = e->position().x();
        return;
    }
    dragging_ = true;
    dragged_ = false;
    dragOrigin_ = e->position();
    dragViewStart_ = viewStartMs_;
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* e) {
    if (banding_) {
        bandTo_ = e->position().x();
        update();
        return;
    }
    if (!dragging_)
        return;
    double dx = e->position().x() - dragOrigin_.x();
    if (std::abs(dx) > 3)
        dragged_ = true;
    if (dragged_) {
        qint64 span = viewEndMs_ - viewStartMs_;
        qint64 shift = qint64(dx / std::max(1.0, plotRect().width()) * double(span));
        setView(dragViewStart_ - shift, dragViewStart_ - shift + span);
    }
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton)
        return;
    if (banding_) {
        banding_ = false;
        if (std::abs(bandTo_ - bandFrom_) > 4)
            setView(msAt(std::min(bandFrom_, bandTo_)), msAt(std::max(bandFrom_, bandTo_)));
        update();
        return;
    }
    if (dragging_ && !dragged_)
        setCursorMs(msAt(e->position().x()));
    dragging_ = false;
}

void TimelineWidget::mouseDoubleClickEvent(QMouseEvent* e) {
    setCursorMs(msAt(e->position().x()));
    if (cursorMs_ >= 0)
        emit restoreRequested(cursorMs_);
}

void TimelineWidget::contextMenuEvent(QContextMenuEvent* e) {
    if (!data_.hasWindow())
        return;
    setCursorMs(msAt(e->pos().x()));
    QMenu menu(this);
    QAction* restore = menu.addAction(tr("Restore to this point..."));
    restore->setObjectName(QStringLiteral("timelineRestoreAction"));
    QAction* all = menu.addAction(tr("Show everything"));
    QAction* chosen = menu.exec(e->globalPos());
    if (chosen == restore)
        emit restoreRequested(cursorMs_);
    else if (chosen == all)
        showAll();
}

QString TimelineWidget::tooltipAt(QPointF pos) const {
    int lane = laneAt(pos.y());
    if (lane < 0)
        return {};
    qint64 tolerance =
        qint64(3.0 / std::max(1.0, plotRect().width()) * double(viewEndMs_ - viewStartMs_));
    qint64 at = msAt(pos.x());
    auto marks = data_.marks(TimelineData::Lane(lane), at - tolerance, at + tolerance, 1);
    if (marks.empty())
        return {};
    const auto& m = marks.front();
    const auto& item = data_.items(TimelineData::Lane(lane))[size_t(m.firstIndex)];
    if (lane == TimelineData::Ltr)
        return tr("Long-term copy of full backup %1\nBackup point %2")
            .arg(item.id, formatTime(item.pointMs));
    if (m.count > 1)
        return tr("%1 %2 backups from %3")
            .arg(m.count)
            .arg(laneName(lane).toLower(), formatTime(m.startMs));
    return tr("%1 backup %2\nRestore point %3\nStored %4%5")
        .arg(laneName(lane), item.id, formatTime(item.pointMs), humanBytes(item.storedBytes),
             item.broken ? tr("\nNOT RESTORABLE: its chain lost a base") : QString());
}

bool TimelineWidget::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        QString text = tooltipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

} // namespace tidemark
