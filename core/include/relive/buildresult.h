#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * How one BuildRunner run ended. Times are in milliseconds; a phase that did not run is
 * negative (configureMs when the build folder was already configured).
 */
struct RELIVE_CORE_EXPORT BuildResult
{
    bool ok = false;
    bool cancelled = false;
    int exitCode = -1;        //!< of the last tool that ran; -1 when it did not exit normally
    bool configured = false;  //!< this run had to (re)configure
    double configureMs = -1;
    double buildMs = -1;
    double totalMs = -1;
    QStringList output;       //!< every line, configure and build, ANSI colour codes kept
    /*!
     * Empty when ok. Otherwise one of: "cmake not found", "no source directory" or
     * "<dir> has no CMakeLists.txt", "no build directory", "cannot create <dir>",
     * "cannot start cmake: <reason>", "configure failed (exit N)", "configure crashed",
     * "build failed (exit N)", "build crashed", "cancelled".
     */
    QString errorString;
};

} // namespace Relive

Q_DECLARE_METATYPE(Relive::BuildResult)
