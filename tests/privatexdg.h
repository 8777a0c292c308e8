// XDG folders of a suite's own, so that the real programs it starts (app, relive-cli, an
// embedder) keep their settings, recovery copies and runtime folders apart from other suites'.
#pragma once

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QString>

namespace PrivateXdg {

/*!
 * XDG_RUNTIME_DIR = <home>/runtime, made 0700 (the runtime folders land in <runtime>/relive).
 * For this process and every child it starts afterwards. False when it cannot be made.
 */
inline bool useRuntimeFolder(const QString &home)
{
    const QString runtime = home + QStringLiteral("/runtime");
    if (!QDir().mkpath(runtime) || !QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
        return false;
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
    return true;
}

/*! The runtime folder as above, and XDG_DATA_HOME and XDG_CONFIG_HOME under \a home. Call before any QSettings or QStandardPaths use. */
inline bool useFolders(const QString &home)
{
    qputenv("XDG_DATA_HOME", QFile::encodeName(home + QStringLiteral("/data")));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home + QStringLiteral("/config")));
    return useRuntimeFolder(home);
}

} // namespace PrivateXdg
