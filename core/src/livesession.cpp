#include "relive/livesession.h"

#include "buildgraph.h"
#include "codehash.h"
#include "linkedlibraries.h"
#include "sourcetexts.h"
#include "stalelibraries.h"
#include "logging.h"
#include "relive/artifactreloader.h"
#include "relive/buildrunner.h"
#include "relive/candidatebuild.h"
#include "relive/diagnosticparser.h"
#include "relive/pluginhost.h"
#include "relive/reloadtiming.h"
#include "relive/sourcewatcher.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QMap>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QStandardPaths>

#include <algorithm>
#include <iterator>
#include <utility>

namespace Relive {

class LiveSessionPrivate
{
public:
    LiveSessionPrivate(LiveSession *session, PluginHost *host);

    void onSourcesChanged(const QStringList &files);
    void onSourcesChanging(const QStringList &files);
    bool swapCandidate(const QStringList &files);
    bool buildSaveCandidate(const QStringList &files);
    void snapshotSources();
    void settleBuiltText(bool built);
    void onCandidateFinished();
    void onBuildStarted();
    void onOutputLine(const QString &line);
    void onBuildFinished(const BuildResult &result);
    void reloadArtifacts(double buildMs);
    void reportStaleLibraries();
    void onAttemptFailed(const QString &name, const LoadAttempt &attempt);
    void startBuild();
    void linkCompileCommands();
    void onArtifactUnchanged(const QString &path);
    void onUpdateFinished(const QString &path);
    void announceReady();
    void startCompileAhead();

