#pragma once

#include "TimelineData.h"

#include <QWidget>

namespace tidemark {

// The backup timeline: lanes for full, differential and log backups, the restore window
// shaded, and a cursor that only rests on restorable instants. Wheel zooms around the mouse,
// dragging pans, Shift+drag zooms to the rubber band, a click places the cursor, double-click or
// the context menu asks to restore to that point. Draws aggregated marks from TimelineData, so its
// cost depends on the width in pixels, not on the number of backups.
class TimelineWidget : public QWidget {
    Q_OBJECT
public:
    explicit TimelineWidget(QWidget* parent = nullptr);

    void setData(const TimelineData& data);
    const TimelineData& data() const { return data_; }
    qint64 cursorMs() const { return cursorMs_; }
    void setCursorMs(qint64 ms);
    qint64 viewStartMs() const { return viewStartMs_; }
    qint64 viewEndMs() const { return viewEndMs_; }
    void setView(qint64 startMs, qint64 endMs);
    void zoomBy(double factor, qint64 aroundMs);
    void showAll();

    QSize sizeHint() const override { return {800, 260}; }
    QSize minimumSizeHint() const override { return {300, 130}; }

signals:
    void cursorMoved(qint64 ms);
    void restoreRequested(qint64 ms);

protected:
    void paintEvent(QPaintEvent*) override;
    void wheelEvent(QWheelEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void contextMenuEvent(QContextMenuEvent* e) override;
    bool event(QEvent* e) override;

private:
    QRectF plotRect() const;
    qint64 msAt(double x) const;
    double xAt(qint64 ms) const;
    int laneAt(double y) const;
    QString tooltipAt(QPointF pos) const;

    TimelineData data_;
    qint64 viewStartMs_ = 0;
    qint64 viewEndMs_ = 1;
    qint64 cursorMs_ = -1;
    bool dragging_ = false;
    bool dragged_ = false;
    QPointF dragOrigin_;
    qint64 dragViewStart_ = 0;
    bool banding_ = false;
    double bandFrom_ = 0;
    double bandTo_ = 0;
};

} // namespace tidemark
