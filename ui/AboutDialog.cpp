#include "AboutDialog.h"

#include "workspace/About.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tidemark {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Tidemark"));
    const AboutInfo about = aboutTidemark();
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(
        tr("<h2>Tidemark %1</h2><p>Automated backups and point-in-time restore for SQLite "
           "databases.</p><p>Vault format %2.</p>")
            .arg(about.version.toHtmlEscaped())
            .arg(about.vaultFormat));
    title->setObjectName(QStringLiteral("aboutTitle"));
    title->setTextFormat(Qt::RichText);
    layout->addWidget(title);
    layout->addWidget(new QLabel(tr("Built on these libraries (versions as loaded now):")));
    auto* table = new QTableWidget(int(about.components.size()), 3);
    table->setObjectName(QStringLiteral("aboutComponents"));
    table->setHorizontalHeaderLabels({tr("Library"), tr("Version"), tr("Licence")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setStretchLastSection(true);
    for (int row = 0; row < about.components.size(); ++row) {
        const Component& c = about.components[row];
        table->setItem(row, 0, new QTableWidgetItem(c.name));
        table->setItem(row, 1, new QTableWidgetItem(c.version));
        table->setItem(row, 2, new QTableWidgetItem(c.licence));
    }
    table->resizeColumnsToContents();
    layout->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, 400);
}

} // namespace tidemark
