#include "editor/textfile.h"

#include "relive/private/atomicfile.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>

namespace Relive::App {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("TextFile", text);
}

// Names the cause (from the most basic up) and the remedy; the system's message comes last.
// \a systemError is empty when the system gave no reason.
QString writeFailureReason(const QString &path, const QString &systemError)
{
    const QString shownPath = QDir::toNativeSeparators(path);
    const QFileInfo file(path);
    QFileInfo folder(file.absolutePath());
    while (!folder.exists() && folder.absoluteFilePath() != folder.absolutePath())
        folder = QFileInfo(folder.absolutePath());
    const QString shownFolder = QDir::toNativeSeparators(file.absolutePath());

    if (!folder.isDir()) {
        return tr("Could not save %1: %2 is a file, not a folder. Your changes are kept in the editor; "
                  "move that file away and save again.")
            .arg(shownPath, QDir::toNativeSeparators(folder.absoluteFilePath()));
    }
    if (folder.absoluteFilePath() != file.absolutePath()) {
        return tr("Could not save %1: the folder %2 no longer exists. Your changes are kept in the editor; "
                  "create the folder again and save.")
            .arg(shownPath, shownFolder);
    }
    if (file.exists() && !file.isWritable()) {
        return tr("Could not save %1: the file is read-only. Your changes are kept in the editor; "
                  "make the file writable (chmod u+w) and save again.")
            .arg(shownPath);
    }
    if (!QFileInfo(file.absolutePath()).isWritable()) {
        return tr("Could not save %1: the folder %2 is read-only, and saving writes a new file there before "
                  "replacing the old one. Your changes are kept in the editor; make the folder writable "
                  "and save again.")
            .arg(shownPath, shownFolder);
    }
    const QString cause = systemError.isEmpty()
        ? tr("writing it stopped partway, as it does when the disk is full or a quota is reached")
        : systemError;
    return tr("Could not save %1: %2. Your changes are kept in the editor; check the free disk space and "
              "the permissions, then save again.")
        .arg(shownPath, cause);
}
} // namespace

bool TextFile::read(const QString &path, QByteArray *contents, QString *errorString)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *errorString = tr("Cannot open %1: the file does not exist.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (info.isDir()) {
        *errorString = tr("Cannot open %1: it is a folder, not a file.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *errorString = tr("Cannot open %1: %2. Check the file's permissions.")
                           .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    *contents = file.readAll();
    return true;
}

bool TextFile::write(const QString &path, const QByteArray &contents, QString *errorString)
{
    Relive::AtomicFile file(path);
    if (file.write(contents))
        return true;
    *errorString = writeFailureReason(path, file.systemError());
    return false;
}

QString TextFile::decode(const QByteArray &contents)
{
    return QString::fromUtf8(contents);
}

QByteArray TextFile::encode(const QString &text)
{
    return text.toUtf8();
}

} // namespace Relive::App
