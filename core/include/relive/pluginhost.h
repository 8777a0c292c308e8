#pragma once

#include "relive/failurekind.h"
#include "relive/hostevent.h"
#include "relive/loadattempt.h"
#include "relive/modulerecord.h"
#include "relive/pluginprobe.h"
#include "relive/pluginstatus.h"
#include "relive/relive_core_export.h"
#include "relive/reloadtiming.h"

#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QObject>
#include <QtCore/QScopedPointer>
#include <QtCore/QStringList>

#include <functional>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace Relive {

class LivePlugin;
class LiveState;
class ProbeLauncher;
class RuntimeFolder;
class PluginHostPrivate;

/*!
 * Loads, reloads, unloads and rolls back plugins in the running process through
 * QPluginLoader, following the reload rules of docs/ARCHITECTURE.md:
 *
 * - every generation is loaded from its own shadow copy (new path, new inode) in a private
 *   RuntimeFolder, with PreventUnloadHint cleared;
 * - nothing of a plugin runs before its file, its dynamic symbols (no STB_GNU_UNIQUE) and its
 *   metadata (IID, Qt version, Name, Version) are checked;
 * - the old generation stays live, with its state, until the new one has loaded and taken the
 *   state over; only then is the old one unloaded, in order, and the unload verified.
 *
 * Plugins are known by the \c Name of their metadata. The host is generic over the IID; when
 * the instance also implements Relive::LiveState (QtCore only) or Relive::LivePlugin (which
 * extends it with a widget), its state is carried across reloads.
 *
 * Widgets: whoever called LivePlugin::createWidget() owns the widget and must delete it when
 * aboutToUnload() is emitted for that plugin (a direct connection); the host then flushes
 * deferred deletes before it unloads the code.
 *
 * What happens is reported in typed signals: generationLive() or attemptFailed() for each
 * load, reload and rollback, generationRetired() for each generation that goes, then
 * statusChanged(). status() says where a plugin stands now. hostEvent() is the same, made
 * into the CLI's JSON events (HostEvent::fromAttempt(), HostEvent::fromRetired()).
 */
class RELIVE_CORE_EXPORT PluginHost : public QObject
{
    Q_OBJECT

public:
    /*! A host for Relive::LivePlugin (IID org.relive.LivePlugin/1.0). */
    explicit PluginHost(QObject *parent = nullptr);
    /*! A host for plugins of interface \a iid. */
    explicit PluginHost(const QString &iid, QObject *parent = nullptr);
    /*! A host for plugins of any of \a iids: the first is iid(), the others setAlsoAcceptedIids(). */
    explicit PluginHost(const QStringList &iids, QObject *parent = nullptr);
    ~PluginHost() override;

    /*!
     * Relive's own interfaces: Relive::LivePlugin's IID (a widget plugin), then
     * Relive::LiveState's (a QtCore-only plugin, relive_add_plugin(... NO_WIDGETS)). What the
     * app and every relive-cli command accept unless --iid names another interface.
     */
    static QStringList reliveIids();
    /*! The IIDs to judge a plugin for: \a iid alone when given (a host's own, --iid), else reliveIids(). */
    static QStringList iidsFor(const QString &iid);

    QString iid() const;
    /*!
     * Also loads plugins whose metadata names one of \a iids (none by default). The app and
     * relive-cli watch add Relive::LiveState's IID: a QtCore-only plugin (relive_add_plugin(...
     * NO_WIDGETS)) then loads next to the LivePlugins, without a widget. Its trial run is of its
     * own IID. A plugin of any other IID is refused as FailureKind::WrongInterface.
     */
    void setAlsoAcceptedIids(const QStringList &iids);
    /*! iid(), then those of setAlsoAcceptedIids(). */
    QStringList acceptedIids() const;
    const RuntimeFolder &runtimeFolder() const;

    /*! How many unloaded generations keep their shadow copy for rollback (default 8). */
    void setKeptGenerations(int count);
    int keptGenerations() const;

    /*!
     * The largest plugin file the host reads, in bytes (default 2 GB, far above any real
     * plugin): a larger one is refused as FailureKind::TooLarge before it is read.
     */
    void setMaxFileSize(qint64 bytes);
    qint64 maxFileSize() const;