    LiveSession *q;
    PluginHost *host;
    BuildRunner *runner;
    SourceWatcher *watcher;
    ArtifactReloader *reloader;
    BuildGraph *graph;
    CandidateBuild *candidate;
    QString workspace;
    QString packageDirectory;
    QString error;
    DiagnosticParser parser;      //!< the running build's output, read as it comes
    QList<Diagnostic> diagnostics; //!< of the last build that finished and was current
    QElapsedTimer sinceChange;    //!< from the first save of the burst being built
    QStringList waitingSave;      //!< a save of the text the running candidate builds: it waits for it
    quint64 changeSerial = 0;     //!< bumped on every change burst
    quint64 buildingSerial = 0;   //!< the change burst the running build reflects
    bool toolchainSet = false;
    bool buildOnChange = true;
    bool candidateOnSave = true;
    bool startedEarly = false;    //!< a save's candidate started at its burst's first event, not reported yet
    /*! Each C++ source's text at the last build that ran through: what its moc output was made from. */
    QHash<QString, QByteArray> builtText;
    QHash<QString, QByteArray> buildingText; //!< read as the running build started
    SourceTexts sourceTexts;                 //!< reads only what moved since the last build start
    bool snapshotTaken = false;              //!< buildingText waits for its build's end
    QByteArray refusedCode; //!< codeHash() of the save's candidate the host refused
    QString swappedPlugin;  //!< a candidate swapped in: its build's artifact of that code is no news
    int swappedGeneration = 0;
    bool reloadingBuild = false;  //!< the artifacts of the last build are being swapped in
    LiveSession::ArtifactHandler artifactHandler; //!< set: artifacts go there, not to the host
    /*! Stale libraries reported: path → what was reported (its bytes, the plugins): once each. */
    QHash<QString, QString> reportedStale;
    /*! Each plugin file's modification time when it was last loaded or found unchanged. */
    QHash<QString, QDateTime> artifactTimes;
    QSet<QString> settling;       //!< the first build's plugin files not yet loaded or refused
    bool readySent = false;       //!< ready() was emitted since start()
    bool linkCommands = true;     //!< setLinksCompileCommands()
};

LiveSessionPrivate::LiveSessionPrivate(LiveSession *session, PluginHost *pluginHost)
    : q(session)
    , host(pluginHost)
    , runner(new BuildRunner(session))
    , watcher(new SourceWatcher(session))
    , reloader(new ArtifactReloader(pluginHost, session))
    , graph(new BuildGraph(session))
    , candidate(new CandidateBuild(pluginHost, session))
    , packageDirectory(LiveSession::defaultPackageDirectory())
{
}

LiveSession::LiveSession(PluginHost *host, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<LiveSessionPrivate>(this, host))
{
    qRegisterMetaType<Relive::BuildResult>();
    qRegisterMetaType<Relive::Diagnostic>();
    connect(d->watcher, &SourceWatcher::changed, this, [this](const QStringList &files) { d->onSourcesChanged(files); });
    connect(d->watcher, &SourceWatcher::changing, this, [this](const QStringList &files) { d->onSourcesChanging(files); });
    connect(d->candidate, &CandidateBuild::finished, this, [this] { d->onCandidateFinished(); });
    connect(d->runner, &BuildRunner::started, this, [this] { d->onBuildStarted(); });
    connect(d->runner, &BuildRunner::outputLine, this, [this](const QString &line) { d->onOutputLine(line); });
    connect(d->runner, &BuildRunner::finished, this, [this](const BuildResult &result) { d->onBuildFinished(result); });
    connect(host, &PluginHost::attemptFailed, this,
            [this](const QString &name, const LoadAttempt &attempt) { d->onAttemptFailed(name, attempt); });
    connect(d->reloader, &ArtifactReloader::artifactUnchanged, this, [this](const QString &path) { d->onArtifactUnchanged(path); });
    connect(d->reloader, &ArtifactReloader::updateFinished, this, [this](const QString &path) { d->onUpdateFinished(path); });
}

LiveSession::~LiveSession() = default;

void LiveSession::setWorkspace(const QString &workspace)
{
    d->workspace = QFileInfo(workspace).absoluteFilePath();
    if (d->runner->buildDirectory().isEmpty())
        d->runner->setBuildDirectory(defaultBuildDirectory(d->workspace));
}

QString LiveSession::workspace() const
{
    return d->workspace;
}

void LiveSession::setBuildDirectory(const QString &buildDirectory)
{
    d->runner->setBuildDirectory(QFileInfo(buildDirectory).absoluteFilePath());
}

QString LiveSession::buildDirectory() const
{
    return d->runner->buildDirectory();
}

void LiveSession::setToolchain(const Toolchain &toolchain)
{
    d->runner->setToolchain(toolchain);
    d->toolchainSet = true;
}

Toolchain LiveSession::toolchain() const
{
    return d->runner->toolchain();
}

void LiveSession::setArtifactHandler(const ArtifactHandler &handler)
{
    d->artifactHandler = handler;
}

void LiveSession::setPackageDirectory(const QString &directory)
{
    d->packageDirectory = directory;
}

BuildRunner *LiveSession::buildRunner() const
{
    return d->runner;
}

SourceWatcher *LiveSession::sourceWatcher() const
{
    return d->watcher;
}

CandidateBuild *LiveSession::candidateBuild() const
{
    return d->candidate;
}

bool LiveSession::swapCandidateFor(const QStringList &files)
{
    return d->buildOnChange && !d->candidate->isRunning() && d->swapCandidate(files);
}

void LiveSession::setCandidateOnSave(bool enabled)
{
    d->candidateOnSave = enabled;
}

bool LiveSession::candidateOnSave() const
{
    return d->candidateOnSave;
}

PluginHost *LiveSession::host() const
{
    return d->host;
}

bool LiveSession::isBuilding() const
{
    return d->runner->isRunning() || !d->waitingSave.isEmpty(); // a save waits for its candidate, then builds
}

QList<Diagnostic> LiveSession::lastDiagnostics() const
{
    return d->diagnostics;
}

QString LiveSession::errorString() const
{
    return d->error;
}

QString LiveSession::defaultBuildDirectory(const QString &workspace)
{
    const QString absolute = QFileInfo(workspace).absoluteFilePath();
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(QFile::encodeName(absolute), QCryptographicHash::Sha1).toHex().left(10));
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    // The name only helps a person find the folder (the hash makes it unique): plain characters,
    // since CMake cannot configure in a folder whose path has a '"' in it.
    QString name = QFileInfo(absolute).fileName();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.+-]")), QStringLiteral("_"));
    return QStringLiteral("%1/relive/builds/%2-%3").arg(cache, name, hash);
}

QString LiveSession::defaultPackageDirectory()
{
    const QString fromEnvironment = QFile::decodeName(qgetenv("RELIVE_DIR"));
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    // A build tree's package only exists while that build does; an install outlives it.
    for (const QString &candidate : {QStringLiteral(RELIVE_BUILD_PACKAGE_DIR), QStringLiteral(RELIVE_INSTALL_PACKAGE_DIR)}) {
        if (QFileInfo::exists(candidate + QStringLiteral("/ReliveConfig.cmake")))
            return candidate;
    }
    return QString();
}

