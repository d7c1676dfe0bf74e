#pragma once

#include <QList>
#include <QMutex>
#include <QtGlobal>

#include <atomic>
#include <functional>
#include <map>
#include <thread>
#include <vector>

namespace tidemark::testing {

// What the proxy does to one connection (the blob client opens one per request).
enum class Fault {
    None,                  // passes the request and its answer through
    ServiceUnavailable,    // answers 503 Server Busy itself; the service never sees the request
    ResetBeforeForwarding, // resets the connection before the service sees anything
    ResetAfterForwarding,  // the service does the request, its answer is lost to a reset
    Stall,                 // the service does the request, its answer never comes
};

// A TCP proxy on 127.0.0.1 in front of a local HTTP service (Azurite), for tests: each new
// connection gets the fault its schedule names. Stalled connections are held until the client
// gives up or the proxy goes. Thread-safe; stops and joins its threads when destroyed.
class FaultProxy {
public:
    // Called with the index of each accepted connection, in order, on the proxy's thread.
    using Schedule = std::function<Fault(int connection)>;

    FaultProxy(int upstreamPort, Schedule schedule);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }
    void setSchedule(Schedule schedule);
    int connections() const { return connections_.load(); }
    // How many connections were given `fault` so far.
    int count(Fault fault) const;

    // `faults` for the first connections, then none.
    static Schedule script(QList<Fault> faults);
    // About `percent` of connections get one of `kinds`, chosen by a generator seeded `seed`.
    static Schedule random(quint32 seed, int percent, QList<Fault> kinds);

private:
    void acceptLoop();
    void serve(int client, Fault fault);

    int upstreamPort_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    mutable QMutex mutex_;
    Schedule schedule_;
    std::map<Fault, int> counts_;
    std::vector<std::thread> workers_;
    std::thread acceptor_;
};

} // namespace tidemark::testing
