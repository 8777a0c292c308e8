// A workspace of one plugin, the example counter, for the suites that start the real `relive`
// on a workspace of their own (tst_appcrash, tst_recovery): trusted, so the app asks nothing.
#pragma once

#include "testfiles.h"
#include "workspace/workspacetrust.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QString>

namespace CounterWorkspace {

using TestFiles::readFile;
using TestFiles::writeFile;

/*! The example counter's source as the repository has it. */
inline QByteArray exampleSource()
{
    return readFile(QStringLiteral(RELIVE_SOURCE_DIR "/plugins/counter/counterplugin.cpp"));
}

/*!
 * Makes \a root (an existing folder) a trusted workspace holding counter/ with \a source as
 * counterplugin.cpp, and returns the source's path; empty when a file could not be written.
 */
inline QString create(const QString &root, const QByteArray &source)
{
    const QString from = QStringLiteral(RELIVE_SOURCE_DIR "/plugins/");
    if (!QDir().mkpath(root + QStringLiteral("/counter")))
        return QString();
    for (const QString &name : {QStringLiteral("CMakeLists.txt"), QStringLiteral("counter.json"), QStringLiteral("counterplugin.h")}) {
        if (!QFile::copy(from + QStringLiteral("counter/") + name, root + QStringLiteral("/counter/") + name))
            return QString();
    }
    const QString sourcePath = root + QStringLiteral("/counter/counterplugin.cpp");
    QByteArray project = readFile(from + QStringLiteral("CMakeLists.txt"));
    project = project.left(project.indexOf("add_subdirectory(counter)")) + "add_subdirectory(counter)\n";
    if (!writeFile(sourcePath, source) || !writeFile(root + QStringLiteral("/CMakeLists.txt"), project))
        return QString();
    Relive::App::WorkspaceTrust::trust(root); // the app reads the same settings: no question
    return sourcePath;
}

} // namespace CounterWorkspace