bool LiveSession::start()
{
    if (!QFileInfo::exists(d->workspace + QStringLiteral("/CMakeLists.txt"))) {
        d->error = QStringLiteral("%1 is not a plugin workspace: it has no CMakeLists.txt").arg(d->workspace);
        return false;
    }
    if (d->packageDirectory.isEmpty()) {
        d->error = QStringLiteral("the Relive CMake package was not found: set RELIVE_DIR to the folder of ReliveConfig.cmake");
        return false;
    }
    if (!d->toolchainSet)
        d->runner->setToolchain(Toolchain::detect());
    d->runner->setSourceDirectory(d->workspace);
    d->runner->setConfigureArguments({QStringLiteral("-DRelive_DIR=%1").arg(d->packageDirectory),
                                      QStringLiteral("-DRELIVE_QT_MAJOR=%1").arg(QT_VERSION_MAJOR)});
    d->watcher->setExcludedDirectories({d->runner->buildDirectory()});
    d->candidate->setWorkspace(d->workspace);
    d->candidate->setBuildDirectory(d->runner->buildDirectory());
    d->watcher->setRoot(d->workspace);
    d->readySent = false;
    rebuild();
    return true;
}

void LiveSession::rebuild()
{
    ++d->changeSerial;
    d->sinceChange.start();
    d->startBuild();
}

void LiveSession::cancelBuild()
{
    if (d->runner->isRunning())
        d->settleBuiltText(false);
    d->runner->cancel();
}

void LiveSession::setLinksCompileCommands(bool enabled)
{
    d->linkCommands = enabled;
}

bool LiveSession::linksCompileCommands() const
{
    return d->linkCommands;
}

void LiveSession::setBuildOnChange(bool enabled)
{
    d->buildOnChange = enabled;
}

bool LiveSession::buildsOnChange() const
{
    return d->buildOnChange;
}

void LiveSessionPrivate::onSourcesChanged(const QStringList &files)
{
    if (!buildOnChange)
        return; // the next rebuild() sees the change: the build folder tracks what changed
    waitingSave.clear();
    refusedCode.clear();
    swappedPlugin.clear(); // a newer save: its build giving the live code is news again
    ++changeSerial;
    const bool early = std::exchange(startedEarly, false); // its clock started at the first event
    if ((!runner->isRunning() && !early) || !sinceChange.isValid())
        sinceChange.start();
    if (candidate->isBuilding(files)) {
        waitingSave = files; // it is further along than a new build would be
        return;
    }
    // Its candidate, started at the first event, failed or was refused: the build reports why.
    // Swapped in already at the save (swapCandidateFor()): only the build is left.
    if (!swapCandidate(files) && !candidate->triedSaved(files) && !candidate->wasTakenFor(files)
        && buildSaveCandidate(files)) {
        waitingSave = files; // the normal build starts once it has gone live, or has not
        return;
    }
    startBuild(); // cancels a running build: its result would be stale
}

// The first event of a save's burst (SourceWatcher::changing()): a save by rename is complete
// then, so its candidate starts now rather than after the debounce. A file still being written
// is no risk: a later event restarts it, and takeIfCurrent() proves the bytes at the swap.
// The burst's report (onSourcesChanged()) decides as always: it waits for this candidate when
// the file still holds its text.
// Only when nothing else is on the way (a build, a save waiting for its candidate), which the
// burst's report alone may cancel; and never over a candidate built while typing.
void LiveSessionPrivate::onSourcesChanging(const QStringList &files)
{
    static const bool early = qEnvironmentVariable("RELIVE_EARLY_SAVE_CANDIDATE") != QLatin1String("0");
    if (!early || !buildOnChange || !candidateOnSave || runner->isRunning() || !waitingSave.isEmpty()
        || candidate->isBuilding(files) || candidate->wasTakenFor(files))
        return;
    if (!startedEarly && (candidate->isReady() || candidate->isRunning()))
        return; // built while typing: the burst's report swaps it, or waits for it
    if (std::exchange(startedEarly, false))
        candidate->cancel(); // the burst moved on (or back to the text last reported)
    QElapsedTimer sinceEvent; // before the candidate's own clock: its time is part of the total
    sinceEvent.start();
    if (!buildSaveCandidate(files))
        return;
    startedEarly = true;
    sinceChange = sinceEvent;
}

