#include "core/ErrorMessages.h"

namespace tidemark {

QString userMessage(const Status& s) {
    switch (s.code()) {
    case Status::Code::Ok:
        return QStringLiteral("done");
    case Status::Code::WrongKey:
        return s.message();
    case Status::Code::Corruption:
        return QStringLiteral("damaged data detected: %1").arg(s.message());
    case Status::Code::NoSpace:
        return QStringLiteral("out of disk space: %1 (nothing was recorded; free some space and "
                              "try again)")
            .arg(s.message());
    case Status::Code::IOError:
        return QStringLiteral("input/output error: %1").arg(s.message());
    case Status::Code::Cancelled:
        return QStringLiteral("cancelled");
    case Status::Code::Busy:
        return QStringLiteral("busy: %1 (another program holds a lock; try again)")
            .arg(s.message());
    default:
        return s.message();
    }
}

} // namespace tidemark

namespace tidemark {

namespace {

QString skewText(qint64 skewMs) {
    const qint64 minutes = (qAbs(skewMs) + 30000) / 60000;
    return QStringLiteral("%1 minutes %2")
        .arg(minutes)
        .arg(skewMs > 0 ? QStringLiteral("behind") : QStringLiteral("ahead of"));
}

QString withServiceWords(const QString& text, const StorageRefusalFacts& facts) {
    return facts.serviceSays.isEmpty()
               ? text
               : text + QStringLiteral(" (the service says: %1)").arg(facts.serviceSays);
}

} // namespace

QString storageRefusalMessage(StorageRefusal why, const StorageRefusalFacts& facts) {
    switch (why) {
    case StorageRefusal::CredentialRefused:
        return QStringLiteral("the storage key or SAS for %1 was refused (%2); check the "
                              "credential for this account")
            .arg(facts.account, facts.detail);
    case StorageRefusal::ClockSkewed:
        return QStringLiteral("%1 refused the request because this machine's clock is %2 the "
                              "service's (signed requests are accepted within 15 minutes); set "
                              "the clock right and try again (%3)")
            .arg(facts.account, skewText(facts.skewMs), facts.detail);
    case StorageRefusal::SasExpired:
        return QStringLiteral("the SAS token for %1 expired at %2; create a new one (%3)")
            .arg(facts.account, facts.when, facts.detail);
    case StorageRefusal::SasNotYetValid:
        return QStringLiteral("the SAS token for %1 is not valid before %2 (%3)")
            .arg(facts.account, facts.when, facts.detail);
    case StorageRefusal::SasDisallowsWrite:
        return QStringLiteral("the SAS token does not allow writing to %1 (its permissions are "
                              "'%2'; backups need read, write, list and delete); nothing was "
                              "written (%3)")
            .arg(facts.address, facts.sasPermissions, facts.detail);
    case StorageRefusal::SasDisallowsRead:
        return QStringLiteral("the SAS token does not allow reading %1 (its permissions are "
                              "'%2'; restores need read and list) (%3)")
            .arg(facts.address, facts.sasPermissions, facts.detail);
    case StorageRefusal::AccountDisabled:
        return QStringLiteral("storage account %1 is disabled (%2)")
            .arg(facts.account, facts.detail);
    case StorageRefusal::AccountFull:
        return withServiceWords(
            QStringLiteral("storage account %1 accepts no new data: it is full or over a limit; "
                           "nothing was recorded, free space in the account or raise its limit "
                           "(%2)")
                .arg(facts.account, facts.detail),
            facts);
    case StorageRefusal::Throttled:
        return withServiceWords(QStringLiteral("storage account %1 is throttling requests and "
                                               "still was after several tries; try again later "
                                               "(%2)")
                                    .arg(facts.account, facts.detail),
                                facts);
    case StorageRefusal::ContainerMissing:
        return QStringLiteral("container %1 does not exist in %2 (%3)")
            .arg(facts.container, facts.account, facts.address);
    }
    return facts.detail;
}

} // namespace tidemark
