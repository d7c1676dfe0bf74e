#pragma once

#include "core/Status.h"

#include <QByteArray>
#include <QString>

namespace tidemark::azure {

// An error answer from the Blob service, with what is needed to tell the user why.
struct ErrorAnswer {
    long status = 0;
    QByteArray code;       // x-ms-error-code, else the body's <Code>
    QByteArray message;    // the body's <Message>, first line
    QByteArray date;       // the Date header: the service's clock
    qint64 receivedMs = 0; // this machine's clock when the answer came
    bool write = false;    // the request would have changed something
};

// Reads the code and message of an error body (XML <Error>); the header's code wins.
void readErrorBody(const QByteArray& body, ErrorAnswer& answer);

// Who was refused what: the account, and the object (or container) by its address.
struct RefusedRequest {
    QString account;
    QString container;
    QString address;  // azure://ACCOUNT/CONTAINER[/NAME]
    QString sasToken; // the SAS in use, if any: its se=, st= and sp= explain refusals
};

// The status for an answer that is not a success: specific words (ErrorMessages) for a refused
// credential, a skewed clock, an expired or too narrow SAS, a missing container, a disabled,
// full or throttled account.
Status refusalStatus(const ErrorAnswer& answer, const RefusedRequest& request);

} // namespace tidemark::azure