// A save without a pause: its file as saved, built as a candidate now, is live sooner than
// through Ninja (no autogen, no cmake -P publish). Only when the build folder's moc output
// fits the saved text: the last build read a text with the same declarations.
bool LiveSessionPrivate::buildSaveCandidate(const QStringList &files)
{
    if (!candidateOnSave || files.size() != 1 || !CandidateBuild::isCompiledSource(files.constFirst()))
        return false;
    const QString source = QFileInfo(files.constFirst()).absoluteFilePath();
    const auto built = builtText.constFind(source);
    if (built == builtText.cend())
        return false; // no build has read it yet
    if (runner->isRunning()) { // stale now, and the candidate needs the CPU; it may have run moc
        runner->cancel();
        settleBuiltText(false);
        if (!builtText.contains(source))
            return false;
    }
    candidate->buildSaved(source, builtText.value(source));
    return candidate->isRunning(); // else NotBuilt: no command, moc declarations changed, no live plugin...
}

void LiveSessionPrivate::snapshotSources()
{
    if (runner->isRunning())
        settleBuiltText(false); // it is cancelled: its end says nothing more
    snapshotTaken = true;
    QStringList sources;
    for (const QString &file : watcher->watchedFiles()) {
        if (CandidateBuild::isCompiledSource(file))
            sources.append(QFileInfo(file).absoluteFilePath());
    }
    buildingText = sourceTexts.read(sources);
}

// A build that ran through made the moc output of every text it read. One that did not (cancelled,
// failed, superseded) may have run moc for some: only texts moc reads as before stay known.
void LiveSessionPrivate::settleBuiltText(bool built)
{
    if (!std::exchange(snapshotTaken, false))
        return; // settled when it was cancelled
    if (built) {
        builtText = std::exchange(buildingText, {});
        return;
    }
    for (auto it = builtText.begin(); it != builtText.end();) {
        const auto read = buildingText.constFind(it.key());
        const bool same = read != buildingText.cend() && CandidateBuild::sameMocInput(*read, it.value());
        it = same ? std::next(it) : builtText.erase(it);
    }
    buildingText.clear();
}

void LiveSessionPrivate::onCandidateFinished()
{
    if (waitingSave.isEmpty())
        return;
    const QStringList files = std::exchange(waitingSave, QStringList());
    swapCandidate(files);
    startBuild();
}

// The save is the text a candidate was built from, with the same inputs: only the swap is
// left. The normal build still runs and brings the build folder up to date; its artifact has
// the candidate's bytes, so it is not loaded again (ArtifactReloader: same content).
bool LiveSessionPrivate::swapCandidate(const QStringList &files)
{
    candidate->cancel(); // not finished: the normal build does it
    QString name;
    const QString artifact = candidate->takeIfCurrent(files, &name);
    if (artifact.isEmpty())
        return false;
    // Saved back to the live code (an error typed, then undone): nothing new to swap in.
    const QByteArray code = codeHash(artifact);
    if (host->isLoaded(name) && !code.isEmpty() && code == host->record(name).codeHash)
        return false;
    ReloadTiming before;
    before.buildMs = 0; // built before the save
    const bool forSave = candidate->isForSave();
    if (forSave) {
        before.buildMs = candidate->buildMs();
        before.totalMs = elapsedMs(sinceChange);
        // Its code refused here (its state, its load) is the build's code refused, reported once:
        // as the build's (onAttemptFailed()), and the build's artifact of that code is not tried again.
        reloadingBuild = true;
    }
    qCInfo(lcSession).noquote() << "swapping in the candidate of" << (forSave ? "the save:" : "typing:") << artifact;
    const bool live = host->reload(name, artifact, before);
    if (!live && forSave)
        refusedCode = code;
    if (live) {
        swappedPlugin = name;
        swappedGeneration = host->record(name).generation;
    }
    return live;
}

void LiveSessionPrivate::startBuild()
{
    buildingSerial = changeSerial;
    reloadingBuild = false;
    snapshotSources();
    HostEvent event;
    event.type = HostEvent::Type::BuildStarted;
    event.extra.insert(QStringLiteral("toolchain"), runner->toolchain().describe());
    event.extra.insert(QStringLiteral("configure"), runner->needsConfigure());
    Q_EMIT q->sessionEvent(event);
    runner->start();
}

// The runner's lines between its started() and finished() are the build's output: a cancelled
// build's last lines come before the next build starts.
void LiveSessionPrivate::onBuildStarted()
{
    parser = DiagnosticParser(runner->buildDirectory());
    parser.setSourceDirectory(workspace);
}

void LiveSessionPrivate::onOutputLine(const QString &line)
{
    const Diagnostic location = parser.addLine(line);
    Q_EMIT q->buildOutput(line, location);
}

