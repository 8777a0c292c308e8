#pragma once

#include "relive/diagnostic.h"
#include "relive/relive_core_export.h"

#include <QtCore/QList>
#include <QtCore/QString>

#include <memory>

namespace Relive {

class DiagnosticParserPrivate;

/*!
 * Turns the merged stdout and stderr of a build (Ninja running GCC or Clang, then a linker)
 * into a list of Diagnostic, fed one line at a time as the build prints it.
 *
 * Understood:
 * - GCC and Clang: "file:line:col: error|warning|note|fatal error: message", also without a
 *   column. "fatal error" is an Error. Notes attach to the error or warning before them.
 * - "In file included from a.h:3," / "from b.cpp:1:" (GCC) and one "In file included from"
 *   line per level (Clang): attached to the next diagnostic (note or not) as its
 *   includeChain. Compilers print a chain only when it changes, and GCC cuts it short at the
 *   first inclusion it has already shown: a diagnostic gets the chain last seen for its file
 *   in the same compilation, and a short chain is completed from the ones before it.
 * - GCC's template context ("file: In instantiation of ...", "file:l:c:   required from
 *   here", "required from ...", "[ skipping N instantiation contexts ]"), which comes before
 *   the error: attached to that error as notes, never top-level.
 * - GNU ld ("ld: x.o: in function `f()':", "x.cpp:(.text+0x5): undefined reference to
 *   `g()'", "x.cpp:4: undefined reference..."), gold, lld and mold ("ld.lld: error:
 *   undefined symbol: g()", ">>> referenced by x.cpp:4 (../src/x.cpp:4)"). Their kind is
 *   "linker"; the first reference with a location gives file and line.
 * - Driver errors ("g++: error: ...", "clang: error: ..."), kind "compiler" and no file.
 * - CMake's own errors and warnings: the configure step's ("CMake Error at CMakeLists.txt:4
 *   (relive_add_plugin):", kind "cmake") and AutoMoc's, AutoUic's and AutoRcc's ("AutoMoc
 *   error" and the file it names, kind "autogen"): CMakeMessageParser.
 *
 * Ignored: ANSI colour codes (stripped first), source echo and caret lines, GCC's "In
 * function ..." lines, "N errors generated.", "compilation terminated.", Ninja's "[3/5] ..."
 * and "FAILED: ..." lines and the command line after them, and make's "make: *** ..." lines.
 * A Ninja or make line also ends the context of the tool before it: notes after it are not
 * attached across.
 *
 * The summary a driver prints after a failed link ("collect2: error: ld returned 1 exit
 * status", "clang: error: linker command failed with exit code 1") is not a diagnostic of its
 * own when the linker said what was wrong. It becomes one (a linker error) only when no
 * linker diagnostic came before it, so a failed link is never reported with no error at all.
 *
 * The parser expects the tools' English messages: run builds with LC_MESSAGES=C (or LC_ALL=C).
 * GCC counts columns in display columns (a tab moves to the next multiple of 8) unless it is
 * given -fdiagnostics-column-unit=byte; Clang counts bytes. Columns are kept as printed.
 */
class RELIVE_CORE_EXPORT DiagnosticParser
{
public:
    /*!
     * \a buildDirectory is the folder the tools ran in; relative paths in their output are
     * resolved against it. Empty: paths are kept as printed.
     */
    explicit DiagnosticParser(const QString &buildDirectory = QString());
    ~DiagnosticParser();
    DiagnosticParser(const DiagnosticParser &other);
    DiagnosticParser &operator=(const DiagnosticParser &other);
    DiagnosticParser(DiagnosticParser &&other) noexcept;
    DiagnosticParser &operator=(DiagnosticParser &&other) noexcept;

    QString buildDirectory() const;
    /*!
     * The project's source folder: CMake's messages name files relative to it ("CMake Error at
     * CMakeLists.txt:4", AutoMoc's "SRC:/x.cpp").
     */
    void setSourceDirectory(const QString &sourceDirectory);

    /*!
     * One complete line of build output, with or without its line break, possibly with ANSI
     * colour codes. A trailing "\r" is ignored.
     *
     * Returns the place the line points at, for a build console to make the line a link: the
     * diagnostic it began, the note it added (when that note names a file), or the last
     * diagnostic whose place it gave (a linker's ">>> referenced by x.cpp:4"). Its file is
     * empty when the line points nowhere.
     */
    Diagnostic addLine(const QString &line);
    /*!
     * Splits \a text on line breaks and adds each line. The text after the last line break,
     * if any, counts as a complete line: feed whole lines (a partial line split across two
     * calls is read as two lines).
     */
    void addOutput(const QString &text);

    /*!
     * The top-level diagnostics (errors, warnings, and notes that have nothing to attach to),
     * in the order they were printed. Complete at any time: a diagnostic is listed as soon as
     * its first line is read, and later lines (notes, references) are added to it in place.
     */
    QList<Diagnostic> diagnostics() const;
    /*! The top-level errors and warnings in diagnostics(). */
    int errorCount() const;
    int warningCount() const;

    /*! Forgets all diagnostics and all context, for the next build. Keeps the build folder. */
    void clear();

    /*!
     * \a text without ANSI escape sequences: SGR colours ("\x1b[01;31m"), "\x1b[K", other
     * CSI sequences, and OSC sequences such as the hyperlinks GCC puts on warning options.
     */
    static QString stripAnsi(const QString &text);

private:
    std::unique_ptr<DiagnosticParserPrivate> d;
};

} // namespace Relive
