#pragma once

#include "workspace/trustanswer.h"

#include "relive/buildresult.h"
#include "relive/diagnostic.h"
#include "relive/hostevent.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QVariantMap>

#include <functional>

namespace Relive {
class LiveSession;
class PluginHost;
} // namespace Relive

namespace Relive::App {

/*!
 * The app's side of the live loop: one LiveSession over the open workspace, its events
 * turned into what the panels show, and plugin states put back after a restart.
 * No widgets: the main window connects these signals to the console, editor and status bar.
 */
class WorkspaceController : public QObject
{
    Q_OBJECT

public:
    explicit WorkspaceController(Relive::PluginHost *host, QObject *parent = nullptr);
    ~WorkspaceController() override;

    /*!
     * Closes the open workspace completely, then configures, builds and loads \a workspace.
     * In this order: a workspace that needs asking (WorkspaceTrust) is asked about first, and
     * Cancel keeps the open one as it is (false, with an empty errorString()); then the close
     * check (setCloseCheck()) may keep it too; then the old plugins are unloaded and forgotten
     * (PluginHost::forgetAll(): a plugin of the same name starts a history of its own) and
     * their pending restart states dropped. Not trusted: open without a build
     * (isAwaitingTrust()) until trustAndBuild(). Opening the open workspace again keeps its history.
     */
    bool open(const QString &workspace);
    QString workspace() const;
    /*!
     * Asked before the first build of a workspace that was never built nor trusted: true
     * trusts it (remembered) and builds. Without a question nothing untrusted is built.
     */
    void setTrustQuestion(std::function<TrustAnswer(const QString &workspace)> question);
    /*!
     * Asked before the open workspace \a workspace is closed for another one (after the trust
     * question): the main window settles its unsaved buffers and closes its editors; false keeps it open.
     */
    void setCloseCheck(std::function<bool(const QString &workspace)> check);
    /*! The open workspace was not trusted: its files are shown, nothing of it was run. */
    bool isAwaitingTrust() const;
    /*! Trusts the workspace open without a build, and builds it; false if there is none. */
    bool trustAndBuild();
    QString buildDirectory() const;
    QString errorString() const;
    Relive::PluginHost *host() const;
    Relive::LiveSession *session() const;

    void build();
    void cancelBuild();
    bool isBuilding() const;
    void setBuildOnSave(bool enabled);
    bool buildsOnSave() const;
    /*!
     * The compiler launcher setting (Relive::ToolchainPreferences::launcher) for this and
     * every later workspace. A change reconfigures and rebuilds the open workspace.
     */
    void setCompilerLauncher(const QString &setting);
    QString compilerLauncher() const;

    /*! Every live plugin's saveState(), by plugin name. */
    QVariantMap pluginStates() const;
    /*!
     * Each state is given to its plugin when that plugin next loads (a restart's first build).
     * The same happens by itself to a plugin that was unloaded: Unload, then Reload, gets back
     * the state it had (kept in this process only, dropped when another workspace is opened).
     */
    void restorePluginStatesOnLoad(const QVariantMap &states);

Q_SIGNALS:
    /*! Also for a workspace open without a build (isAwaitingTrust()). */
    void workspaceOpened(const QString &workspace);
    void buildStarted(const QString &toolchain);
    /*! A line of the build's output and the place it points at (Relive::LiveSession::buildOutput()). */
    void buildOutput(const QString &line, const Relive::Diagnostic &location);
    void buildFinished(const Relive::BuildResult &result, const QList<Relive::Diagnostic> &diagnostics);
    /*! A plugin was loaded or reloaded: \a event carries the turnaround and its breakdown. */
    void pluginSwapped(const Relive::HostEvent &event);
    /*!
     * After a build, code that runs differs from what the build produced and was not swapped
     * (a rebuilt library the loader keeps, a refused reload): \a event is the stale event.
     */
    void staleCode(const Relive::HostEvent &event);
        /*! A state put back (after a restart, or an unload) was refused by its plugin. */
    void stateNotRestored(const QString &plugin, const QString &error);

private:
    void onSessionEvent(const Relive::HostEvent &event);
    void onHostEvent(const Relive::HostEvent &event);
    TrustAnswer askTrust(const QString &workspace) const;
    void closeCurrent(const QString &next);

    Relive::PluginHost *m_host;
    QPointer<Relive::LiveSession> m_session;
    QString m_error;
    QVariantMap m_pendingStates;
    std::function<TrustAnswer(const QString &)> m_trustQuestion;
    std::function<bool(const QString &)> m_closeCheck;
    QString m_untrusted; // the workspace open without a build, waiting for trust
    QString m_launcher = QStringLiteral("auto");
    bool m_buildOnSave = true;
};

} // namespace Relive::App
