#pragma once

#include "WorkspaceSession.h"
#include "billing/Simulator.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace tidemark {

class ScenarioChart;

// What-if: three scenarios (redundancy, retention, differential hours) for one database, side
// by side. The database's size, change rate and compression start from its real backups and
// can be edited; every number shown comes from the engine's simulator (Simulator.h), which
// runs the real schedule, retention and cost path.
class WhatIfPanel : public QWidget {
    Q_OBJECT
public:
    explicit WhatIfPanel(WorkspaceSession& session, QWidget* parent = nullptr);
    void setDatabase(const QString& name);
    void compare();
    int scenarioCount() const { return 3; }
    // Results of the last comparison, one per scenario.
    const QList<SimulationResult>& results() const { return results_; }
    QTableWidget* resultTable() const { return table_; }
    ScenarioChart* chart() const { return chart_; }

private:
    struct Column {
        QComboBox* redundancy;
        QSpinBox* retention;
        QComboBox* diffHours;
    };
    Scenario scenarioFor(int column) const;
    WorkspaceSession& session_;
    QString database_;
    BackupPolicy policy_;
    QLabel* basis_;
    QDoubleSpinBox* size_;
    QDoubleSpinBox* change_;
    QDoubleSpinBox* compression_;
    QSpinBox* horizon_;
    QList<Column> columns_;
    QPushButton* compare_;
    QTableWidget* table_;
    ScenarioChart* chart_;
    QLabel* problem_;
    QList<SimulationResult> results_;
};

} // namespace tidemark
