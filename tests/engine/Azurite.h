#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace tidemark::testing {

// The pinned Azure Storage emulator's blob service, run for one test: installed by
// scripts/azurite.sh into the build folder, listening on a port of its choosing on 127.0.0.1,
// its data in a temporary folder, stopped by its pid.
class Azurite {
public:
    Azurite() = default;
    ~Azurite();

    // Empty when it runs; otherwise why not (npm missing, the install failed, the emulator
    // would not start). Tests fail on that reason, never skip: CI must prove blob locations.
    QString start();
    // start(), then this process's Azure credential is the emulator's connection string alone.
    QString startAsTheAccount();
    int port() const { return port_; }
    // The emulator's well-known development account, as a connection string for this port.
    QString connectionString(const QString& accountKey = developmentKey()) const;
    static QString developmentKey();
    static QString account() { return QStringLiteral("devstoreaccount1"); }

private:
    QTemporaryDir data_;
    QProcess process_;
    int port_ = 0;
};

} // namespace tidemark::testing
