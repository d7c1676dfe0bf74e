#pragma once

#include "BillTable.h"
#include "WorkspaceSession.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace tidemark {

class BillChart;
class ConsumptionChart;
class LocationsView;
class WhatIfPanel;

// Storage and billing: backup consumption over time by kind with the free allowance, the
// monthly bill (chart and table, CSV export) by database or by redundancy, and the what-if
// comparison of policies. Reads the agent's hourly usage samples through the engine.
class StoragePage : public QWidget {
    Q_OBJECT
public:
    explicit StoragePage(WorkspaceSession& session, QWidget* parent = nullptr);

    enum Tab { ConsumptionTab, BillTab, WhatIfTab, LocationsTab };
    QTabWidget* tabs() const { return tabs_; }
    ConsumptionChart* consumptionChart() const { return consumption_; }
    BillChart* billChart() const { return billChart_; }
    BillTable& billTable() { return bill_; }
    WhatIfPanel* whatIf() const { return whatIf_; }
    LocationsView* locations() const { return locations_; }
    // Shows one database (empty: all of them).
    void setDatabase(const QString& name);
    void setRangeDays(int days); // 0: everything recorded
    // Writes the bill as CSV; the export button asks for a file unless a test named one.
    Status exportCsv(const QString& path);
    void setNextExportPath(const QString& path) { nextExportPath_ = path; }

protected:
    void showEvent(QShowEvent* e) override;

private:
    // Reloads now when visible, else on the next show (hidden pages cost nothing).
    void reloadWhenShown();
    void reload();
    bool stale_ = true;
    WorkspaceSession& session_;
    QComboBox* database_;
    QComboBox* range_;
    QComboBox* grouping_;
    QTabWidget* tabs_;
    ConsumptionChart* consumption_;
    QLabel* consumptionNote_;
    BillTable bill_;
    BillChart* billChart_;
    QTableView* billView_;
    QLabel* billTotal_;
    QPushButton* export_;
    WhatIfPanel* whatIf_;
    QString nextExportPath_;
    LocationsView* locations_;
};

} // namespace tidemark
