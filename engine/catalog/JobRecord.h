#pragma once

#include "catalog/Catalog.h"
#include "core/Clock.h"
#include "core/JobContext.h"

#include <functional>

namespace tidemark {

// The work of a job: returns its outcome and may set a one-line summary of what it did.
using JobWork = std::function<Status(Catalog& catalog, JobContext& job, QString* summary)>;

// Runs `work` on the calling thread as a recorded job: a `jobs` row when it starts, and its
// outcome, message, log and result when it ends, whatever the outcome.
Status runRecordedJob(Catalog& catalog, const Clock& clock, const QString& kind,
                      const QString& target, JobContext& context, const JobWork& work,
                      QString* summary = nullptr, qint64* catalogId = nullptr);

// succeeded, cancelled or failed: the `state` a job row records for an outcome.
QString jobStatusName(const Status& s);

} // namespace tidemark
