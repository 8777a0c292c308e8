#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QObject>
#include <QtCore/QScopedPointer>
#include <QtCore/QStringList>

#include <functional>

namespace Relive {

class PluginAgentPrivate;
class PluginHost;

/*!
 * Live reload inside your own application: the object an app creates next to (or instead of)
 * its own plugin loader. It loads every plugin of the app's interface from one folder, watches
 * that folder, and swaps in each new build of a plugin with its state, following every reload
 * rule of Relive's own host (a PluginHost does the work: shadow copies, checks before any code
 * runs, a trial run in a child process, the old generation kept until the new one took the
 * state, the unload verified).
 *
 *     Relive::PluginAgent agent(QStringLiteral(TextFilter_iid));
 *     agent.setHooks(
 *         [&](const QString &name, QObject *) { window.removeFilter(name); },  // before unload
 *         [&](const QString &name, QObject *instance) {                       // after load
 *             window.addFilter(name, qobject_cast<TextFilter *>(instance));
 *         });
 *     agent.start(pluginFolder);
 *
 * What the app must do:
 * - **before unload** (\a beforeUnload hook, aboutToUnload() signal): drop every pointer into
 *   the instance that goes (objects, widgets, function pointers it handed out). Its code is
 *   unmapped right after the hook returns. By then its state was saved and the new generation
 *   (on a reload) has already taken it over;
 * - **after load** (\a afterLoad hook, instanceChanged() signal): take the new instance. Its
 *   state is restored already.
 * Or keep a LiveInstance<T> per plugin: it always points at the live instance.
 *
 * State is carried for a plugin that implements Relive::LiveState (QtCore only) or
 * Relive::LivePlugin next to the app's interface; others start fresh on each reload.
 *
 * A plugin file refused (wrong IID, refused by its trial run, a constructor that throws...)
 * leaves the previous generation live; loadFailed() says why. The hooks are called in the
 * thread of the agent, which must be the GUI (main) thread. Destroy the agent before the
 * objects its hooks use: its destructor unloads every plugin, calling beforeUnload.
 */
class RELIVE_CORE_EXPORT PluginAgent : public QObject
{
    Q_OBJECT

public:
    /*! A hook: the plugin's Name (its metadata) and its root instance (the QPluginLoader's). */
    using Hook = std::function<void(const QString &name, QObject *instance)>;

    /*! An agent for plugins of interface \a iid (Q_PLUGIN_METADATA's IID). */
    explicit PluginAgent(const QString &iid, QObject *parent = nullptr);
    ~PluginAgent() override;

    QString iid() const;
    /*! The host that loads the plugins: for its history, status and typed signals. */
    PluginHost *host() const;

    /*! Called before a live instance goes, and after a new one is live (see above). */
    void setHooks(const Hook &beforeUnload, const Hook &afterLoad);

    /*!
     * Whether a new generation is first tried in a child process (relive-probe, with this
     * agent's IID), so that a crash in its constructor or restoreState() never takes the app
     * down. On by default; \a timeoutMs is how long a trial may take.
     */
    void setProbeEnabled(bool enabled, int timeoutMs = 10000);
    bool isProbeEnabled() const;

    /*!
     * Loads every plugin (*.so) in \a folder, then watches it: a plugin file that is replaced
     * (a rebuild) is reloaded, a new one loaded. Returns how many plugins loaded.
     */
    int start(const QString &folder);
    QString pluginFolder() const;

    /*!
     * Opens the attach socket (README, "Attach"): a local socket in the host's private 0700
     * runtime folder, served only to processes of this user (SO_PEERCRED), and announces it in
     * AgentDirectory so that `relive-cli agents`, `relive-cli watch DIR --attach` and the Relive
     * app find it. A client may then list the plugins and have a built plugin file reloaded, by
     * the same rules as the folder's own files (checks, trial run, state carried). Malformed,
     * unknown or oversized messages get an error reply; no client can make the app wait.
     * Call it after start() (the announcement names the plugin folder). False, with
     * errorString(), when the socket cannot be opened.
     */
    bool listen();
    /*! The attach socket's path, or empty when not listening. */
    QString socketPath() const;
    /*! Why listen() failed. */
    QString errorString() const;

    /*! The names of the live plugins, sorted. */
    QStringList plugins() const;
    /*! The live instance of \a name, or null. Never keep it across a reload: use LiveInstance<T>. */
    QObject *instance(const QString &name) const;
    /*! The live generation of \a name (1, 2, ...), or 0. */
    int generation(const QString &name) const;

Q_SIGNALS:
    /*! After the beforeUnload hook: \a instance goes right after this returns (direct connections). */
    void aboutToUnload(const QString &name, QObject *instance);
    /*! After the afterLoad hook: \a instance is the live one of \a name now (its \a generation). */
    void instanceChanged(const QString &name, QObject *instance, int generation);
    /*! A load or reload of \a name was refused; whatever generation was live still is. */
    void loadFailed(const QString &name, const QString &error);
    /*!
     * The build of an attached workspace failed (relive-cli watch --attach, the Relive app):
     * nothing was sent to reload, every live generation stays. \a summary is its first error
     * (file:line: message), for the app to show: the running code is not the edited code.
     */
    void attachedBuildFailed(const QString &summary);

private:
    QScopedPointer<PluginAgentPrivate> d;
};

} // namespace Relive
