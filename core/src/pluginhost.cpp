#include "relive/pluginhost.h"

#include "logging.h"
#include "pluginhost_p.h"
#include "relive/librarymappings.h"
#include "pluginmetatypes.h"
#include "relive/pluginmetadata.h"
#include "relive/probelauncher.h"
#include "stagedartifact.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonObject>

#include <exception>

namespace Relive {

namespace {

constexpr int historyLimit = 100;

// A plugin's QStringLiterals point into its own code; a map it returns can hold them. Copying
// through JSON gives the host data of its own that outlives the generation that made it.
QVariantMap detached(const QVariantMap &state)
{
    return QJsonObject::fromVariantMap(state).toVariantMap();
}

// Plugin code may throw anything; none of it may unwind through the host.
template<typename Call>
QString guarded(const QString &what, Call &&call)
{
    try {
        call();
        return QString();
    } catch (const std::exception &e) {
        return QStringLiteral("%1 threw: %2").arg(what, QString::fromLocal8Bit(e.what()));
    } catch (...) {
        return QStringLiteral("%1 threw an exception that is not a std::exception").arg(what);
    }
}

} // namespace

PluginHostPrivate::PluginHostPrivate(PluginHost *host, const QString &iid)
    : q(host)
    , iid(iid)
{
}

void PluginHostPrivate::emitEvent(const HostEvent &event)
{
    Q_EMIT q->hostEvent(event);
}

const PluginSlot *PluginHostPrivate::find(const QString &name) const
{
    const auto it = plugins.find(name);
    return it == plugins.end() ? nullptr : &it->second;
}

const LoadedGeneration *PluginHostPrivate::liveGeneration(const QString &name) const
{
    const PluginSlot *slot = find(name);
    return slot ? slot->live.get() : nullptr;
}

bool PluginHostPrivate::fail(const QString &name, HostEvent::Type type, const QString &error, int generation)
{
    errorString = error;
    qCDebug(lcHost).noquote() << name << error; // delivered through hostEvent and errorString()
    HostEvent event;
    event.type = type;
    event.plugin = name;
    event.generation = generation;
    event.error = error;
    emitEvent(event);
    return false;
}

void PluginHostPrivate::remember(PluginSlot &slot, const ModuleRecord &record)
{
    for (ModuleRecord &kept : slot.history) {
        if (kept.generation == record.generation) {
            kept = record;
            return;
        }
    }
    slot.history.prepend(record);
    while (slot.history.size() > historyLimit)
        slot.history.removeLast();
}

void PluginHostPrivate::pruneKeptCopies(PluginSlot &slot)
{
    int kept = 0;
    for (ModuleRecord &record : slot.history) {
        if (!record.restorable || record.state == ModuleRecord::State::Loaded)
            continue;
        if (++kept <= keptGenerations)
            continue;
        QFile::remove(record.shadowPath);
        record.restorable = false;
    }
}

void PluginHostPrivate::retire(const QString &name, LoadedGeneration &generation)
{
    ModuleRecord &record = generation.record;
    if (generation.live) {
        const QString error = guarded(QStringLiteral("shutdown()"), [&] { generation.live->shutdown(); });
        if (!error.isEmpty()) {
            qCWarning(lcHost).noquote() << name << error;
            record.errorString = error; // kept unless the unload goes wrong too; the probe refuses on it
        }
    }
    Q_EMIT q->aboutToUnload(name, record.generation);
    // Objects the plugin deleteLater()'d run their destructors in its code: before unload.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    if (generation.loader && generation.loader->isLoaded()) {
        const PluginMetaTypes::Taken types = PluginMetaTypes::take(record.shadowPath, generation.metaTypesFrom,
                                                                   generation.metaTypesTo);
        if (!types.names.isEmpty())
            qCDebug(lcHost).noquote() << name << "generation" << record.generation << "unregistered metatypes" << types.names;
        generation.stuckMetaTypes += types.stuck;
        generation.stuckMetaTypes.removeDuplicates();
    }

    QString why;
    if (!generation.stuckMetaTypes.isEmpty()) {
        // Qt would call into the code of these types after an unload: keep it, say so (below).
        delete generation.instance; // what unload() would have destroyed
        why = QStringLiteral("Qt 5 cannot unregister the metatypes it declared with Q_DECLARE_METATYPE (%1), "
                             "so its code must stay")
                  .arg(generation.stuckMetaTypes.join(QStringLiteral(", ")));
    } else if (generation.loader && !generation.loader->unload()) {
        why = generation.loader->errorString();
    }
    generation.loader.reset(); // never unloads by itself
    generation.instance = nullptr;
    generation.live = nullptr;