    /*!
     * Whether and how a new generation is first tried in a child process (PluginProbe) before
     * any of its code runs here. Off by default; the app and relive-cli watch turn it on. A
     * rollback is not probed: its code ran here before. The probe uses the plugin's IID, one of
     * acceptedIids() (this host's iid() unless setAlsoAcceptedIids() added others).
     */
    void setProbeSettings(const PluginProbe::Settings &settings);
    PluginProbe::Settings probeSettings() const;
    /*!
     * A probe run ahead of time (in the background, while this host kept working). The next
     * load of the same bytes (by SHA-256) uses its verdict instead of probing again.
     */
    void addProbeResult(const PluginProbe::Result &result);
    /*! The verdict kept for the bytes whose SHA-256 (hex) is \a sha256; outcome NotRun when none. */
    PluginProbe::Result probeResult(const QString &sha256) const;
    /*!
     * Tries \a artifactPath in a background probe, as the successor of the live generation of
     * \a name (or as a first load), and keeps the verdict for the next load of those bytes; then
     * calls \a done with the time it waited, in the thread of \a context. With probing off, \a done
     * is called at once. A newer call for the same file supersedes this one: its \a done never
     * comes. How the GUI reloads without waiting on the probe: probeInBackground(), then reload().
     */
    void probeInBackground(const QString &name, const QString &artifactPath, QObject *context,
                           const std::function<void(double waitedMs)> &done);
    /*! The warm probe children of this host (started while probing is on). */
    ProbeLauncher *probeLauncher() const;

    /*!
     * The folders whose shared libraries are the workspace's (its build folder): each build of
     * such a library runs as a generation of its own, and its dependents reload with it
     * (docs/ARCHITECTURE.md, "Library generations"). None by default: the loader finds them.
     */
    void setWorkspaceLibraryFolders(const QStringList &folders);
    /*! The live plugins that run a workspace library generation older than its file. */
    QStringList dependentsOfRebuiltLibraries() const;
    /*!
     * Reloads every plugin of \a artifacts (name → file) as one set, all or nothing: each is
     * staged, bound to its libraries' newest generations and tried (probe) first; if one is
     * refused, none changes, and the others' attempts fail with FailureKind::SetRefused naming
     * it. How the dependents of a rebuilt workspace library reload together.
     */
    bool reloadTogether(const QMap<QString, QString> &artifacts, const ReloadTiming &before = ReloadTiming());

    /*!
     * Loads the plugin in \a artifactPath, or reloads it if a plugin of that name is live.
     * \a before carries what happened before the host got the file: its buildMs is reported,
     * and its totalMs (time already spent since the save) is added to the total.
     */
    bool load(const QString &artifactPath, const ReloadTiming &before = ReloadTiming());
    /*!
     * Replaces the live generation of \a name with the plugin in \a artifactPath. On any
     * failure the live generation stays, with its state, and false is returned.
     */
    bool reload(const QString &name, const QString &artifactPath, const ReloadTiming &before = ReloadTiming());
    /*!
     * Runs the ordered unload and verifies it. The live generation's saveState() is taken
     * first and kept as lastState(), for whoever loads the plugin again (the app gives it back).
     * unloadAll() (a quit, another workspace) saves nothing.
     */
    bool unload(const QString &name);
    /*! The state \a name had when unload() last took it out; empty if none. forget() drops it. */
    QVariantMap lastState(const QString &name) const;
    /*! Brings the artifact of a kept \a generation back as a new generation, carrying the state. */
    bool rollback(const QString &name, int generation);
    void unloadAll();
    /*!
     * Forgets \a name, which must not be live: its history, its kept copies and its last attempt,
     * so that its next load starts a history of its own at generation 1 (as when another
     * workspace has a plugin of the same name, whose rollback must never bring this code back).
     * A pinned generation's code stays mapped until the process exits, and its shadow path is
     * never used again (rule 1). False, with errorString(), while \a name is live. Emits forgotten().
     */
    bool forget(const QString &name);
    /*! unloadAll(), then forget() every name: a clean start, as for another workspace. */
    void forgetAll();
    /*!
     * The newest attempt of \a name failed, and its file now holds the bytes of the live
     * generation again (a fix that built the same code: ArtifactReloader::artifactUnchanged()).
     * The failure no longer describes the plugin: status() stops reporting it, statusChanged().
     * False when there was no failed attempt to clear.
     */
    bool clearFailedAttempt(const QString &name);
    /*!
     * After the process crashed and came back (CrashRecovery): keeps \a crashed in the history
     * of its plugin as crashed (FailureKind::CrashedLive), refuses its bytes from now on, and
     * numbers the next generation after it.
     */
    void markCrashed(const ModuleRecord &crashed);
    /*!
     * Loads generation \a generation of \a name again from \a keptCopy, a copy the process
     * before a crash kept, as a rollback to it (its code ran before: not probed), and hands it
     * \a state (the journaled one) when \a hasState.
     */
    bool restoreKept(const QString &name, int generation, const QString &keptCopy, const QString &artifactPath,
                     const QVariantMap &state, bool hasState);

