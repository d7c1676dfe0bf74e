#include "BillTable.h"

#include "AmountText.h"
#include "SessionEngine.h"
#include "billing/Consumption.h"
#include "core/FileSystem.h"

#include <QMap>

namespace tidemark {

BillTable::BillTable(QObject* parent) : QAbstractTableModel(parent) {}

void BillTable::load(const WorkspaceSession& session, const QString& databaseName,
                     Grouping grouping) {
    Catalog& catalog = SessionEngine::catalog(session);
    const Rates rates = storedRates(catalog);
    setBills(monthlyBills(catalog, rates, QString(), QString()), rates.currency, rates.samplePrices,
             databaseName, grouping);
}

void BillTable::setBills(const QList<MonthlyBill>& bills, const QString& currency,
                         bool samplePrices, const QString& databaseName, Grouping grouping) {
    beginResetModel();
    currency_ = currency;
    samplePrices_ = samplePrices;
    QMap<std::pair<QString, QString>, Row> grouped;
    for (const MonthlyBill& bill : bills) {
        for (const BillLine& line : bill.lines) {
            if (!databaseName.isEmpty() && line.database != databaseName)
                continue;
            QString group =
                grouping == Grouping::ByDatabase ? line.database : redundancyName(line.redundancy);
            Row& r = grouped[{bill.month, group}];
            r.month = bill.month;
            r.group = group;
            r.pitr += line.pitrGbMonth;
            r.billable += line.billableGbMonth;
            r.ltr += line.ltrGbMonth;
            r.cost += line.cost;
        }
    }
    rows_ = grouped.values();
    endResetModel();
}

QStringList BillTable::months() const {
    QStringList out;
    for (const Row& r : rows_)
        if (!out.contains(r.month))
            out << r.month;
    return out;
}

QStringList BillTable::groups() const {
    QStringList out;
    for (const Row& r : rows_)
        if (!out.contains(r.group))
            out << r.group;
    out.sort();
    return out;
}

double BillTable::totalCost() const {
    double total = 0;
    for (const Row& r : rows_)
        total += r.cost;
    return total;
}

QString BillTable::toCsv() const {
    QString csv = QStringLiteral("month,group,pitr_gb_month,free_gb_month,billable_gb_month,"
                                 "ltr_gb_month,cost_%1\n")
                      .arg(currency_.toLower());
    for (const Row& r : rows_) {
        QString group = r.group;
        if (group.contains(QLatin1Char(',')) || group.contains(QLatin1Char('"')))
            group = QLatin1Char('"') + group.replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
                    QLatin1Char('"');
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                   .arg(r.month, group)
                   .arg(r.pitr, 0, 'f', 6)
                   .arg(r.free(), 0, 'f', 6)
                   .arg(r.billable, 0, 'f', 6)
                   .arg(r.ltr, 0, 'f', 6)
                   .arg(r.cost, 0, 'f', 6);
    }
    return csv;
}

Status BillTable::writeCsv(const QString& path) const {
    return writeFileDurably(FileSystem::posix(), path, toCsv().toUtf8());
}

int BillTable::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int BillTable::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BillTable::headerData(int section, Qt::Orientation o, int role) const {
    if (o == Qt::Horizontal && role == Qt::ToolTipRole && section >= PitrGbMonth &&
        section <= LtrGbMonth)
        return tr("GB-months: each hour's GB divided by the hours of its month");
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Month:
        return tr("Month");
    case Group:
        return tr("Group");
    case PitrGbMonth:
        return tr("PITR");
    case FreeGbMonth:
        return tr("Free");
    case BillableGbMonth:
        return tr("Billable");
    case LtrGbMonth:
        return tr("LTR");
    case Cost:
        return currency_;
    }
    return {};
}

QVariant BillTable::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size() || index.column() >= ColumnCount)
        return {};
    const Row& r = rows_[index.row()];
    if (role == Qt::TextAlignmentRole)
        return index.column() >= PitrGbMonth ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                             : QVariant();
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const bool raw = role == Qt::EditRole;
    // Small demo databases use thousandths of a GB-month: show enough digits to read them.
    auto gb = [raw](double v) { return raw ? QVariant(v) : QVariant(formatAmount(v)); };
    switch (index.column()) {
    case Month:
        return r.month;
    case Group:
        return r.group;
    case PitrGbMonth:
        return gb(r.pitr);
    case FreeGbMonth:
        return gb(r.free());
    case BillableGbMonth:
        return gb(r.billable);
    case LtrGbMonth:
        return gb(r.ltr);
    case Cost:
        return raw ? QVariant(r.cost) : QVariant(formatAmount(r.cost));
    }
    return {};
}

} // namespace tidemark
