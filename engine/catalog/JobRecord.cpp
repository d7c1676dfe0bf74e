#include "catalog/JobRecord.h"

#include "core/ErrorMessages.h"

namespace tidemark {

QString jobStatusName(const Status& s) {
    if (s.isOk())
        return QStringLiteral("succeeded");
    if (s.isCancelled())
        return QStringLiteral("cancelled");
    return QStringLiteral("failed");
}

Status runRecordedJob(Catalog& catalog, const Clock& clock, const QString& kind,
                      const QString& target, JobContext& context, const JobWork& work,
                      QString* summary, qint64* catalogId) {
    QString localSummary;
    if (!summary)
        summary = &localSummary;
    const qint64 id = catalog.startJob(kind, target, clock.nowMs());
    if (catalogId)
        *catalogId = id;
    Status status = context.cancelled() ? Status::cancelled() : work(catalog, context, summary);
    const QString message = status.isOk() ? *summary : userMessage(status);
    if (!status.isOk())
        context.log(message);
    catalog.finishJob(id, jobStatusName(status), clock.nowMs(), message, context.logText(),
                      context.result());
    return status;
}

} // namespace tidemark
