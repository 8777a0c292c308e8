#pragma once

#include "relive/diagnostic.h"

#include <QtCore/QList>
#include <QtCore/QString>

namespace Relive {

/*!
 * The messages of CMake itself in build output, as diagnostics for DiagnosticParser:
 *
 * - the configure step's "CMake Error at CMakeLists.txt:4 (relive_add_plugin):" (and "CMake
 *   Warning (dev) at ...", "CMake Error in ...:", "CMake Error:"), its indented text the
 *   message; kind "cmake", the file taken against the source folder;
 * - AutoMoc, AutoUic and AutoRcc ("AutoMoc error", a line of dashes, the file as "SRC:/x.cpp"
 *   or "BIN:/x", then the text), kind "autogen"; the line is that of the Q_OBJECT (or
 *   Q_GADGET, Q_NAMESPACE) macro a missing "#include "x.moc"" is about, or the one uic or rcc
 *   names, else unknown; "AutoUic subprocess error" alike;
 * - Ninja's "missing and no known rule to make it": for a file a .qrc lists, an AutoRcc error at
 *   that .qrc's line; else kind "build", naming the file and what needs it.
 *
 * A message goes on until a boundary line (DiagnosticParser ends it), a "-- " status line or
 * CMake's "Call Stack".
 */
class CMakeMessageParser
{
public:
    void setDirectories(const QString &sourceDirectory, const QString &buildDirectory);
    /*! True when \a line began or continued a message; its diagnostic is then diagnostics->last(). */
    bool addLine(const QString &line, QList<Diagnostic> *diagnostics);
    /*! True when \a line is Ninja's missing input, added to \a diagnostics (a boundary line otherwise). */
    bool addMissingInput(const QString &line, QList<Diagnostic> *diagnostics);
    void end();

private:
    QString resolve(const QString &path, const QString &base) const;
    void continueMessage(const QString &line, Diagnostic *diagnostic);

    QString m_sourceDirectory;
    QString m_buildDirectory;
    bool m_open = false;
    bool m_inCommand = false; //!< the next line is an autogen message's failed command
};

} // namespace Relive
