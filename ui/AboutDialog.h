#pragma once

#include <QDialog>

namespace tidemark {

// Help > About: the release, the vault format and the libraries with their licences.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
};

} // namespace tidemark
