#pragma once

#include "LocationListModel.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace tidemark {

// Where the vault lives: one row per location with its kind, whether it answered and the geo
// secondary's lag, as the engine found them in the session's last location check (which
// runs off the GUI thread). Showing the view asks for a fresh check.
class LocationsView : public QWidget {
    Q_OBJECT
public:
    explicit LocationsView(WorkspaceSession& session, QWidget* parent = nullptr);
    QTableView* table() const { return table_; }
    LocationListModel& model() { return model_; }

protected:
    void showEvent(QShowEvent* e) override;

private:
    void updateNote();
    WorkspaceSession& session_;
    LocationListModel model_;
    QTableView* table_;
    QLabel* note_;
    QPushButton* refresh_;
};

} // namespace tidemark
