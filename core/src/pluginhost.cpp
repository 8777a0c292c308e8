#include "relive/pluginhost.h"

#include "plugincall.h"
#include "pluginhost_p.h"
#include "relive/livestate.h"
#include "relive/pluginmetadata.h"
#include "relive/probelauncher.h"
#include "relive/reloadtiming.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>

namespace Relive {

PluginHost::PluginHost(QObject *parent)
    : PluginHost(QLatin1String(ReliveLivePlugin_iid), parent)
{
}

PluginHost::PluginHost(const QString &iid, QObject *parent)
    : QObject(parent)
    , d(new PluginHostPrivate(this, iid))
{
    qRegisterMetaType<Relive::HostEvent>();
    qRegisterMetaType<Relive::LoadAttempt>();
    qRegisterMetaType<Relive::ModuleRecord>();
    qRegisterMetaType<Relive::PluginStatus>();
    d->probeLauncher = new ProbeLauncher(this);
    d->probeSettings.iid = iid;
}

PluginHost::PluginHost(const QStringList &iids, QObject *parent)
    : PluginHost(iids.value(0, QLatin1String(ReliveLivePlugin_iid)), parent)
{
    setAlsoAcceptedIids(iids);
}

PluginHost::~PluginHost()
{
    unloadAll();
}

QStringList PluginHost::reliveIids()
{
    return {QStringLiteral(ReliveLivePlugin_iid), QStringLiteral(ReliveLiveState_iid)};
}

QStringList PluginHost::iidsFor(const QString &iid)
{
    return iid.isEmpty() ? reliveIids() : QStringList{iid};
}

QString PluginHost::iid() const
{
    return d->iid;
}

void PluginHost::setAlsoAcceptedIids(const QStringList &iids)
{
    d->alsoAccepted = iids;
    d->alsoAccepted.removeAll(d->iid);
    d->alsoAccepted.removeDuplicates();
}

QStringList PluginHost::acceptedIids() const
{
    return QStringList{d->iid} + d->alsoAccepted;
}

const RuntimeFolder &PluginHost::runtimeFolder() const
{
    return d->runtime;
}

void PluginHost::setProbeSettings(const PluginProbe::Settings &settings)
{
    d->probeSettings = settings;
    d->probeSettings.iid = d->iid; // the trial judges the plugin as this host would
    d->probedAhead.clear();
    d->probeLauncher->prepare(settings);
}

void PluginHost::probeInBackground(const QString &name, const QString &artifactPath, QObject *context,
                                   const std::function<void(double)> &done)
{
    const QString path = QFileInfo(artifactPath).absoluteFilePath();
    delete d->backgroundProbes.take(path); // superseded: that file is gone or about to be loaded anyway
    // Not a file to read (a pipe, a device, too large): the load itself refuses it at once, and says why.
    if (!InputFile(path, d->fileLimits).open()) {
        done(0);
        return;
    }
    const LoadedGeneration *live = d->liveGeneration(name);
    const bool hasState = live && live->live;
    QString stateError;
    const QVariantMap state = hasState ? d->savedState(*live, &stateError) : QVariantMap();
    // Without a state to hand over, the load itself refuses the generation, and says why.
    if (!d->probeSettings.enabled || !stateError.isEmpty()) {
        done(0);
        return;
    }
    auto *probe = new PluginProbe(this);
    // Tried as the plugin it is: a host of more than one IID reads which one first.
    probe->setSettings(d->probeSettingsFor(d->alsoAccepted.isEmpty() ? d->iid : PluginMetadata::read(path).iid()));
    probe->setLauncher(d->probeLauncher);
    d->backgroundProbes.insert(path, probe);
    QElapsedTimer waited;
    waited.start();
    connect(probe, &PluginProbe::finished, context, [this, path, waited, probe, done](const PluginProbe::Result &result) {
        d->backgroundProbes.remove(path);
        probe->deleteLater();
        addProbeResult(result);
        done(elapsedMs(waited));
    });
    probe->start(path, state, hasState);
}

ProbeLauncher *PluginHost::probeLauncher() const
{
    return d->probeLauncher;
}

void PluginHost::setWorkspaceLibraryFolders(const QStringList &folders)
{
    d->libraries.setFolders(folders);
}

QStringList PluginHost::dependentsOfRebuiltLibraries() const
{
    QStringList names;
    for (const auto &entry : d->plugins) {
        if (entry.second.live && d->libraries.isOutdated(entry.second.live->record.libraries))
            names.append(entry.first);
    }
    return names;
}

bool PluginHost::reloadTogether(const QMap<QString, QString> &artifacts, const ReloadTiming &before)
{
    QList<BringInRequest> requests;
    for (auto it = artifacts.constBegin(); it != artifacts.constEnd(); ++it)
        requests.append({it.key(), it.value(), it.value(), 0, before, {}, false});
    return d->bringInTogether(requests);
}

PluginProbe::Settings PluginHost::probeSettings() const
{
    return d->probeSettings;
}

void PluginHost::addProbeResult(const PluginProbe::Result &result)
{
    if (result.sha256.isEmpty())
        return;
    // Only the newest verdicts matter; a stale one for bytes never loaded must not pile up.
    if (d->probedAhead.size() > 16)
        d->probedAhead.clear();
    d->probedAhead.insert(result.sha256, result);
}

PluginProbe::Result PluginHost::probeResult(const QString &sha256) const
{
    return d->probedAhead.value(sha256);
}

void PluginHost::setKeptGenerations(int count)
{
    d->keptGenerations = qMax(0, count);
}

int PluginHost::keptGenerations() const
{
    return d->keptGenerations;
}

void PluginHost::setMaxFileSize(qint64 bytes)
{
    d->fileLimits.maxSize = qMax(qint64(0), bytes);
}

qint64 PluginHost::maxFileSize() const
{
    return d->fileLimits.maxSize;
}

bool PluginHost::load(const QString &artifactPath, const ReloadTiming &before)
{
    return d->bringIn({QString(), artifactPath, artifactPath, 0, before, {}, false});
}

bool PluginHost::reload(const QString &name, const QString &artifactPath, const ReloadTiming &before)
{
    return d->bringIn({name, artifactPath, artifactPath, 0, before, {}, false});
}

bool PluginHost::unload(const QString &name)
{
    const auto it = d->plugins.find(name);
    if (it == d->plugins.end() || !it->second.live) {
        d->errorString = QStringLiteral("no plugin named \"%1\" is loaded").arg(name);
        return false;
    }
    if (!d->unloadingAll) // the user's Unload; not a quit or another workspace
        d->lastStates.insert(name, saveState(name)); // before its shutdown(): what it holds now
    PluginSlot &slot = it->second;
    std::unique_ptr<LoadedGeneration> generation = std::move(slot.live);
    d->retire(name, *generation);
    d->remember(slot, generation->record);
    d->pruneKeptCopies(slot);

    // What was tried before is superseded: the user took the plugin out.
    d->lastAttempts.remove(name);
    d->errorString = generation->record.errorString;
    d->reportRetired(generation->record, 0);
    Q_EMIT statusChanged(name);
    return generation->record.state != ModuleRecord::State::Pinned;
}

bool PluginHost::rollback(const QString &name, int generation)
{
    const ModuleRecord kept = record(name, generation);
    if (kept.generation == 0) {
        d->errorString = QStringLiteral("\"%1\" has no generation %2").arg(name).arg(generation);
        return false;
    }
    if (kept.state == ModuleRecord::State::Loaded) {
        d->errorString = QStringLiteral("generation %1 of \"%2\" is already live").arg(generation).arg(name);
        return false;
    }
    if (!kept.restorable || !QFileInfo::exists(kept.shadowPath)) {
        d->errorString = QStringLiteral("generation %1 of \"%2\" is no longer kept: only the last %3 are")
                             .arg(generation).arg(name).arg(d->keptGenerations);
        return false;
    }
    return d->bringIn({name, kept.shadowPath, kept.artifactPath, generation, ReloadTiming(), {}, false});
}

void PluginHost::unloadAll()
{
    const QStringList names = pluginNames();
    d->unloadingAll = true;
    for (const QString &name : names) {
        if (isLoaded(name))
            unload(name);
    }
    d->unloadingAll = false;
}

QVariantMap PluginHost::lastState(const QString &name) const
{
    return d->lastStates.value(name);
}

bool PluginHost::forget(const QString &name)
{
    const auto it = d->plugins.find(name);
    const bool known = it != d->plugins.end();
    if (known && it->second.live) {
        d->errorString = QStringLiteral("\"%1\" is live: unload it before forgetting it").arg(name);
        return false;
    }
    if (known) {
        for (const ModuleRecord &record : std::as_const(it->second.history)) {
            if (record.state == ModuleRecord::State::Pinned)
                d->reservedShadowPaths.insert(record.shadowPath);
            else
                QFile::remove(record.shadowPath);
        }
        d->plugins.erase(it);
    }
    d->lastStates.remove(name);
    const bool attempted = d->lastAttempts.remove(name) > 0;
    if (known || attempted)
        Q_EMIT forgotten(name);
    return true;
}

void PluginHost::forgetAll()
{
    unloadAll();
    QStringList names = pluginNames();
    names += d->lastAttempts.keys(); // names only a refused file was given
    names.removeDuplicates();
    for (const QString &name : std::as_const(names))
        forget(name);
}

bool PluginHost::clearFailedAttempt(const QString &name)
{
    const auto attempt = d->lastAttempts.find(name);
    if (attempt == d->lastAttempts.end() || !attempt->failed())
        return false;
    d->lastAttempts.erase(attempt);
    Q_EMIT statusChanged(name);
    return true;
}

void PluginHost::markCrashed(const ModuleRecord &crashed)
{
    PluginSlot &slot = d->plugins[crashed.name];
    slot.lastGeneration = qMax(slot.lastGeneration, crashed.generation);
    ModuleRecord record = crashed;
    record.state = ModuleRecord::State::Failed;
    record.failure = FailureKind::CrashedLive;
    record.restorable = false;
    d->remember(slot, record);
    if (!record.sha256.isEmpty())
        d->crashedBytes.insert(record.sha256, record);
    if (!record.codeHash.isEmpty())
        d->crashedCode.insert(record.codeHash, record);
    Q_EMIT statusChanged(crashed.name);
}

bool PluginHost::restoreKept(const QString &name, int generation, const QString &keptCopy, const QString &artifactPath,
                             const QVariantMap &state, bool hasState)
{
    PluginSlot &slot = d->plugins[name];
    slot.lastGeneration = qMax(slot.lastGeneration, generation);
    return d->bringIn({name, keptCopy, artifactPath, generation, ReloadTiming(), state, hasState});
}

QString PluginHost::errorString() const
{
    return d->errorString;
}

QStringList PluginHost::pluginNames() const
{
    QStringList names;
    for (const auto &entry : d->plugins)
        names.append(entry.first);
    return names; // std::map keeps them sorted
}

bool PluginHost::isLoaded(const QString &name) const
{
    return d->liveGeneration(name);
}

QObject *PluginHost::instance(const QString &name) const
{
    const LoadedGeneration *live = d->liveGeneration(name);
    return live ? live->instance : nullptr;
}

LivePlugin *PluginHost::livePlugin(const QString &name) const
{
    const LoadedGeneration *live = d->liveGeneration(name);
    return live ? live->widgets : nullptr;
}

LiveState *PluginHost::liveState(const QString &name) const
{
    const LoadedGeneration *live = d->liveGeneration(name);
    return live ? live->live : nullptr;
}

// The live LivePlugin of \a name, or null with \a error saying why.
LivePlugin *PluginHost::livePluginOrError(const QString &name, QString *error) const
{
    LivePlugin *plugin = livePlugin(name);
    if (!plugin)
        *error = QStringLiteral("\"%1\" has no live Relive::LivePlugin instance").arg(name);
    return plugin;
}

// The live LiveState of \a name, or null with \a error saying why.
LiveState *PluginHost::liveStateOrError(const QString &name, QString *error) const
{
    LiveState *state = liveState(name);
    if (!state)
        *error = QStringLiteral("\"%1\" has no live instance that implements Relive::LiveState").arg(name);
    return state;
}

QWidget *PluginHost::createWidget(const QString &name, QWidget *parent, QString *errorString) const
{
    QString error;
    QWidget *widget = nullptr;
    if (LivePlugin *plugin = livePluginOrError(name, &error))
        error = guarded(QStringLiteral("createWidget()"), [&] { widget = plugin->createWidget(parent); });
    if (error.isEmpty() && !widget)
        error = QStringLiteral("createWidget() of \"%1\" returned no widget").arg(name);
    if (errorString)
        *errorString = error;
    return widget;
}

QVariantMap PluginHost::saveState(const QString &name, QString *errorString) const
{
    QString error;
    QVariantMap state;
    if (LiveState *plugin = liveStateOrError(name, &error))
        error = guarded(QStringLiteral("saveState()"), [&] { state = detached(plugin->saveState()); });
    if (errorString)
        *errorString = error;
    return error.isEmpty() ? state : QVariantMap();
}

bool PluginHost::restoreState(const QString &name, const QVariantMap &state, QString *errorString)
{
    QString error;
    if (LiveState *plugin = liveStateOrError(name, &error))
        error = guarded(QStringLiteral("restoreState()"), [&] { plugin->restoreState(state); });
    if (errorString)
        *errorString = error;
    return error.isEmpty();
}

QString PluginHost::pluginLoadedFrom(const QString &artifactPath) const
{
    const QString absolute = QFileInfo(artifactPath).absoluteFilePath();
    for (const auto &entry : d->plugins) {
        if (entry.second.live && entry.second.live->record.artifactPath == absolute)
            return entry.first;
    }
    return QString();
}

ModuleRecord PluginHost::record(const QString &name) const
{
    const PluginSlot *slot = d->find(name);
    if (!slot)
        return ModuleRecord();
    return slot->live ? slot->live->record : slot->history.value(0);
}

ModuleRecord PluginHost::record(const QString &name, int generation) const
{
    if (const PluginSlot *slot = d->find(name)) {
        for (const ModuleRecord &record : slot->history) {
            if (record.generation == generation)
                return record;
        }
    }
    return ModuleRecord();
}

PluginStatus PluginHost::status(const QString &name) const
{
    return d->status(name);
}

QList<ModuleRecord> PluginHost::history(const QString &name) const
{
    const PluginSlot *slot = d->find(name);
    return slot ? slot->history : QList<ModuleRecord>();
}

} // namespace Relive
