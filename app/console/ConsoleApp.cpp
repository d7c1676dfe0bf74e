#include "ConsoleApp.h"

#include "Clock.h"
#include "ErrorMessages.h"
#include "MainWindow.h"
#include "WorkspaceSession.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QInputDialog>
#include <QMessageBox>
#include <QStandardPaths>

namespace tidemark {

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
    if (!Workspace::existsAt(dir)) {
        QMessageBox::information(
            nullptr, QObject::tr("Tidemark"),
            QObject::tr("There is no workspace at %1.\n\nCreate one with 'tidemark-cli "
                        "--workspace %1 init', or try the demo with 'tidemark-cli --workspace %1 "
                        "demo'.")
                .arg(dir));
        return 1;
    }
    QByteArray passphrase;
    if (parser.isSet(passphraseOption)) {
        QFile f(parser.value(passphraseOption));
        if (f.open(QIODevice::ReadOnly))
            passphrase = f.readLine().trimmed();
    } else {
        passphrase = qgetenv("TIDEMARK_PASSPHRASE");
    }
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
    return QApplication::exec();
}

} // namespace tidemark
