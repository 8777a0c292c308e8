#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QHash>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * A link command run by the linker itself rather than through the compiler driver. clang++
 * spends ~80 ms starting up (LLVM's static initializers) before it runs the linker, which
 * links a plugin with mold in ~60 ms: on a save's path that is worth skipping. The driver is
 * asked once per command which job it would run (`<driver> ... -###`); its answer is used only
 * when that is one job and the job is a linker (ld, ld.mold, ld.lld, mold...). GCC's job is
 * collect2, which reads the environment the driver would give it: GCC keeps its driver.
 */
class RELIVE_CORE_EXPORT LinkerJob
{
public:
    /*! \a link (program and arguments, run in \a directory) as the linker's own command, or \a link itself. */
    QStringList direct(const QStringList &link, const QString &directory);

    /*! The one linker job the driver of \a link would run, or empty with \a why saying why not. */
    static QStringList ask(const QStringList &link, const QString &directory, QString *why);
    /*! The words of a job line of `-###` (each one "quoted", with \" \\ \$ escaped). */
    static QStringList jobWords(const QString &line);

private:
    QHash<QString, QStringList> m_known; //!< by directory and command
};

} // namespace Relive
