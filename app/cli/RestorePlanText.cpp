#include "RestorePlanText.h"

#include "TextTable.h"
#include "core/Clock.h"
#include "core/Units.h"

namespace tidemark {

QString restorePlanText(const RestorePlan& plan) {
    QString text = QStringLiteral("Dry run: nothing is written and no job is recorded.\n");
    text +=
        QStringLiteral("Would restore %1 as %2 into %3, as of %4.\n")
            .arg(plan.database.name,
                 plan.request.newName.isEmpty() ? QStringLiteral("(no --as)")
                                                : plan.request.newName,
                 plan.request.file.isEmpty() ? QStringLiteral("(no --file)") : plan.request.file,
                 plan.describeState());
    text +=
        QStringLiteral("Read from the %1 location (%2): %3 in %4 backup(s)%5.\n")
            .arg(restoreLocationName(plan.location), plan.locationRoot,
                 humanBytes(plan.bytesToRead))
            .arg(plan.chain.size())
            .arg(plan.segments > 0
                     ? QStringLiteral(", plus %1 log segment(s) not yet sealed").arg(plan.segments)
                     : QString());
    QList<QStringList> rows;
    for (const BackupInfo& b : plan.chain)
        rows << QStringList{QString::number(rows.size() + 1), backupTypeName(b.type),
                            formatTime(b.snapshotMs), humanBytes(b.storedBytes), b.id};
    text += textTable({QStringLiteral("#"), QStringLiteral("TYPE"), QStringLiteral("POINT"),
                       QStringLiteral("STORED"), QStringLiteral("ID")},
                      rows);
    return text;
}

} // namespace tidemark