    // Trust the process, not the return value (rule 6).
    const bool mapped = LibraryMappings::isMapped(record.shadowPath);
    const bool resident = LibraryMappings::isLoaderResident(record.shadowPath);
    if (mapped || resident) {
        record.state = ModuleRecord::State::Pinned;
        record.errorString = QStringLiteral("generation %1 is still %2 after unload%3: its code stays in memory "
                                            "until the process exits (restart Relive to drop it)")
                                 .arg(record.generation)
                                 .arg(mapped ? QStringLiteral("mapped") : QStringLiteral("known to the loader"))
                                 .arg(why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why));
    } else {
        record.state = ModuleRecord::State::Unloaded;
    }
}

bool PluginHostPrivate::bringIn(const BringInRequest &request)
{
    QElapsedTimer total;
    total.start();
    QElapsedTimer phase;
    phase.start();
    ReloadTiming timing;
    timing.buildMs = request.before.buildMs;

    const bool isReload = !request.name.isEmpty() && liveGeneration(request.name);
    const HostEvent::Type failure = isReload ? HostEvent::Type::ReloadFailed : HostEvent::Type::LoadFailed;
    const QString label = request.name.isEmpty() ? QFileInfo(request.artifactPath).completeBaseName() : request.name;

    if (!runtime.isValid())
        return fail(label, failure, QStringLiteral("no private runtime folder: %1").arg(runtime.errorString()));

    // Stage and validate: nothing of the plugin runs yet (rules 1, 3, 4).
    StagedArtifact staged(request.sourcePath, request.artifactPath,
                          QStringLiteral("%1/staging-%2.so").arg(runtime.path()).arg(++stagingCounter),
                          {iid, request.name});
    const PluginMetadata &metadata = staged.metadata();
    if (!staged.isValid()) {
        // A UNIQUE-symbol refusal comes after the metadata was read: name the plugin then.
        const QString name = metadata.isQtPlugin() && !metadata.name().isEmpty() && request.name.isEmpty()
                                 ? metadata.name() : label;
        return fail(name, failure, staged.errorString());
    }
    const QString name = metadata.name();
    auto generation = std::make_unique<LoadedGeneration>();
    ModuleRecord &record = generation->record;
    record.artifactPath = QFileInfo(request.artifactPath).absoluteFilePath();
    record.artifactModified = QFileInfo(request.artifactPath).lastModified();
    record.size = staged.size();
    record.sha256 = staged.sha256();
    record.rolledBackFrom = request.rollbackOf;
    timing.stageMs = staged.stageMs();
    timing.validateMs = staged.validateMs();
    phase.restart();

    PluginSlot &slot = plugins[name];
    LoadedGeneration *old = slot.live.get();
    record.generation = ++slot.lastGeneration;
    record.name = name;
    record.version = metadata.version();
    record.compatVersion = metadata.compatVersion();
    record.vendor = metadata.vendor();
    record.description = metadata.description();
    record.iid = metadata.iid();
    record.className = metadata.className();
    record.qtVersion = metadata.qtVersionString();
    record.metaData = metadata.raw();
    record.shadowPath = runtime.shadowPathFor(name, record.generation);
    const HostEvent::Type nameFailure = old ? HostEvent::Type::ReloadFailed : HostEvent::Type::LoadFailed;
    PluginMetaTypes::Taken oldMetaTypes; // the old generation's, while the new one loads
    const auto reject = [&](const QString &error) {
        PluginMetaTypes::giveBack(oldMetaTypes);
        if (generation->loader && generation->loader->isLoaded())
            retire(name, *generation);
        generation->loader.reset();
        // Never live, so Failed, whatever retire() found; a copy still mapped is said in the error.
        const bool pinned = record.state == ModuleRecord::State::Pinned;
        record.state = ModuleRecord::State::Failed;
        record.errorString = pinned ? QStringLiteral("%1; %2").arg(error, record.errorString) : error;
        QFile::remove(record.shadowPath);
        record.restorable = false;
        remember(slot, record);
        return fail(name, nameFailure, record.errorString, record.generation);
    };
    if (!staged.moveTo(record.shadowPath))
        return reject(QStringLiteral("cannot name the shadow copy %1").arg(record.shadowPath));
    timing.stageMs += elapsedMs(phase); // naming the shadow copy
    phase.restart();

    // Try it in a child process first: a crash, exit() or hang there costs this process nothing.
    if (probeSettings.enabled && !request.rollbackOf) {
        QString error;
        const PluginProbe::Result verdict = probe(record, old, &error);
        if (!error.isEmpty())
            return reject(error);
        timing.probeMs = verdict.ms;
        if (!verdict.passed)
            return reject(QStringLiteral("%1 was refused by its trial run: %2").arg(request.artifactPath, verdict.error));
        phase.restart();
    }

    // Load: the first moment any of the plugin's code runs.
    generation->loader = std::make_unique<QPluginLoader>();
    QPluginLoader &loader = *generation->loader;
    // Hints before the file name: the hints live in the library entry the name selects (rule 2).
    loader.setLoadHints((loader.loadHints() & ~QLibrary::PreventUnloadHint) | QLibrary::ResolveAllSymbolsHint);
    loader.setFileName(record.shadowPath);
    // The new generation registers its own metatypes, not bind to the old one's by name.
    if (old && old->loader)
        oldMetaTypes = PluginMetaTypes::take(old->record.shadowPath, old->metaTypesFrom, old->metaTypesTo);
    if (old)
        old->stuckMetaTypes += oldMetaTypes.stuck;
    generation->metaTypesFrom = PluginMetaTypes::loadMark();
    if (!loader.load())
        return reject(QStringLiteral("cannot load %1: %2").arg(request.artifactPath, loader.errorString()));
    QString error = guarded(QStringLiteral("the plugin's constructor"), [&] { generation->instance = loader.instance(); });
    if (!error.isEmpty())
        return reject(error);
    if (!generation->instance)
        return reject(QStringLiteral("%1 loaded, but created no instance: %2").arg(request.artifactPath, loader.errorString()));
    generation->live = qobject_cast<LivePlugin *>(generation->instance);
    if (!generation->live && iid == QLatin1String(ReliveLivePlugin_iid)) {
        return reject(QStringLiteral("%1 (%2) does not implement Relive::LivePlugin: add Q_INTERFACES(Relive::LivePlugin)")
                          .arg(request.artifactPath, record.className));
    }
    record.loadMs = elapsedMs(phase);
    timing.loadMs = record.loadMs;
    phase.restart();

    // Hand the state over; the old generation keeps running until this succeeds (rule 8).
    if (old && old->live && generation->live) {
        const QVariantMap state = savedState(*old, &error);
        if (error.isEmpty()) {
            error = guarded(QStringLiteral("restoreState() of generation %1").arg(record.generation),
                            [&] { generation->live->restoreState(state); });
        }
        if (!error.isEmpty())
            return reject(error);
    }
    timing.restoreMs = elapsedMs(phase);
    generation->metaTypesTo = PluginMetaTypes::loadMark();
    phase.restart();

    record.state = ModuleRecord::State::Loaded;
    record.loadedAt = QDateTime::currentDateTime();
    record.restorable = true;
    int previous = 0;
    if (old) {
        previous = old->record.generation;
        retire(name, *old);
        remember(slot, old->record);
        if (old->record.state == ModuleRecord::State::Pinned) {
            HostEvent pinned;
            pinned.type = HostEvent::Type::Pinned;
            pinned.plugin = name;
            pinned.generation = previous;
            pinned.error = old->record.errorString;
            emitEvent(pinned);
        }
        timing.unloadMs = elapsedMs(phase);
    }
    slot.live = std::move(generation);
    LoadedGeneration &live = *slot.live;
    remember(slot, live.record);
    pruneKeptCopies(slot);
    timing.totalMs = elapsedMs(total) + qMax(0.0, request.before.totalMs);
    errorString.clear();

    HostEvent event;
    event.type = request.rollbackOf ? HostEvent::Type::RolledBack
                                    : (old ? HostEvent::Type::Reloaded : HostEvent::Type::Loaded);
    event.plugin = name;
    event.generation = live.record.generation;
    event.version = live.record.version;
    event.timing = timing;
    event.fromGeneration = previous;
    event.toGeneration = request.rollbackOf;
    if (live.live) {
        const QString stateError = guarded(QStringLiteral("saveState()"), [&] { event.state = detached(live.live->saveState()); });
        event.hasState = stateError.isEmpty();
        if (!stateError.isEmpty())
            event.error = stateError;
    }
    qCDebug(lcHost).noquote() << HostEvent::typeName(event.type) << name << "generation" << event.generation
                             << "in" << timing.totalMs << "ms";
    emitEvent(event);
    return true;
}

