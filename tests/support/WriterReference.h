#pragma once

#include "SqliteFiles.h"

#include <QList>
#include <QProcess>
#include <QString>

#include <optional>

namespace tidemark::testsupport {

// Builds, in a fresh file, the exact content tidemark-test-writer had right after commit k, by
// replaying commits 1..k (k = 0 gives the empty schema).
bool buildWriterReference(const QString& path, qint64 k, QString* error = nullptr);

// progress.k of a file the writer wrote (or a restore of it); nullopt when it has none.
std::optional<qint64> readWriterProgress(const QString& path);

// One line of the writer's --log: commit k began and was committed at these instants.
struct WriterCommit {
    qint64 k = 0;
    qint64 beganMs = 0;
    qint64 committedMs = 0;
};

QList<WriterCommit> readWriterLog(const QString& logPath);

// Path of tidemark-test-checkpointer (loops PASSIVE, FULL, RESTART and TRUNCATE checkpoints).
QString checkpointerProgram();

// tidemark-test-writer running in the background. The destructor stops it.
class WriterProcess {
public:
    struct Settings {
        QString databasePath;
        JournalMode journal = JournalMode::Wal;
        int pageSize = 4096;
        int pauseMs = 5;
        // Upper bound only: tests stop the writer themselves with stop().
        int seconds = 600;
        QString logPath;
    };

    explicit WriterProcess(Settings settings);
    ~WriterProcess();
    WriterProcess(const WriterProcess&) = delete;
    WriterProcess& operator=(const WriterProcess&) = delete;

    bool start(QString* error = nullptr);
    // Waits until the log shows at least `k` commits; false on timeout or when the writer died.
    bool waitForCommit(qint64 k, int timeoutMs);
    // Highest k in the log so far (0 when none).
    qint64 lastLoggedCommit() const;
    // SIGTERM, so the writer ends after its current commit; returns its exit code (-1 if killed).
    int stop();
    QString output() const { return m_output; }
    QString logPath() const { return m_settings.logPath; }

private:
    Settings m_settings;
    QProcess m_process;
    QString m_output;
};

} // namespace tidemark::testsupport
