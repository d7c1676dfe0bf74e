#include "ConsoleApp.h"

#include "MainWindow.h"
#include "WorkspaceSession.h"
#include "core/Clock.h"
#include "core/ErrorMessages.h"
#include "workspace/DemoData.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QInputDialog>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QThread>

#include <atomic>
#include <thread>

namespace tidemark {
namespace {

// The first start without a workspace: offers to build the demo there, on a background thread
// while a progress dialog runs. Returns false when the user declined or it failed.
bool offerDemo(const QString& dir, QByteArray* passphrase) {
    auto answer = QMessageBox::question(
        nullptr, QObject::tr("Tidemark"),
        QObject::tr("There is no workspace at %1.\n\nBuild the demo workspace there? It "
                    "protects three sample databases and runs the real agent over three "
                    "simulated weeks of backups (about 20 seconds).\n\nOtherwise create one "
                    "with 'tidemark-cli --workspace %1 init'.")
            .arg(dir),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes)
        return false;
    while (passphrase->isEmpty()) {
        bool ok = false;
        QString typed = QInputDialog::getText(
            nullptr, QObject::tr("Tidemark"),
            QObject::tr("A passphrase for the demo vault (at least 12 characters):"),
            QLineEdit::Password, {}, &ok);
        if (!ok)
            return false;
        if (typed.size() >= 12)
            *passphrase = typed.toUtf8();
    }
    QProgressDialog progress(QObject::tr("Building the demo workspace..."), QString(), 0, 0);
    progress.setWindowModality(Qt::ApplicationModal);
    progress.setMinimumDuration(0);
    progress.show();
    std::atomic<bool> done{false};
    Status status;
    std::thread worker([&] {
        auto r = buildDemoWorkspace(dir, *passphrase, QDateTime::currentMSecsSinceEpoch());
        if (!r)
            status = r.status();
        done.store(true);
    });
    while (!done.load()) {
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(20);
    }
    worker.join();
    progress.close();
    if (!status) {
        QMessageBox::critical(nullptr, QObject::tr("Tidemark"), userMessage(status));
        return false;
    }
    return true;
}

} // namespace

int runConsole(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tidemark console"));
    parser.addHelpOption();
    QCommandLineOption workspaceOption(QStringLiteral("workspace"),
                                       QStringLiteral("Workspace folder."), QStringLiteral("DIR"));
    QCommandLineOption passphraseOption(QStringLiteral("passphrase-file"),
                                        QStringLiteral("Read the vault passphrase from FILE."),
                                        QStringLiteral("FILE"));
    parser.addOption(workspaceOption);
    parser.addOption(passphraseOption);
    parser.process(arguments);

    QString dir = parser.value(workspaceOption);
    if (dir.isEmpty())
        dir = QString::fromLocal8Bit(qgetenv("TIDEMARK_WORKSPACE"));
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
              QStringLiteral("/tidemark");
    QByteArray passphrase;
    if (parser.isSet(passphraseOption)) {
        QFile f(parser.value(passphraseOption));
        if (f.open(QIODevice::ReadOnly))
            passphrase = f.readLine().trimmed();
    } else {
        passphrase = qgetenv("TIDEMARK_PASSPHRASE");
    }
    if (!Workspace::existsAt(dir) && !offerDemo(dir, &passphrase))
        return 1;
    auto clock = std::make_shared<SystemClock>();
    auto ws = Workspace::open(dir, passphrase.isEmpty() ? nullptr : &passphrase, clock);
    while (!ws && ws.status().code() == Status::Code::WrongKey) {
        bool ok = false;
        QString typed = QInputDialog::getText(
            nullptr, QObject::tr("Tidemark"),
            passphrase.isEmpty() ? QObject::tr("Passphrase for the vault of %1:").arg(dir)
                                 : QObject::tr("Wrong passphrase. Passphrase for %1:").arg(dir),
            QLineEdit::Password, {}, &ok);
        if (!ok)
            return 1;
        passphrase = typed.toUtf8();
        ws = Workspace::open(dir, &passphrase, clock);
    }
    if (!ws) {
        QMessageBox::critical(nullptr, QObject::tr("Tidemark"), userMessage(ws.status()));
        return 1;
    }
    WorkspaceSession session(std::move(*ws));
    MainWindow window(session);
    window.show();
    // The agent runs here unless another process holds the workspace (the status bar says so).
    session.agent().start(dir, passphrase);
    return QApplication::exec();
}

} // namespace tidemark
