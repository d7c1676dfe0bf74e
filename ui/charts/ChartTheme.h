#pragma once

class QChart;
class QChartView;
class QString;

namespace tidemark {

// One look for every chart: follows the application's light or dark palette, no animations,
// antialiased, legend at the bottom.
void applyChartTheme(QChartView* view);
// Replaces the view's chart with an empty, themed one (the old chart, its series and axes are
// deleted), so a redraw never keeps a stale axis.
QChart* freshChart(QChartView* view);
// Shows a plain sentence instead of axes when there is nothing true to draw.
void setChartEmptyText(QChart* chart, const QString& text);
// "KiB", "MiB" or "GiB" and its divisor, for a maximum in bytes.
double byteUnit(double maxBytes, QString* unit);

} // namespace tidemark
