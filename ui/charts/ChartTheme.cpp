#include "ChartTheme.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QPalette>

namespace tidemark {

void applyChartTheme(QChartView* view) {
    QChart* chart = view->chart();
    const QPalette palette = QApplication::palette();
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setTitleBrush(palette.color(QPalette::Text));
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    view->setRenderHint(QPainter::Antialiasing);
}

QChart* freshChart(QChartView* view) {
    QChart* old = view->chart();
    view->setChart(new QChart);
    delete old;
    applyChartTheme(view);
    return view->chart();
}

void setChartEmptyText(QChart* chart, const QString& text) {
    chart->setTitle(text);
}

double byteUnit(double maxBytes, QString* unit) {
    if (maxBytes >= 1024.0 * 1024 * 1024) {
        *unit = QStringLiteral("GiB");
        return 1024.0 * 1024 * 1024;
    }
    if (maxBytes >= 1024.0 * 1024) {
        *unit = QStringLiteral("MiB");
        return 1024.0 * 1024;
    }
    *unit = QStringLiteral("KiB");
    return 1024.0;
}

} // namespace tidemark
