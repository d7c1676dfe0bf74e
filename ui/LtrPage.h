#pragma once

#include "WorkspaceSession.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace tidemark {

// Long-term retention copies: weekly, monthly and yearly fulls kept apart from short-term
// backups, with their expiry and immutability; one can be restored through the wizard.
class LtrPage : public QWidget {
    Q_OBJECT
public:
    explicit LtrPage(WorkspaceSession& session, QWidget* parent = nullptr);
    // `databaseName` empty: every database's copies.
    void showDatabase(const QString& databaseName);
    QTableWidget* table() const { return table_; }
    QPushButton* restoreButton() const { return restore_; }

signals:
    void restoreRequested(const QString& databaseName, const QString& ltrId);

protected:
    void showEvent(QShowEvent* e) override;

private:
    // Reloads now when visible, else on the next show (hidden pages cost nothing).
    void reloadWhenShown();
    void reload();
    bool stale_ = true;
    WorkspaceSession& session_;
    QString database_;
    QLabel* header_;
    QTableWidget* table_;
    QPushButton* restore_;
};

} // namespace tidemark
