#include "VaultFiles.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace tidemark::testsupport {

QStringList filesUnder(const QString& dir, const QString& suffix) {
    QStringList found;
    QDirIterator iterator(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (iterator.hasNext()) {
        const QString path = iterator.next();
        if (path.endsWith(suffix)) {
            found << path;
        }
    }
    found.sort();
    return found;
}

QString largestFile(const QStringList& paths) {
    const auto largest =
        std::max_element(paths.begin(), paths.end(), [](const QString& a, const QString& b) {
            return QFileInfo(a).size() < QFileInfo(b).size();
        });
    return largest == paths.end() ? QString() : *largest;
}

QString newestFile(const QStringList& paths) {
    const auto newest =
        std::max_element(paths.begin(), paths.end(), [](const QString& a, const QString& b) {
            return QFileInfo(a).lastModified() < QFileInfo(b).lastModified();
        });
    return newest == paths.end() ? QString() : *newest;
}

bool flipByte(const QString& path, qint64 offset) {
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) || offset < 0 || offset >= file.size() ||
        !file.seek(offset)) {
        return false;
    }
    char byte = 0;
    if (!file.getChar(&byte) || !file.seek(offset)) {
        return false;
    }
    return file.putChar(static_cast<char>(~byte)) && file.flush();
}

bool truncateFile(const QString& path, qint64 size) {
    QFile file(path);
    return file.resize(size);
}

} // namespace tidemark::testsupport