// clangd and other editors look for compile_commands.json in the workspace root; the build
// folder is elsewhere. A link there, never over a file of the user's own.
void LiveSessionPrivate::linkCompileCommands()
{
    const QString target = runner->buildDirectory() + QStringLiteral("/compile_commands.json");
    const QString link = workspace + QStringLiteral("/compile_commands.json");
    const QFileInfo existing(link);
    if (!linkCommands || !QFileInfo::exists(target) || (existing.exists() && !existing.isSymLink())
        || existing.symLinkTarget() == target)
        return;
    if (existing.isSymLink())
        QFile::remove(link);
    if (!QFile::link(target, link))
        qCWarning(lcSession) << "cannot link" << link << "to" << target;
    else
        qCInfo(lcSession).noquote() << QStringLiteral("linked %1 to the build's %2, for clangd and other editors "
                                                      "(LiveSession::setLinksCompileCommands(false) leaves the folder alone)")
                                           .arg(link, target);
}

void LiveSessionPrivate::onBuildFinished(const BuildResult &result)
{
    const QList<Diagnostic> parsed = parser.diagnostics();
    parser.clear(); // a build that fails before it starts (no cmake) has no output of its own
    if (!result.cancelled) // a cancelled build was settled as it was cancelled
        settleBuiltText(result.ok && buildingSerial == changeSerial);
    // Cancelled, or a newer save came in while it ran: its artifacts are stale. The build for
    // the newer save is already running and will publish.
    if (result.cancelled || buildingSerial != changeSerial) {
        Q_EMIT q->buildFinished(result);
        return;
    }

    diagnostics = parsed;
    Q_EMIT q->buildFinished(result);
    QJsonArray diagnosticsJson;
    for (const Diagnostic &diagnostic : std::as_const(diagnostics))
        diagnosticsJson.append(diagnostic.toJson());

    HostEvent event;
    event.type = result.ok ? HostEvent::Type::BuildFinished : HostEvent::Type::BuildFailed;
    event.timing.buildMs = result.totalMs;
    event.diagnostics = diagnosticsJson;
    event.error = result.ok ? QString() : result.errorString;
    Q_EMIT q->sessionEvent(event);
    linkCompileCommands();
    // What the build reads, from its own graph: the watch follows it (resources, forms...).
    graph->read(runner->buildDirectory(), workspace, [this](const QStringList &files) { watcher->setBuildInputs(files); });
    if (!result.ok) {
        announceReady(); // a first build that failed: nothing to wait for
        return; // every live generation stays
    }
    host->setWorkspaceLibraryFolders({runner->buildDirectory()});
    reloadArtifacts(result.totalMs);
    reportStaleLibraries();
}

// glibc maps a library once per soname: a rebuilt library of the workspace does not reach the
// plugins that run it, whether they reload or not. Never silent: each such file is reported,
// once per generation of it (not again after every build while it stays the same).
void LiveSessionPrivate::reportStaleLibraries()
{
    QMap<QString, HostEvent> byFile;
    for (const HostEvent &event : staleLibraryEvents(host, host->pluginNames()))
        byFile.insert(event.file, event);
    // Once per stale generation: a build that changed neither the file nor who runs it again
    // says nothing new. A file that is current again forgets it, to report its next change.
    for (auto it = reportedStale.begin(); it != reportedStale.end();)
        it = byFile.contains(it.key()) ? std::next(it) : reportedStale.erase(it);
    for (HostEvent &event : byFile) {
        const QString reported = LinkedLibraries::currentHash(event.file) + QLatin1Char(' ') + event.plugins.join(QLatin1Char(','));
        if (reportedStale.value(event.file) == reported)
            continue;
        reportedStale.insert(event.file, reported);
        qCWarning(lcSession).noquote() << "stale:" << event.error;
        Q_EMIT q->sessionEvent(event);
    }
}

// A refused reload of a build's artifact leaves code running that the build has replaced.
void LiveSessionPrivate::onAttemptFailed(const QString &name, const LoadAttempt &attempt)
{
    if (!reloadingBuild || !attempt.isReplacement() || attempt.rollbackOf > 0)
        return;
    HostEvent event;
    event.type = HostEvent::Type::Stale;
    event.plugin = name;
    event.plugins = QStringList{name};
    event.generation = attempt.previousGeneration;
    event.file = host->record(name).artifactPath;
    event.failure = attempt.failure;
    event.error = QStringLiteral("the build's new code of %1 was refused, so generation %2 keeps running the code "
                                 "built before: %3").arg(name).arg(attempt.previousGeneration).arg(attempt.error);
    Q_EMIT q->sessionEvent(event);
}

