#pragma once

#include "relive/buildresult.h"
#include "relive/relive_core_export.h"
#include "relive/toolchain.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <memory>

namespace Relive {

class BuildRunnerPrivate;

/*!
 * Configures and builds a plugin workspace in the background (docs/ARCHITECTURE.md, "Save →
 * build → trial → swap").
 *
 * A workspace is a CMake project. The first run configures it into the build folder, which
 * lies outside the source tree:
 *
 *     cmake -S <source> -B <build> -G Ninja -DCMAKE_BUILD_TYPE=Debug
 *           -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_COLOR_DIAGNOSTICS=ON
 *           <toolchain arguments> <configure arguments>
 *
 * Later runs only build (`cmake --build <build> [--target ...]`), until the toolchain or the
 * configure arguments change. A toolchain change configures afresh (CMakeCache.txt and
 * CMakeFiles/ are removed first), since CMake keeps a compiler and a launcher once cached; so
 * does a first configure of a folder that something else configured.
 *
 * Debug is the build type: -O0 compiles fastest and -g lets a debugger attach to the host
 * with the plugin in it; RelWithDebInfo costs seconds per save in the optimiser. A
 * -DCMAKE_BUILD_TYPE=... among the configure arguments wins.
 *
 * Colours are asked for (CMAKE_COLOR_DIAGNOSTICS, CMake 3.24 and later, and CLICOLOR_FORCE=1
 * so that Ninja keeps them) and kept in the output: a build console shows them, and the
 * DiagnosticParser strips them. NINJA_STATUS is fixed to Ninja's default "[%f/%t] " so that a
 * user's setting cannot change the progress lines. With ccache as the launcher,
 * CCACHE_SLOPPINESS gets pch_defines,time_macros, without which ccache caches no compile that
 * uses a precompiled header.
 *
 * Everything is asynchronous: nothing here blocks the calling thread. Tools run as QProcess
 * with argument lists, never through a shell, in a process group of their own, so that
 * cancel() stops Ninja and every compiler it started.
 */
class RELIVE_CORE_EXPORT BuildRunner : public QObject
{
    Q_OBJECT

public:
    explicit BuildRunner(QObject *parent = nullptr);
    /*! Kills a running build's process groups (SIGKILL), without emitting finished(). */
    ~BuildRunner() override;

    /*! The workspace: a CMake project. */
    void setSourceDirectory(const QString &dir);
    /*! Where the workspace is configured and built; outside the source tree. */
    void setBuildDirectory(const QString &dir);
    void setToolchain(const Toolchain &toolchain);
    /*! Further arguments for the configure step, e.g. -DRelive_DIR=..., -DRELIVE_QT_MAJOR=6. */
    void setConfigureArguments(const QStringList &extra);

    QString sourceDirectory() const;
    QString buildDirectory() const;
    Toolchain toolchain() const;
    QStringList configureArguments() const;

    /*! From start() until finished() (a cancelled build runs until its processes are gone). */
    bool isRunning() const;

    /*!
     * True when the next start() configures first: there is no build.ninja yet, the last
     * configure failed, or the toolchain or arguments differ from the last successful one
     * (remembered in <build>/.relive-configure.json).
     */
    bool needsConfigure() const;

    /*!
     * Configures if needed, then builds \a targets (all when empty). Returns at once;
     * started() and finished() follow. A running build is cancelled first, and the new one
     * starts once its processes are gone.
     */
    void start(const QStringList &targets = QStringList());

    /*!
     * Stops the running build: SIGTERM to its process group and to those of its descendants
     * (Ninja gives every compile a group of its own), SIGKILL after one second for whatever is
     * left. finished() with cancelled set follows once no process of the build remains.
     */
    void cancel();

Q_SIGNALS:
    /*!
     * A build began; \a willConfigure when it configures first. Not emitted when it cannot
     * begin (no cmake, no CMakeLists.txt...): finished() then comes alone, from the event loop.
     */
    void started(bool willConfigure);
    /*! One line of merged stdout and stderr, without its line break, as it comes. */
    void outputLine(const QString &line);
    void finished(const Relive::BuildResult &result);

private:
    friend class BuildRunnerPrivate;
    std::unique_ptr<BuildRunnerPrivate> d;
};

} // namespace Relive
