#pragma once

#include "relive/buildresult.h"
#include "relive/diagnostic.h"
#include "relive/hostevent.h"
#include "relive/relive_core_export.h"
#include "relive/reloadtiming.h"
#include "relive/toolchain.h"

#include <QtCore/QObject>

#include <functional>
#include <memory>

namespace Relive {

class BuildRunner;
class CandidateBuild;
class LiveSessionPrivate;
class PluginHost;
class SourceWatcher;

/*!
 * The live loop over a plugin workspace: a saved change → a background build → every plugin
 * whose artifact changed is validated and swapped in, with its state.
 *
 * The workspace is a CMake project whose plugins use relive_add_plugin(). It is configured
 * once (Ninja, in a build folder outside the source tree, with the fastest toolchain found),
 * then built incrementally. A newer save cancels the running build; a build that was
 * cancelled or superseded publishes nothing, so a stale artifact is never loaded. A failed
 * build leaves every live generation running and reports its diagnostics.
 */
class RELIVE_CORE_EXPORT LiveSession : public QObject
{
    Q_OBJECT

public:
    explicit LiveSession(PluginHost *host, QObject *parent = nullptr);
    ~LiveSession() override;

    /*! The workspace to build; the build folder defaults to defaultBuildDirectory(). */
    void setWorkspace(const QString &workspace);
    QString workspace() const;
    void setBuildDirectory(const QString &buildDirectory);
    QString buildDirectory() const;
    /*! Defaults to Toolchain::detect(). */
    void setToolchain(const Toolchain &toolchain);
    Toolchain toolchain() const;
    /*! Folder holding ReliveConfig.cmake; defaults to defaultPackageDirectory(). */
    void setPackageDirectory(const QString &directory);

    BuildRunner *buildRunner() const;
    /*!
     * Builds unsaved text into a candidate generation (CandidateBuild); a save of exactly that
     * text, with every other input unchanged, swaps it in before the normal build runs.
     */
    CandidateBuild *candidateBuild() const;
    /*!
     * \a files were just saved (an editor knows before the watcher): swaps in the ready
     * candidate if it matches them, without waiting for the watcher's debounce. The watcher's
     * report still starts the normal build. Returns whether the candidate went live.
     */
    bool swapCandidateFor(const QStringList &files);
    /*!
     * Whether a save of one source of a loaded plugin, with no candidate of that text, is first
     * built as a candidate at normal priority and swapped in before the normal build runs (on
     * by default). It falls back to the normal build whenever the candidate cannot be used.
     */
    void setCandidateOnSave(bool enabled);
    bool candidateOnSave() const;
    SourceWatcher *sourceWatcher() const;
    PluginHost *host() const;

    /*!
     * Where the plugin files of each build go (relive-cli watch --attach: to another process's
     * PluginAgent): when set, every built plugin file is handed to \a handler, with the build's
     * timing, instead of being loaded in host(); the host stays empty. Unset by default.
     */
    using ArtifactHandler = std::function<void(const QString &artifactPath, const ReloadTiming &before)>;
    void setArtifactHandler(const ArtifactHandler &handler);

    /*! Configures, builds, loads every plugin, then watches. False when the workspace is unusable. */
    bool start();
    /*! Builds now, as after a save. */
    void rebuild();
    /*! Stops the running build; it publishes nothing and every live generation stays. */
    void cancelBuild();
    /*!
     * Whether each build links compile_commands.json into the workspace folder, where clangd
     * and other editors look for it (on by default; never over a file of the user's own, and
     * said once in the log). Off for an embedder that keeps the source folder untouched.
     */
    void setLinksCompileCommands(bool enabled);
    bool linksCompileCommands() const;
    /*! Whether a saved change starts a build by itself (on by default); else only rebuild(). */
    void setBuildOnChange(bool enabled);
    bool buildsOnChange() const;
    /*! A build runs, or a save's candidate does and the build follows it. */
    bool isBuilding() const;

    /*! Diagnostics of the last finished build. */
    QList<Diagnostic> lastDiagnostics() const;
    QString errorString() const;

    /*! <cache>/relive/builds/<workspace name, other than [A-Za-z0-9_.+-] as _>-<hash of its path> */
    static QString defaultBuildDirectory(const QString &workspace);
    /*! $RELIVE_DIR, else this build's package folder, else the installed one. */
    static QString defaultPackageDirectory();

Q_SIGNALS:
    /*!
     * build-started, build-finished, build-failed, stale, and unchanged (a build rewrote a live
     * plugin's file with the code already live); plugin events come from the host.
     */
    void sessionEvent(const Relive::HostEvent &event);
    /*!
     * One line of the build's output as it comes, ANSI colour codes kept, read for diagnostics
     * on the way: \a location is the place it points at (DiagnosticParser::addLine()), where a
     * console links the line to; its file is empty when the line points nowhere. The build's
     * diagnostics, read from these same lines, are lastDiagnostics() once it has finished.
     */
    void buildOutput(const QString &line, const Relive::Diagnostic &location);
    /*! Every build, cancelled ones too; for the others lastDiagnostics() already holds its diagnostics. */
    void buildFinished(const Relive::BuildResult &result);
    /*!
     * Once per start(): the first build has finished and every plugin it produced is live or
     * was refused (with setArtifactHandler(): handed over). After a first build that failed,
     * right after its build-failed event, with nothing loaded. An embedder waits for it
     * before it looks for the plugins' instances.
     */
    void ready();

private:
    friend class LiveSessionPrivate;
    std::unique_ptr<LiveSessionPrivate> d;
};

} // namespace Relive
