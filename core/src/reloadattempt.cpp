#include "reloadattempt.h"

#include "codehash.h"
#include "linkedlibraries.h"

#include "plugincall.h"
#include "relive/reloadtiming.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QScopeGuard>

#include <dlfcn.h>

namespace Relive {

namespace {

// How the trial run failed, as the kind of the refused generation.
FailureKind trialFailure(PluginProbe::Outcome outcome)
{
    switch (outcome) {
    case PluginProbe::Outcome::Crashed:
        return FailureKind::TrialCrashed;
    case PluginProbe::Outcome::Hung:
        return FailureKind::TrialHung;
    case PluginProbe::Outcome::Exited:
        return FailureKind::TrialExited;
    case PluginProbe::Outcome::CannotStart:
        return FailureKind::TrialCannotStart;
    case PluginProbe::Outcome::NotRun:
    case PluginProbe::Outcome::Passed:
    case PluginProbe::Outcome::Refused:
        break;
    }
    return FailureKind::RefusedByTrialRun;
}

} // namespace

ReloadAttempt::ReloadAttempt(PluginHostPrivate &host, const BringInRequest &request)
    : d(host)
    , m_request(request)
    , m_label(request.name.isEmpty() ? QFileInfo(request.artifactPath).completeBaseName() : request.name)
{
    m_total.start();
    m_phase.start();
    m_attempt.rollbackOf = request.rollbackOf;
    m_attempt.timing.buildMs = request.before.buildMs;
    if (const LoadedGeneration *live = request.name.isEmpty() ? nullptr : d.liveGeneration(request.name))
        m_attempt.previousGeneration = live->record.generation;
}

bool ReloadAttempt::run()
{
    return prepare() && finish();
}

bool ReloadAttempt::prepare()
{
    return stage() && validate() && bindLibraries() && probe();
}

bool ReloadAttempt::finish()
{
    return load() && handOverState() && commit();
}

bool ReloadAttempt::abandon(FailureKind kind, const QString &error)
{
    return m_generation ? reject(kind, error) : refuse(m_label, kind, error);
}

// Before anything of it runs, here or in the probe: the loader must bind it to the newest
// generation of each workspace library it needs, not to the copy it already has by soname.
bool ReloadAttempt::bindLibraries()
{
    QString error;
    if (!d.libraries.bind(m_generation->record.shadowPath, m_request.artifactPath, d.runtime.path(), &m_libraries, &error))
        return reject(FailureKind::CannotStage, error);
    m_attempt.timing.stageMs += lap();
    return true;
}

double ReloadAttempt::lap()
{
    const double ms = elapsedMs(m_phase);
    m_phase.restart();
    return ms;
}

bool ReloadAttempt::stage()
{
    if (!d.runtime.isValid()) {
        return refuse(m_label, FailureKind::CannotStage,
                      QStringLiteral("no private runtime folder: %1").arg(d.runtime.errorString()));
    }
    const QString stagingPath = QStringLiteral("%1/staging-%2.so").arg(d.runtime.path()).arg(++d.stagingCounter);
    if (!m_staged.stage(m_request.sourcePath, m_request.artifactPath, stagingPath, d.fileLimits))
        return refuse(m_label, m_staged.failure(), m_staged.errorString());
    m_codeHash = codeHash(m_staged.stagingPath());
    // By its bytes or by its code: a save's candidate and the build's artifact of the same code
    // differ in their debug info.
    if (const ModuleRecord *crashed = d.crashedAs(m_staged.sha256(), m_codeHash)) {
        return refuse(crashed->name, FailureKind::CrashedLive,
                      QStringLiteral("this code crashed the process as generation %1 of \"%2\": %3; "
                                     "rebuild with a fix").arg(crashed->generation).arg(crashed->name, crashed->errorString));
    }
    return true;
}

bool ReloadAttempt::validate()
{
    if (!m_staged.validate({QStringList{d.iid} + d.alsoAccepted, m_request.name})) {
        // A refusal after the metadata was read (UNIQUE symbols, say) names the plugin.
        const PluginMetadata &metadata = m_staged.metadata();
        const bool named = metadata.isQtPlugin() && !metadata.name().isEmpty() && m_request.name.isEmpty();
        return refuse(named ? metadata.name() : m_label, m_staged.failure(), m_staged.errorString());
    }
    m_attempt.timing.stageMs = m_staged.stageMs();
    m_attempt.timing.validateMs = m_staged.validateMs();
    lap();

    const QString name = m_staged.metadata().name();
    m_slot = &d.plugins[name];
    m_old = m_slot->live.get();
    m_attempt.previousGeneration = m_old ? m_old->record.generation : 0;
    m_generation = std::make_unique<LoadedGeneration>();
    m_generation->record.generation = ++m_slot->lastGeneration;
    m_attempt.generation = m_generation->record.generation;
    describe(m_staged.metadata());
    if (!m_staged.moveTo(m_generation->record.shadowPath)) {
        return reject(FailureKind::CannotStage,
                      QStringLiteral("cannot name the shadow copy %1").arg(m_generation->record.shadowPath));
    }
    m_attempt.timing.stageMs += lap(); // naming the shadow copy
    return true;
}

// The new generation's record, from what was staged and read: nothing of it ran yet.
void ReloadAttempt::describe(const PluginMetadata &metadata)
{
    ModuleRecord &record = m_generation->record;
    const QFileInfo artifact(m_request.artifactPath);
    record.artifactPath = artifact.absoluteFilePath();
    record.artifactModified = artifact.lastModified();
    record.size = m_staged.size();
    record.sha256 = m_staged.sha256();
    record.codeHash = m_codeHash;
    record.rolledBackFrom = m_request.rollbackOf;
    record.name = metadata.name();
    record.version = metadata.version();
    record.compatVersion = metadata.compatVersion();
    record.vendor = metadata.vendor();
    record.description = metadata.description();
    record.iid = metadata.iid();
    record.className = metadata.className();
    record.qtVersion = metadata.qtVersionString();
    record.metaData = metadata.raw();
    record.shadowPath = d.runtime.shadowPathFor(record.name, record.generation);
    // A forgotten plugin of this name left a pinned generation at this path: dlopen would
    // return that library for the name (rule 1).
    for (int variant = 2; d.reservedShadowPaths.contains(record.shadowPath); ++variant) {
        record.shadowPath = d.runtime.shadowPathFor(record.name, record.generation);
        record.shadowPath.insert(record.shadowPath.size() - 3, QStringLiteral("-%1").arg(variant));
    }
}

// Try it in a child process first: a crash, exit() or hang there costs this process nothing.
// A rollback is not probed: its code ran here before.
bool ReloadAttempt::probe()
{
    if (!d.probeSettings.enabled || m_request.rollbackOf)
        return true;
    const ModuleRecord &record = m_generation->record;
    PluginProbe::Result verdict;
    const auto ahead = d.probedAhead.find(record.sha256);
    if (ahead != d.probedAhead.end()) {
        verdict = ahead.value();
        d.probedAhead.erase(ahead);
    } else {
        // The state the new generation would receive, as it will receive it.
        const bool hasState = m_old && m_old->live;
        QString error;
        const QVariantMap state = hasState ? d.savedState(*m_old, &error) : QVariantMap();
        if (!error.isEmpty())
            return reject(FailureKind::SaveStateThrew, error);
        PluginProbe trial;
        trial.setSettings(d.probeSettingsFor(record.iid));
        trial.setLauncher(d.probeLauncher);
        trial.setLibraries(m_libraries);
        verdict = trial.run(record.shadowPath, state, hasState);
    }
    m_attempt.timing.probeMs = verdict.ms;
    if (!verdict.passed) {
        return reject(trialFailure(verdict.outcome),
                      QStringLiteral("%1 was refused by its trial run: %2").arg(m_request.artifactPath, verdict.error));
    }
    lap();
    return true;
}

bool ReloadAttempt::load()
{
    LoadedGeneration &generation = *m_generation;
    generation.loader = std::make_unique<QPluginLoader>();
    QPluginLoader &loader = *generation.loader;
    // Hints before the file name: the hints live in the library entry the name selects (rule 2).
    loader.setLoadHints((loader.loadHints() & ~QLibrary::PreventUnloadHint) | QLibrary::ResolveAllSymbolsHint);
    loader.setFileName(generation.record.shadowPath);
    // The new generation registers its own metatypes, not bind to the old one's by name.
    if (m_old && m_old->loader)
        m_oldMetaTypes = PluginMetaTypes::take(m_old->record.shadowPath, m_old->metaTypesFrom, m_old->metaTypesTo);
    if (m_old)
        m_old->stuckMetaTypes += m_oldMetaTypes.stuck;
    generation.metaTypesFrom = PluginMetaTypes::loadMark();
    // Its library generations first, by path: the loader then binds its DT_NEEDED to them by
    // their sonames. Once it holds them, they stay as long as it does, and go with its last user.
    QList<void *> libraries;
    const auto releaseLibraries = qScopeGuard([&libraries] {
        for (void *library : std::as_const(libraries))
            dlclose(library);
    });
    for (const QString &copy : std::as_const(m_libraries)) {
        void *library = dlopen(QFile::encodeName(copy).constData(), RTLD_NOW | RTLD_LOCAL);
        if (!library) {
            return reject(FailureKind::LoadFailed, QStringLiteral("cannot load the library generation %1 that %2 needs: %3")
                                                       .arg(copy, m_request.artifactPath, QString::fromLocal8Bit(dlerror())));
        }
        libraries.append(library);
    }
    if (!loader.load()) {
        return reject(FailureKind::LoadFailed,
                      QStringLiteral("cannot load %1: %2").arg(m_request.artifactPath, loader.errorString()));
    }
    const QString error = guarded(QStringLiteral("the plugin's constructor"), [&] { generation.instance = loader.instance(); });
    if (!error.isEmpty())
        return reject(FailureKind::ConstructorThrew, error);
    if (!generation.instance) {
        return reject(FailureKind::NoInstance, QStringLiteral("%1 loaded, but created no instance: %2")
                                                   .arg(m_request.artifactPath, loader.errorString()));
    }
    // A LivePlugin is a LiveState; one that declares only Q_INTERFACES(Relive::LivePlugin) is
    // found through that interface, whatever the host's IID.
    generation.widgets = qobject_cast<LivePlugin *>(generation.instance);
    generation.live = generation.widgets ? generation.widgets : qobject_cast<LiveState *>(generation.instance);
    // The interface its metadata names must be there: the IID is what the host accepted it for.
    const QString &iid = generation.record.iid;
    const bool widgetsMissing = !generation.widgets && iid == QLatin1String(ReliveLivePlugin_iid);
    if (widgetsMissing || (!generation.live && iid == QLatin1String(ReliveLiveState_iid))) {
        const QString interface = widgetsMissing ? QStringLiteral("Relive::LivePlugin") : QStringLiteral("Relive::LiveState");
        return reject(FailureKind::NotALivePlugin, QStringLiteral("%1 (%2) does not implement %3: add Q_INTERFACES(%3)")
                                                       .arg(m_request.artifactPath, generation.record.className, interface));
    }
    generation.record.loadMs = lap();
    m_attempt.timing.loadMs = generation.record.loadMs;
    return true;
}

// The old generation keeps running until this succeeds (rule 8).
bool ReloadAttempt::handOverState()
{
    const bool fromJournal = !m_old && m_request.hasJournaledState;
    if (((m_old && m_old->live) || fromJournal) && m_generation->live) {
        QString error;
        const QVariantMap state = fromJournal ? m_request.journaledState : d.savedState(*m_old, &error);
        if (!error.isEmpty())
            return reject(FailureKind::SaveStateThrew, error);
        error = guarded(QStringLiteral("restoreState() of generation %1").arg(m_generation->record.generation),
                        [&] { m_generation->live->restoreState(state); });
        if (!error.isEmpty())
            return reject(FailureKind::RestoreStateThrew, error);
    }
    m_attempt.timing.restoreMs = lap();
    m_generation->metaTypesTo = PluginMetaTypes::loadMark();
    return true;
}

bool ReloadAttempt::commit()
{
    const QString name = m_generation->record.name;
    ModuleRecord &record = m_generation->record;
    record.state = ModuleRecord::State::Loaded;
    record.loadedAt = QDateTime::currentDateTime();
    // What it really runs with: the copies the loader mapped, maybe older than their files.
    record.libraries = LinkedLibraries::of(record.shadowPath, &record.buildId);
    d.libraries.describe(&record.libraries);
    record.restorable = true;
    ModuleRecord retired; // the old generation's, once it is gone
    if (m_old) {
        // Still the live one while it goes: aboutToUnload() handlers see it as it was.
        d.retire(name, *m_old, m_generation.get());
        d.remember(*m_slot, m_old->record);
        retired = m_old->record;
        m_attempt.timing.unloadMs = lap();
    }
    m_slot->live = std::move(m_generation);
    m_old = nullptr;
    const LoadedGeneration &live = *m_slot->live;
    d.remember(*m_slot, live.record);
    d.pruneKeptCopies(*m_slot);
    m_attempt.timing.totalMs = elapsedMs(m_total) + qMax(0.0, m_request.before.totalMs);

    m_attempt.version = live.record.version;
    if (live.live) {
        m_attempt.stateError = guarded(QStringLiteral("saveState()"), [&] { m_attempt.state = detached(live.live->saveState()); });
        m_attempt.hasState = m_attempt.stateError.isEmpty();
    }
    if (retired.generation > 0)
        d.reportRetired(retired, live.record.generation);
    d.reportAttempt(name, m_attempt);
    return true;
}

bool ReloadAttempt::refuse(const QString &name, FailureKind kind, const QString &error)
{
    m_attempt.failure = kind;
    m_attempt.error = error;
    d.reportAttempt(name, m_attempt);
    return false;
}

bool ReloadAttempt::reject(FailureKind kind, const QString &error)
{
    PluginMetaTypes::giveBack(m_oldMetaTypes);
    ModuleRecord &record = m_generation->record;
    if (m_generation->loader && m_generation->loader->isLoaded())
        d.retire(record.name, *m_generation);
    m_generation->loader.reset();
    // Never live, so Failed, whatever retire() found; a copy still mapped is said in the error.
    const bool pinned = record.state == ModuleRecord::State::Pinned;
    record.state = ModuleRecord::State::Failed;
    record.failure = kind;
    record.errorString = pinned ? QStringLiteral("%1; %2").arg(error, record.errorString) : error;
    QFile::remove(record.shadowPath);
    record.restorable = false;
    d.remember(*m_slot, record);
    m_attempt.failure = kind;
    m_attempt.error = record.errorString;
    d.reportAttempt(record.name, m_attempt);
    return false;
}

} // namespace Relive