QVariantMap PluginHostPrivate::savedState(const LoadedGeneration &generation, QString *error) const
{
    QVariantMap state;
    *error = guarded(QStringLiteral("saveState() of generation %1").arg(generation.record.generation),
                     [&] { state = detached(generation.live->saveState()); });
    return state;
}

PluginProbe::Result PluginHostPrivate::probe(const ModuleRecord &record, const LoadedGeneration *old, QString *error)
{
    const auto ahead = probedAhead.find(record.sha256);
    if (ahead != probedAhead.end()) {
        const PluginProbe::Result verdict = ahead.value();
        probedAhead.erase(ahead);
        return verdict;
    }
    // The state the new generation would receive, as it will receive it.
    const bool hasState = old && old->live;
    const QVariantMap state = hasState ? savedState(*old, error) : QVariantMap();
    if (!error->isEmpty())
        return PluginProbe::Result();
    PluginProbe probe;
    probe.setSettings(probeSettings);
    probe.setLauncher(probeLauncher);
    return probe.run(record.shadowPath, state, hasState);
}

PluginHost::PluginHost(QObject *parent)
    : PluginHost(QLatin1String(ReliveLivePlugin_iid), parent)
{
}

PluginHost::PluginHost(const QString &iid, QObject *parent)
    : QObject(parent)
    , d(new PluginHostPrivate(this, iid))
{
    qRegisterMetaType<Relive::HostEvent>();
    d->probeLauncher = new ProbeLauncher(this);
}