    /*! Why the last call failed. */
    QString errorString() const;

    QStringList pluginNames() const;              //!< every name seen, sorted
    bool isLoaded(const QString &name) const;
    QObject *instance(const QString &name) const; //!< live root object, or null
    LivePlugin *livePlugin(const QString &name) const; //!< null unless it implements LivePlugin
    /*! The live instance's state interface (its LivePlugin, or a LiveState of any IID), or null. */
    LiveState *liveState(const QString &name) const;
    /*!
     * Calls LivePlugin::createWidget() of the live generation of \a name, catching what it
     * throws. Returns null, with \a errorString set, when there is no widget to show.
     * The caller owns the widget and deletes it on aboutToUnload().
     */
    QWidget *createWidget(const QString &name, QWidget *parent, QString *errorString = nullptr) const;
    /*!
     * The live generation's LiveState::saveState() (detached from its code) and restoreState(),
     * catching what they throw: how an app keeps plugin state across a restart of its own process.
     */
    QVariantMap saveState(const QString &name, QString *errorString = nullptr) const;
    bool restoreState(const QString &name, const QVariantMap &state, QString *errorString = nullptr);
    /*! Name of the live plugin whose artifact is \a artifactPath, or empty. */
    QString pluginLoadedFrom(const QString &artifactPath) const;
    /*! The live generation's record, or the newest one if none is live. */
    ModuleRecord record(const QString &name) const;
    /*! The record of \a generation of \a name, if the history still has it (else generation 0). */
    ModuleRecord record(const QString &name, int generation) const;
    /*!
     * Where \a name stands: its live generation, how the newest attempt ended (with its
     * FailureKind), which older generations are pinned and why. Also for a name only a refused
     * file was given (see attemptFailed()); empty for a name never seen.
     */
    PluginStatus status(const QString &name) const;
    /*! Every generation kept for \a name, newest first. */
    QList<ModuleRecord> history(const QString &name) const;

Q_SIGNALS:
    /*! Emitted before a generation's code goes: delete its widgets now. */
    void aboutToUnload(const QString &name, int generation);
    /*!
     * A load, reload or rollback made \a attempt's generation of \a name live: its timing, the
     * state it now holds, and the generation it replaced (previousGeneration, 0 on a first load).
     */
    void generationLive(const QString &name, const Relive::LoadAttempt &attempt);
    /*!
     * A load, reload or rollback was refused; whatever generation of \a name was live still is,
     * with its state. \a name is the plugin's Name, or, for a file refused before its metadata
     * was read, the name it was reloaded as or the file's base name.
     */
    void attemptFailed(const QString &name, const Relive::LoadAttempt &attempt);
    /*!
     * A live generation went (record.state Unloaded), or stayed mapped (Pinned: its code stays
     * until the process exits; record.errorString says why): replaced by \a successor, or by
     * unload() when \a successor is 0. Emitted before the successor's generationLive().
     */
    void generationRetired(const Relive::ModuleRecord &record, int successor);
    /*! status() of \a name changed: once at the end of each call that changed it. */
    void statusChanged(const QString &name);
    /*! forget() dropped \a name: the host no longer lists it. */
    void forgotten(const QString &name);
    /*!
     * The signals above as events of the CLI's JSON schema: loaded, reloaded, rolled-back,
     * load-failed, reload-failed, unloaded, pinned (a generation replaced as it should be has
     * no event of its own).
     */
    void hostEvent(const Relive::HostEvent &event);

private:
    LivePlugin *livePluginOrError(const QString &name, QString *error) const;
    LiveState *liveStateOrError(const QString &name, QString *error) const;
    QScopedPointer<PluginHostPrivate> d;
};

} // namespace Relive
