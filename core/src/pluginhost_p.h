#pragma once

#include "librarygenerations.h"
#include "relive/liveplugin.h"
#include "relive/loadattempt.h"
#include "relive/modulerecord.h"
#include "relive/pluginhost.h"
#include "relive/pluginprobe.h"
#include "relive/pluginstatus.h"
#include "relive/private/inputfile.h"
#include "relive/reloadtiming.h"
#include "relive/runtimefolder.h"

#include <QtCore/QHash>
#include <QtCore/QSet>
#include <QtCore/QPluginLoader>

#include <map>
#include <memory>

namespace Relive {

/*! One loaded generation: its record and the loader that keeps its code mapped. */
struct LoadedGeneration
{
    ModuleRecord record;
    std::unique_ptr<QPluginLoader> loader;
    QObject *instance = nullptr;
    LiveState *live = nullptr;      //!< null when the plugin implements neither LiveState nor LivePlugin
    LivePlugin *widgets = nullptr;  //!< null when the plugin does not implement LivePlugin
    int metaTypesFrom = 0;      //!< PluginMetaTypes::loadMark() around its load (Qt 5)
    int metaTypesTo = 0;
    QStringList stuckMetaTypes; //!< registered with Qt for good (Qt 5): the code must stay mapped
};

/*! Everything the host knows about one plugin name. */
struct PluginSlot
{
    std::unique_ptr<LoadedGeneration> live;
    QList<ModuleRecord> history; //!< newest first, the live generation included
    int lastGeneration = 0;
};

/*! What ReloadAttempt should do, and what it is called for. */
struct BringInRequest
{
    QString name;            //!< expected plugin name; empty: take it from the metadata
    QString sourcePath;      //!< file to copy the new generation from
    QString artifactPath;    //!< recorded as the artifact (differs from sourcePath on rollback)
    int rollbackOf = 0;      //!< generation whose kept copy is being brought back
    ReloadTiming before;     //!< build time and time already spent, from the caller
    QVariantMap journaledState; //!< with hasJournaledState: handed over when nothing is live (after a crash)
    bool hasJournaledState = false;
};

/*!
 * The state of a PluginHost, and what its public calls and ReloadAttempt share: the slots,
 * the ordered unload, and the reports (typed signals first, hostEvent() made from them).
 */
class PluginHostPrivate
{
public:
    PluginHostPrivate(PluginHost *host, const QString &iid);

    /*! Loads, reloads or rolls back as \a request says (a ReloadAttempt). */
    bool bringIn(const BringInRequest &request);
    /*! bringIn() of every request as one set: all are prepared (up to the probe) before any loads. */
    bool bringInTogether(const QList<BringInRequest> &requests);
    /*!
     * After \a retired went: its library copies that no other live generation uses, nor
     * \a successor (the generation taking its place, loaded but not yet live), must be gone too.
     */
    void checkLibrariesReleased(ModuleRecord &retired, const LoadedGeneration *retiring,
                                const LoadedGeneration *successor) const;
    /*! \a generation's saveState(), detached from its code; \a error says why when it threw. */
    QVariantMap savedState(const LoadedGeneration &generation, QString *error) const;
    /*!
     * Ordered unload (rule 5) and its verification (rule 6). Updates the record's state.
     * \a successor: the generation that replaces it in a reload, whose libraries stay.
     */
    void retire(const QString &name, LoadedGeneration &generation, const LoadedGeneration *successor = nullptr);
    void remember(PluginSlot &slot, const ModuleRecord &record);
    void pruneKeptCopies(PluginSlot &slot);
    const PluginSlot *find(const QString &name) const;
    const LoadedGeneration *liveGeneration(const QString &name) const;
    PluginStatus status(const QString &name) const;
    /*! The probe settings for a plugin of \a pluginIid: its own IID if accepted, else this host's. */
    PluginProbe::Settings probeSettingsFor(const QString &pluginIid) const;

    /*! Keeps \a attempt as the newest of \a name, and reports it: generationLive() or attemptFailed(). */
    void reportAttempt(const QString &name, const LoadAttempt &attempt);
    /*! generationRetired(), and the unloaded or pinned event it makes. */
    void reportRetired(const ModuleRecord &record, int successor);

    PluginHost *q;
    QString iid;
    QStringList alsoAccepted; //!< setAlsoAcceptedIids(): other IIDs this host loads
    RuntimeFolder runtime;
    std::map<QString, PluginSlot> plugins; // not QHash: slots own loaders and cannot be copied
    QHash<QString, LoadAttempt> lastAttempts; //!< also of names refused before they had a slot
    int keptGenerations = 8;
    int stagingCounter = 0;
    InputFile::Limits fileLimits; //!< what staging reads of a plugin file
    PluginProbe::Settings probeSettings;
    ProbeLauncher *probeLauncher = nullptr; // a child of the host
    QHash<QString, PluginProbe::Result> probedAhead; //!< by sha256 of the bytes probed
    QHash<QString, PluginProbe *> backgroundProbes;   //!< by artifact path
    QSet<QString> reservedShadowPaths; //!< of forgotten pinned generations: still mapped, never reused
    QHash<QString, QVariantMap> lastStates; //!< by name: saveState() at the last unload()
    bool unloadingAll = false;              //!< unloadAll() keeps no state: a quit, another workspace
    QHash<QString, ModuleRecord> crashedBytes; //!< by sha256: generations that crashed the process
    QHash<QByteArray, ModuleRecord> crashedCode; //!< the same by codeHash(): a build of the same code with other debug info
    /*! The generation that crashed the process with these bytes or this code, or nullptr. */
    const ModuleRecord *crashedAs(const QString &sha256, const QByteArray &code) const;
    LibraryGenerations libraries; //!< the workspace's shared libraries, a generation per build
    QString errorString;
};

} // namespace Relive
