#include "workspace/exampleworkspace.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QStandardPaths>

namespace Relive::App {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ExampleWorkspace", text);
}
} // namespace

QString ExampleWorkspace::bundledDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable("RELIVE_EXAMPLES_DIR");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    // Installed: <prefix>/bin/relive and <prefix>/share/relive/examples.
    const QString installed = QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("../share/relive/examples"));
    if (QFileInfo::exists(installed + QStringLiteral("/CMakeLists.txt")))
        return QDir::cleanPath(installed);
    return QStringLiteral(RELIVE_SOURCE_EXAMPLES_DIR);
}

QString ExampleWorkspace::writableDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/examples");
}

QString ExampleWorkspace::prepare(QString *error)
{
    const QString target = writableDirectory();
    if (QFileInfo::exists(target + QStringLiteral("/CMakeLists.txt")))
        return target;
    const QString source = bundledDirectory();
    if (!QFileInfo::exists(source + QStringLiteral("/CMakeLists.txt"))) {
        *error = tr("The bundled examples are missing from %1; reinstall Relive "
                                                                 "or open a workspace of your own.").arg(source);
        return QString();
    }
    QDirIterator it(source, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString copy = target + QLatin1Char('/') + QDir(source).relativeFilePath(file);
        if (!QDir().mkpath(QFileInfo(copy).absolutePath()) || (!QFileInfo::exists(copy) && !QFile::copy(file, copy))) {
            *error = tr("Cannot copy the examples to %1: check that the folder is writable.").arg(target);
            return QString();
        }
        // Files from /usr/share are read-only; the copy is the user's to edit.
        QFile(copy).setPermissions(QFile(copy).permissions() | QFileDevice::WriteOwner);
    }
    return target;
}

} // namespace Relive::App
