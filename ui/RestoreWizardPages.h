#pragma once

// The pages of the restore wizard (used by RestoreWizard only).

#include "RestoreWizard.h"

#include <QTimer>
#include <QWizardPage>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace tidemark {

class ReauthorizePanel;

class TimelineWidget;

class SourceKindPage : public QWizardPage {
    Q_OBJECT
public:
    explicit SourceKindPage(RestoreWizard* wizard);
    RestoreWizard::Kind kind() const;
    bool select(RestoreWizard::Kind kind);
    QString whyNot(RestoreWizard::Kind kind) const;
    bool isComplete() const override;

private:
    RestoreWizard* wizard_;
    QButtonGroup* group_;
    QStringList reasons_;
};

class PointChoicePage : public QWizardPage {
    Q_OBJECT
public:
    PointChoicePage(RestoreWizard* wizard, qint64 initialMs);
    void initializePage() override;
    bool isComplete() const override;
    qint64 pointMs() const;
    QString ltrId() const;

private:
    void describe();
    // Takes `ms` (clamped into the window) as the point, in the field and on the timeline.
    void choose(qint64 ms);
    // Reads what the user typed: a point inside the window, or a visible refusal.
    void readTyped(const QString& text);
    qint64 latestMs() const;
    static QString displayTime(qint64 ms);
    int selectedLtrRow() const;
    RestoreWizard* wizard_;
    qint64 initialMs_;
    RestoreWindow window_;
    QStackedWidget* stack_;
    QLineEdit* edit_;
    QLabel* problem_;
    qint64 pointMs_ = -1;
    TimelineWidget* timeline_;
    QLabel* chosen_;
    QTableWidget* ltr_;
    QLabel* geo_;
    qint64 geoPointMs_ = -1;
};

class TargetChoicePage : public QWizardPage {
    Q_OBJECT
public:
    explicit TargetChoicePage(RestoreWizard* wizard);
    void initializePage() override;
    QString problem() const;
    bool isComplete() const override;
    QString name() const;
    QString file() const;

private:
    RestoreWizard* wizard_;
    QLineEdit* name_;
    QLineEdit* file_;
    QLabel* redundancy_;
    QLabel* problem_;
};

class PlanGridPage : public QWizardPage {
    Q_OBJECT
public:
    explicit PlanGridPage(RestoreWizard* wizard);
    void initializePage() override;
    bool isComplete() const override { return planned_; }

private:
    RestoreWizard* wizard_;
    QTableWidget* table_;
    QLabel* estimate_;
    QPlainTextEdit* command_;
    bool planned_ = false;
};

class RunProgressPage : public QWizardPage {
    Q_OBJECT
public:
    explicit RunProgressPage(RestoreWizard* wizard);
    void initializePage() override;
    bool isComplete() const override { return finished_; }
    int nextId() const override;

private:
    void poll();
    RestoreWizard* wizard_;
    QProgressBar* progress_;
    QLabel* status_;
    QPushButton* cancel_;
    QTimer timer_;
    bool finished_ = false;
};

class DoneResultPage : public QWizardPage {
    Q_OBJECT
public:
    explicit DoneResultPage(RestoreWizard* wizard);
    void initializePage() override;

private:
    RestoreWizard* wizard_;
    QLabel* text_;
    ReauthorizePanel* stretch_;
    QPushButton* open_;
};

} // namespace tidemark
