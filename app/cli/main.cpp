#include "CliApplication.h"

#include <QCoreApplication>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tidemark"));
    return tidemark::CliApplication().run(QCoreApplication::arguments().mid(1));
}
