#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * One problem reported by a compiler or a linker, as DiagnosticParser reads it from build
 * output. Notes and template context ("In instantiation of", "required from here") belong to
 * the error or warning they explain, in notes, rather than standing on their own.
 *
 * Paths are absolute where they could be resolved: a relative path printed by a tool is
 * taken against the build folder (where Ninja runs the compiler), and used if that file
 * exists. Anything else (a bare object-file name from the linker, "<command-line>") is kept
 * as printed.
 */
struct RELIVE_CORE_EXPORT Diagnostic
{
    enum class Severity { Error, Warning, Note };

    Severity severity = Severity::Error;
    /*!
     * The file the tool points at. Empty for a linker error that names no file
     * ("undefined symbol" from mold or lld without a reference) and for driver errors.
     */
    QString file;
    int line = 0;        //!< 1-based; 0 when unknown
    int column = 0;      //!< 1-based, as the compiler counts; 0 when unknown
    /*!
     * The text after "error: ", "warning: " or "note: ". A warning keeps its option suffix
     * ("[-Wunused-variable]") so that it can be silenced.
     */
    QString message;
    QString kind;        //!< "compiler", "linker", "cmake" (configure) or "autogen" (AutoMoc, AutoUic, AutoRcc)
    /*!
     * The notes that explain this diagnostic, in the order printed: "note:" lines, GCC's
     * template context ("In instantiation of ...", "required from here") and the linker's
     * references ("in function `f()'", ">>> referenced by ...").
     */
    QList<Diagnostic> notes;
    /*!
     * Where the file was included from, innermost first, as "path:line": GCC's
     * "In file included from a.h:3, from b.cpp:1" gives {"/abs/a.h:3", "/abs/b.cpp:1"}, and
     * Clang's outermost-first "In file included from" lines give the same order.
     */
    QStringList includeChain;

    /*! "error", "warning" or "note". */
    static QString severityName(Severity severity);

    /*! "file:line:column: error: message", as a compiler prints it (the place left out when unknown). */
    QString toLine() const;

    /*!
     * {"severity", "file", "line", "column", "message", "kind"}, plus "notes" (an array of
     * the same objects) and "includedFrom" (the include chain) when they are not empty.
     * Part of the CLI's JSON schema (the build-failed event): keep it stable.
     */
    QJsonObject toJson() const;

    bool operator==(const Diagnostic &other) const;
    bool operator!=(const Diagnostic &other) const { return !(*this == other); }
};

} // namespace Relive

Q_DECLARE_METATYPE(Relive::Diagnostic)
