#pragma once

#include "billing/Billing.h"
#include "core/Status.h"

#include <QAbstractTableModel>

namespace tidemark {

class WorkspaceSession;

// Monthly bills as a table: one row per month and group (a database, or a redundancy kind),
// with PITR, free and billable GB-months, LTR GB-months and the cost. Computed by the engine's
// one cost path (monthlyBills); this model only groups its lines. Exports CSV.
class BillTable : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Month,
        Group,
        PitrGbMonth,
        FreeGbMonth,
        BillableGbMonth,
        LtrGbMonth,
        Cost,
        ColumnCount
    };
    enum class Grouping { ByDatabase, ByRedundancy };
    struct Row {
        QString month;
        QString group;
        double pitr = 0, billable = 0, ltr = 0, cost = 0;
        double free() const { return std::max(0.0, pitr - billable); }
    };

    explicit BillTable(QObject* parent = nullptr);
    // `databaseName` empty: every database.
    void load(const WorkspaceSession& session, const QString& databaseName, Grouping grouping);
    void setBills(const QList<MonthlyBill>& bills, const QString& currency, bool samplePrices,
                  const QString& databaseName, Grouping grouping);

    const QList<Row>& rows() const { return rows_; }
    QStringList months() const;
    QStringList groups() const;
    double totalCost() const;
    QString currency() const { return currency_; }
    bool samplePrices() const { return samplePrices_; }
    QString toCsv() const;
    // Writes toCsv() to `path` durably (a temporary file renamed into place).
    Status writeCsv(const QString& path) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    QList<Row> rows_;
    QString currency_ = QStringLiteral("USD");
    bool samplePrices_ = true;
};

} // namespace tidemark
