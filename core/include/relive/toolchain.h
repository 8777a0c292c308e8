#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QJsonObject>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * What Toolchain::detect() should prefer; also known as Toolchain::Preferences. Declared
 * outside Toolchain because a nested class with member initializers cannot be a default
 * argument of its enclosing class's functions.
 */
struct RELIVE_CORE_EXPORT ToolchainPreferences
{
    bool preferClang = true;   //!< clang++ before g++ when both are installed
    bool usePch = true;        //!< the SDK's precompiled header (RELIVE_PCH)
    bool useFastLinker = true; //!< mold, else lld, where the compiler can use it
    /*!
     * The compiler launcher: "auto" is ccache if it is installed, "" or "none" is none,
     * anything else a program name looked up in PATH (distcc, icecc) or an absolute path.
     */
    QString launcher = QStringLiteral("auto");
};

/*!
 * The compiler, linker, compiler launcher and precompiled-header choice a workspace is
 * configured with (docs/ARCHITECTURE.md, "Save → build → trial → swap").
 *
 * detect() picks the fast path where this machine has it: clang++, the SDK's precompiled
 * header of the Qt headers, mold or lld, and ccache. cmakeDefaults() is the naive way, for
 * comparison: nothing is chosen, CMake takes c++ and the default linker, no PCH.
 *
 * detect() runs the compiler to check each linker (a real link of a one-line program) and
 * describe() runs it once for its version; both results are cached for the life of the
 * process, so only the first call costs (a few hundred milliseconds).
 */
struct RELIVE_CORE_EXPORT Toolchain
{
    using Preferences = ToolchainPreferences;

    /*! Absolute path of the C++ compiler; empty: CMake's own choice ($CXX, else c++). */
    QString cxxCompiler;
    /*! "mold", "lld" or empty for the compiler's default linker. */
    QString linker;
    /*! Absolute path of the compiler launcher (ccache...), or empty. */
    QString launcher;
    bool pch = true;

    static Toolchain detect(const Preferences &preferences = Preferences());
    /*!
     * The program a launcher setting (Preferences::launcher) stands for: an absolute path, or
     * empty for "none" and for a program that is not installed.
     */
    static QString findLauncher(const QString &setting);
    /*! Nothing set: CMake picks the compiler and linker; no PCH, no launcher. */
    static Toolchain cmakeDefaults();

    /*!
     * The -D arguments for `cmake -S -B` that select this toolchain: CMAKE_CXX_COMPILER,
     * CMAKE_CXX_COMPILER_LAUNCHER, -fuse-ld=<linker> in CMAKE_{EXE,SHARED,MODULE}_LINKER_FLAGS
     * and RELIVE_PCH. Empty fields add nothing (CMake's default stays), except RELIVE_PCH,
     * which is always given.
     */
    QStringList configureArguments() const;

    /*! For the user: "clang++ 14.0.6, PCH, mold, ccache". */
    QString describe() const;

    /*! The compiler's version ("14.0.6"); empty when there is no compiler or it cannot run. */
    QString compilerVersion() const;

    /*! cxxCompiler, compilerVersion, linker, launcher, pch and description. */
    QJsonObject toJson() const;

    bool operator==(const Toolchain &other) const;
    bool operator!=(const Toolchain &other) const { return !(*this == other); }
};

} // namespace Relive

Q_DECLARE_METATYPE(Relive::Toolchain)
