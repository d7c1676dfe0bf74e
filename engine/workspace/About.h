#pragma once

#include <QList>
#include <QString>

namespace tidemark {

// A library Tidemark is built on, as this process loaded it.
struct Component {
    QString name;
    QString version;
    QString licence;
};

// What "About" and `--version` say: the release, the vault format it writes, and the
// libraries it runs on with their licences (versions read from the libraries at run time).
struct AboutInfo {
    QString version;
    int vaultFormat = 0;
    QList<Component> components;
};

AboutInfo aboutTidemark();

} // namespace tidemark