void LiveSessionPrivate::reloadArtifacts(double buildMs)
{
    ReloadTiming before;
    before.buildMs = buildMs;
    const QFileInfoList artifacts = QDir(runner->buildDirectory() + QStringLiteral("/plugins"))
                                        .entryInfoList({QStringLiteral("*.so")}, QDir::Files, QDir::Name);
    reloadingBuild = true;
    // The plugins that run a rebuilt workspace library reload as one set, with its new
    // generation, whether their own file changed or not; the others as their files changed.
    // Attached (an artifact handler): every plugin file goes there, whatever this host runs.
    QMap<QString, QString> together;
    for (const QString &name : artifactHandler ? QStringList() : host->dependentsOfRebuiltLibraries())
        together.insert(name, host->record(name).artifactPath);
    if (!readySent && !artifactHandler) {
        for (const QFileInfo &artifact : artifacts)
            settling.insert(artifact.absoluteFilePath());
    }
    const QByteArray refused = std::exchange(refusedCode, QByteArray());
    for (const QFileInfo &artifact : artifacts) {
        if (together.contains(host->pluginLoadedFrom(artifact.absoluteFilePath())))
            continue;
        if (!refused.isEmpty() && codeHash(artifact.absoluteFilePath()) == refused)
            continue; // its save's candidate was refused already

        before.totalMs = elapsedMs(sinceChange);
        if (artifactHandler)
            artifactHandler(artifact.absoluteFilePath(), before);
        else
            reloader->updateInBackground(artifact.absoluteFilePath(), before);
    }
    if (settling.isEmpty())
        announceReady(); // nothing to load here, or it all settled at once
    if (!together.isEmpty()) {
        before.totalMs = elapsedMs(sinceChange);
        host->reloadTogether(together, before);
    }
    sinceChange.invalidate();
}

// Only a build that rewrote the file says so: the files of plugins no edit touched stay quiet.
void LiveSessionPrivate::onArtifactUnchanged(const QString &path)
{
    const QDateTime modified = QFileInfo(path).lastModified();
    const auto seen = artifactTimes.constFind(path);
    if (seen == artifactTimes.constEnd() || *seen == modified)
        return;
    // The build right after a candidate of the same code was swapped in: the swap was the news.
    // Unchanged means the code of the live generation: while that is still the swapped one, it
    // is the candidate's code (no need to hash the file again).
    const QString plugin = reloader->pluginFor(path);
    if (!swappedPlugin.isEmpty() && std::exchange(swappedPlugin, QString()) == plugin
        && host->isLoaded(plugin) && host->record(plugin).generation == swappedGeneration)
        return;
    HostEvent event;
    event.type = HostEvent::Type::Unchanged;
    event.plugin = plugin;
    event.generation = host->status(event.plugin).liveGeneration;
    event.version = host->record(event.plugin).version;
    event.file = path;
    qCInfo(lcSession).noquote() << QStringLiteral("%1: rebuilt with the code generation %2 already runs; not reloading")
                                       .arg(path).arg(event.generation);
    Q_EMIT q->sessionEvent(event);
}

void LiveSessionPrivate::onUpdateFinished(const QString &path)
{
    artifactTimes.insert(path, QFileInfo(path).lastModified());
    startCompileAhead();
    if (settling.remove(path) && settling.isEmpty())
        announceReady();
}

// The newest source of a live plugin is the one most likely saved next: its compiler starts
// now (CandidateBuild::startAhead()), so that even its first save skips the compiler's start.
// A newer source no live plugin is linked from (a library's, or a plugin's not loaded yet) is
// passed over; three at most, as each try looks its commands up in Ninja's graph.
void LiveSessionPrivate::startCompileAhead()
{
    if (!buildOnChange || !candidateOnSave || runner->isRunning() || artifactHandler || candidate->isRunning())
        return;
    QList<QPair<QDateTime, QString>> sources;
    for (const QString &file : watcher->watchedFiles()) {
        if (CandidateBuild::isCompiledSource(file))
            sources.append({QFileInfo(file).lastModified(), file});
    }
    std::sort(sources.begin(), sources.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (int i = 0; i < qMin(3, int(sources.size())); ++i) {
        if (candidate->startAhead(sources.at(i).second))
            return;
    }
}

void LiveSessionPrivate::announceReady()
{
    if (readySent)
        return;
    readySent = true;
    settling.clear();
    Q_EMIT q->ready();
}

} // namespace Relive