PluginHost::~PluginHost()
{
    unloadAll();
}

QString PluginHost::iid() const
{
    return d->iid;
}

const RuntimeFolder &PluginHost::runtimeFolder() const
{
    return d->runtime;
}

void PluginHost::setProbeSettings(const PluginProbe::Settings &settings)
{
    d->probeSettings = settings;
    d->probedAhead.clear();
    d->probeLauncher->prepare(settings);
}

void PluginHost::probeInBackground(const QString &name, const QString &artifactPath, QObject *context,
                                   const std::function<void(double)> &done)
{
    const QString path = QFileInfo(artifactPath).absoluteFilePath();
    delete d->backgroundProbes.take(path); // superseded: that file is gone or about to be loaded anyway
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
    probe->setSettings(d->probeSettings);
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

void PluginHost::setKeptGenerations(int count)
{
    d->keptGenerations = qMax(0, count);
}

int PluginHost::keptGenerations() const
{
    return d->keptGenerations;
}

bool PluginHost::load(const QString &artifactPath, const ReloadTiming &before)
{
    return d->bringIn({QString(), artifactPath, artifactPath, 0, before});
}

bool PluginHost::reload(const QString &name, const QString &artifactPath, const ReloadTiming &before)
{
    return d->bringIn({name, artifactPath, artifactPath, 0, before});
}

bool PluginHost::unload(const QString &name)
{
    const auto it = d->plugins.find(name);
    if (it == d->plugins.end() || !it->second.live) {
        d->errorString = QStringLiteral("no plugin named \"%1\" is loaded").arg(name);
        return false;
    }
    PluginSlot &slot = it->second;
    std::unique_ptr<LoadedGeneration> generation = std::move(slot.live);
    d->retire(name, *generation);
    d->remember(slot, generation->record);
    d->pruneKeptCopies(slot);

    HostEvent event;
    const bool pinned = generation->record.state == ModuleRecord::State::Pinned;
    event.type = pinned ? HostEvent::Type::Pinned : HostEvent::Type::Unloaded;
    event.plugin = name;
    event.generation = generation->record.generation;
    event.version = generation->record.version;
    event.error = generation->record.errorString;
    d->errorString = event.error;
    d->emitEvent(event);
    return !pinned;
}

bool PluginHost::rollback(const QString &name, int generation)
{
    if (const PluginSlot *slot = d->find(name)) {
        for (const ModuleRecord &record : slot->history) {
            if (record.generation != generation)
                continue;
            if (record.state == ModuleRecord::State::Loaded) {
                d->errorString = QStringLiteral("generation %1 of \"%2\" is already live").arg(generation).arg(name);
                return false;
            }
            if (!record.restorable || !QFileInfo::exists(record.shadowPath)) {
                d->errorString = QStringLiteral("generation %1 of \"%2\" is no longer kept: only the last %3 are")
                                     .arg(generation).arg(name).arg(d->keptGenerations);
                return false;
            }
            return d->bringIn({name, record.shadowPath, record.artifactPath, generation, ReloadTiming()});
        }
    }
    d->errorString = QStringLiteral("\"%1\" has no generation %2").arg(name).arg(generation);
    return false;
}

void PluginHost::unloadAll()
{
    const QStringList names = pluginNames();
    for (const QString &name : names) {
        if (isLoaded(name))
            unload(name);
    }
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
    if (LivePlugin *plugin = livePluginOrError(name, &error))
        error = guarded(QStringLiteral("saveState()"), [&] { state = detached(plugin->saveState()); });
    if (errorString)
        *errorString = error;
    return error.isEmpty() ? state : QVariantMap();
}

bool PluginHost::restoreState(const QString &name, const QVariantMap &state, QString *errorString)
{
    QString error;
    if (LivePlugin *plugin = livePluginOrError(name, &error))
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

QList<ModuleRecord> PluginHost::history(const QString &name) const
{
    const PluginSlot *slot = d->find(name);
    return slot ? slot->history : QList<ModuleRecord>();
}

} // namespace Relive
