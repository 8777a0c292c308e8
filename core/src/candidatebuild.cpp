#include "relive/candidatebuild.h"

#include "candidatecommands.h"
#include "candidateinputs.h"
#include "logging.h"
#include "niceprocess.h"
#include "waitingcompile.h"
#include "sha256.h"
#include "relive/diagnosticparser.h"
#include "relive/pluginhost.h"
#include "relive/private/linkerjob.h"
#include "relive/private/mocdeclarations.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QPointer>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>

#include <algorithm>

namespace Relive {

class CandidateBuildPrivate
{
public:
    void start(const QString &sourcePath, const QByteArray &sourceText);
    void finish(CandidateBuild::Outcome outcome, const QString &error = QString());
    void stopProcess();
    bool isOf(const QStringList &changedFiles) const;
    bool prepare();
    void compile();
    void startWaitingCompile(const QString &path, const QString &name);
    QStringList compileArguments(const QString &path, const QString &name) const;
    void onCompiled();
    void onLinked();
    bool recordInputs();
    bool lookUpCommands(const QString &path, QString *error);
    QString stdinNameOf(const QString &path);
    QString mainFileOf(const QString &name) const;
    /*! Runs a step (compile or link) at low priority; \a next reads its end. */
    void startStep(const QStringList &arguments, void (CandidateBuildPrivate::*next)());
    /*! The step's output; false in \a ok unless it exited with 0. */
    QByteArray endStep(bool *ok);
    void readDiagnostics(const QByteArray &output);
    QString pluginOf(const QString &linkOutput) const;
    bool refusedBySave() const;

    CandidateBuild *q;
    PluginHost *host;
    std::unique_ptr<QTemporaryDir> folder; //!< made at the first candidate
    QString buildDirectory;
    QString workspace;
    QString source;
    QByteArray text;
    QByteArray mocReference; //!< a save's: the text the build folder's moc output was made from
    bool forSave = false;
    double buildMs = -1;
    QString copy;
    QString artifact;
    QString plugin;
    QString error;
    CandidateCommands commands;
    LinkerJob linkerJob; //!< the linker itself, not clang's driver: ~80 ms less per link
    QString commandsSource;
    QDateTime commandsStamp; //!< of build.ninja when the commands were read
    CandidateInputs inputs;
    QList<Diagnostic> diagnostics;
    QPointer<NiceProcess> process;
    WaitingCompile waitingCompile; //!< the next compile, started: the compiler's start is off the save's path
    QDateTime compileStart;
    QDateTime compilerStart; //!< the process's: a compiler started ahead read the precompiled header then
    QElapsedTimer buildClock; //!< compile and link
    quint64 serial = 0;
    bool running = false;
    bool ready = false;
    bool taken = false; //!< the last one went to takeIfCurrent() and matched
    CandidateBuild::Outcome outcome = CandidateBuild::Outcome::Cancelled; //!< of the last finished one
    int started = 0;
    int compiles = 0;
    int compilesAhead = 0;
};

CandidateBuild::CandidateBuild(PluginHost *host, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<CandidateBuildPrivate>())
{
    d->q = this;
    d->host = host;
}

CandidateBuild::~CandidateBuild()
{
    if (d->process)
        QObject::disconnect(d->process, nullptr, this, nullptr); // its destructor kills it, as a child of this
}

void CandidateBuild::setBuildDirectory(const QString &buildDirectory)
{
    d->buildDirectory = QFileInfo(buildDirectory).absoluteFilePath();
    d->commandsSource.clear();
    d->waitingCompile.drop();
}

void CandidateBuild::setWorkspace(const QString &workspace)
{
    d->workspace = QFileInfo(workspace).absoluteFilePath();
    d->waitingCompile.drop();
}

bool CandidateBuild::isRunning() const
{
    return d->running;
}

QList<Diagnostic> CandidateBuild::diagnostics() const
{
    return d->diagnostics;
}

QString CandidateBuild::errorString() const
{
    return d->error;
}

bool CandidateBuild::isCompiledSource(const QString &path)
{
    static const QStringList suffixes{QStringLiteral("cpp"), QStringLiteral("cc"), QStringLiteral("cxx"),
                                      QStringLiteral("c++"), QStringLiteral("c")};
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

// Whether moc would read the same from both texts (then the build folder's moc output fits).
bool CandidateBuild::sameMocInput(const QByteArray &saved, const QByteArray &text)
{
    static const char *const keywords[] = {"Q_OBJECT", "Q_GADGET", "Q_NAMESPACE", "Q_PLUGIN_METADATA"};
    bool moced = false;
    for (const char *keyword : keywords)
        moced = moced || saved.contains(keyword) || text.contains(keyword);
    if (!moced)
        return true;
    const MocDeclarations before(saved);
    const MocDeclarations after(text);
    return before.isCacheable() && after.isCacheable() && before.text() == after.text();
}

bool CandidateBuild::isForSave() const
{
    return d->forSave;
}

double CandidateBuild::buildMs() const
{
    return d->buildMs;
}

int CandidateBuild::buildsStarted() const
{
    return d->started;
}

int CandidateBuild::compilesRun() const
{
    return d->compiles;
}

int CandidateBuild::compilesStartedAhead() const
{
    return d->compilesAhead;
}

bool CandidateBuild::startAhead(const QString &sourcePath)
{
    const QString path = QFileInfo(sourcePath).absoluteFilePath();
    QString error;
    if (d->running || !isCompiledSource(path) || !d->lookUpCommands(path, &error) || d->pluginOf(d->commands.linkOutput).isEmpty())
        return false;
    const QString name = d->stdinNameOf(path);
    if (name.isEmpty())
        return false;
    d->startWaitingCompile(path, name);
    return true;
}

void CandidateBuild::cancel()
{
    if (!d->running)
        return;
    ++d->serial; // a probe still running for it reports to nobody
    d->stopProcess();
    d->finish(Outcome::Cancelled);
}

void CandidateBuild::build(const QString &sourcePath, const QByteArray &text)
{
    cancel();
    d->forSave = false;
    d->start(sourcePath, text);
}

void CandidateBuild::buildSaved(const QString &sourcePath, const QByteArray &builtText)
{
    cancel();
    QFile saved(sourcePath);
    d->forSave = true;
    d->mocReference = builtText;
    // Unreadable: prepare() says so.
    d->start(sourcePath, saved.open(QIODevice::ReadOnly) ? saved.readAll() : QByteArray());
}

void CandidateBuildPrivate::start(const QString &sourcePath, const QByteArray &sourceText)
{
    ++serial;
    ++started;
    running = true;
    ready = false;
    taken = false;
    buildMs = -1;
    inputs.clear();
    source = QFileInfo(sourcePath).absoluteFilePath();
    text = sourceText;
    error.clear();
    Q_EMIT q->started(source);
    qCDebug(lcSession) << "candidate of" << source << "starts";
    if (prepare())
        compile();
}

QString CandidateBuild::takeIfCurrent(const QStringList &changedFiles, QString *pluginName)
{
    if (!d->ready)
        return QString();
    d->ready = false;
    QString why;
    if (!d->inputs.matches(changedFiles, &why)) {
        qCInfo(lcSession).noquote() << "candidate not used:" << why;
        return QString();
    }
    *pluginName = d->plugin;
    d->taken = true;
    return d->artifact;
}

bool CandidateBuild::isBuilding(const QStringList &changedFiles) const
{
    return d->running && d->isOf(changedFiles);
}

bool CandidateBuild::isReady() const
{
    return d->ready;
}

bool CandidateBuild::wasTakenFor(const QStringList &changedFiles) const
{
    return !d->running && d->taken && d->isOf(changedFiles);
}

bool CandidateBuild::triedSaved(const QStringList &changedFiles) const
{
    return !d->running && d->forSave && d->outcome != Outcome::Ready && d->outcome != Outcome::Cancelled
           && d->isOf(changedFiles);
}

// \a changedFiles is the candidate's source alone, and the file holds the text it was built from.
bool CandidateBuildPrivate::isOf(const QStringList &changedFiles) const
{
    if (changedFiles.size() != 1 || QFileInfo(changedFiles.constFirst()) != QFileInfo(source))
        return false;
    QFile saved(source);
    return saved.open(QIODevice::ReadOnly) && saved.readAll() == text;
}

void CandidateBuildPrivate::finish(CandidateBuild::Outcome outcome, const QString &message)
{
    running = false;
    error = message;
    this->outcome = outcome;
    ready = outcome == CandidateBuild::Outcome::Ready;
    if (outcome == CandidateBuild::Outcome::NotBuilt)
        qCInfo(lcSession).noquote() << "no candidate for" << source << ":" << message;
    Q_EMIT q->finished(source, outcome);
    // After the swap that may follow: the next save of this file finds its compiler started.
    // Not for a file that never reaches the compiler (a library's source, moc changes...).
    if (outcome != CandidateBuild::Outcome::NotBuilt)
        QTimer::singleShot(0, q, [this] { startWaitingCompile(source, copy); });
}

void CandidateBuildPrivate::stopProcess()
{
    if (!process)
        return;
    QObject::disconnect(process, nullptr, q, nullptr);
    process->killGroupLater();
    process = nullptr;
}

// The commands (read again when the build graph changed), the moc check, the name the text is read under.
bool CandidateBuildPrivate::prepare()
{
    if (!folder)
        folder = std::make_unique<QTemporaryDir>();
    QFile saved(source);
    const QString root = QFileInfo(workspace).canonicalFilePath();
    if (root.isEmpty() || !QFileInfo(source).canonicalFilePath().startsWith(root + QLatin1Char('/')) || !folder->isValid()
        || !saved.open(QIODevice::ReadOnly)) {
        finish(CandidateBuild::Outcome::NotBuilt, QStringLiteral("%1 is not a saved file of the workspace").arg(source));
        return false;
    }
    // A typing candidate's reference is the saved file, which the last build read.
    if (!CandidateBuild::sameMocInput(forSave ? mocReference : saved.readAll(), text)) {
        finish(CandidateBuild::Outcome::NotBuilt, QStringLiteral("the declarations moc reads changed: the save runs moc"));
        return false;
    }
    QString lookUpError;
    if (!lookUpCommands(source, &lookUpError)) {
        finish(CandidateBuild::Outcome::NotBuilt, lookUpError);
        return false;
    }
    plugin = pluginOf(commands.linkOutput);
    if (plugin.isEmpty()) {
        finish(CandidateBuild::Outcome::NotBuilt, QStringLiteral("no live plugin is loaded from %1").arg(commands.linkOutput));
        return false;
    }
    copy = stdinNameOf(source);
    if (copy.isEmpty()) {
        finish(CandidateBuild::Outcome::NotBuilt, QStringLiteral("cannot make the files the compiler reads the text through in %1").arg(folder->path()));
        return false;
    }
    return true;
}

// The commands of \a path, looked up again when the build graph changed. The driver is asked
// for its linker job now, in the background: the link waits for the answer if it must.
bool CandidateBuildPrivate::lookUpCommands(const QString &path, QString *error)
{
    const QDateTime stamp = QFileInfo(buildDirectory + QStringLiteral("/build.ninja")).lastModified();
    if (commandsSource == path && commandsStamp == stamp && commands.isValid())
        return true;
    commands = CandidateCommands::lookUp(buildDirectory, path, error);
    commandsSource = path;
    commandsStamp = stamp;
    if (!commands.isValid())
        return false;
    static const bool directLink = qEnvironmentVariable("RELIVE_DIRECT_LINK") != QLatin1String("0"); // benchmarks
    if (directLink)
        linkerJob.prefetch(commands.link, commands.directory);
    return true;
}

// The name the compiler reads \a path's text under: a link to its stdin, in a folder with no
// other file, so that its messages, debug info and "" includes see the real file's name
// (compileCopy()). The compiler is given mainFileOf() it, which includes it: a compiler started
// ahead then loads the precompiled header (~20-40 ms for Qt's) before it waits for the text,
// where a main file on stdin is read first. Empty if these files cannot be made.
QString CandidateBuildPrivate::stdinNameOf(const QString &path)
{
    if (!folder)
        folder = std::make_unique<QTemporaryDir>();
    QDir(folder->path()).mkpath(QStringLiteral("text"));
    QDir(folder->path()).mkpath(QStringLiteral("src"));
    const QString name = folder->filePath(QStringLiteral("text/") + QFileInfo(path).fileName());
    const QString standardInput = QStringLiteral("/dev/stdin");
    if (QFileInfo(name).symLinkTarget() != standardInput && !(QFile::remove(name), QFile::link(standardInput, name)))
        return QString();
    if (mainFileOf(name) == name)
        return name;
    if (name.contains(QLatin1Char('"')) || name.contains(QLatin1Char('\n')))
        return QString(); // an #include cannot name it
    const QByteArray include = "#include \"" + QFile::encodeName(name) + "\"\n";
    QFile main(mainFileOf(name));
    if (main.open(QIODevice::ReadOnly) && main.readAll() == include)
        return name;
    main.close();
    if (!main.open(QIODevice::WriteOnly | QIODevice::Truncate) || main.write(include) != include.size())
        return QString();
    return name;
}

QString CandidateBuildPrivate::mainFileOf(const QString &name) const
{
    static const bool ahead = qEnvironmentVariable("RELIVE_PCH_AHEAD") != QLatin1String("0"); // benchmarks
    return ahead ? folder->filePath(QStringLiteral("src/") + QFileInfo(name).fileName()) : name;
}

void CandidateBuildPrivate::compile()
{
    ++compiles;
    compileStart = QDateTime::currentDateTime();
    buildClock.start();
    const QStringList arguments = compileArguments(source, copy);
    process = waitingCompile.take(arguments, commands.directory, &compilerStart);
    qCDebug(lcSession) << "candidate compile" << (process ? "in the compiler started ahead" : "started now");
    if (process) {
        ++compilesAhead;
        process->setParent(q);
        if (!forSave)
            process->lowerPriority(19);
        QObject::connect(process.data(), qOverload<int, QProcess::ExitStatus>(&QProcess::finished), q, [this] { onCompiled(); });
    } else {
        compilerStart = compileStart;
        startStep(arguments, &CandidateBuildPrivate::onCompiled);
    }
    process->write(text);
    process->closeWriteChannel();
}

QStringList CandidateBuildPrivate::compileArguments(const QString &path, const QString &name) const
{
    return commands.compileCopy(path, mainFileOf(name), name, folder->filePath(QStringLiteral("candidate.o")),
                                folder->filePath(QStringLiteral("candidate.d")));
}

// For \a path read under \a name, with the commands of \a path still current.
void CandidateBuildPrivate::startWaitingCompile(const QString &path, const QString &name)
{
    static const bool ahead = qEnvironmentVariable("RELIVE_COMPILE_AHEAD") != QLatin1String("0"); // benchmarks
    if (!ahead || running || !commands.isValid() || name.isEmpty() || commandsSource != path
        || QFileInfo(buildDirectory + QStringLiteral("/build.ninja")).lastModified() != commandsStamp)
        return;
    waitingCompile.start(compileArguments(path, name), commands.directory, q);
}

void CandidateBuildPrivate::startStep(const QStringList &arguments, void (CandidateBuildPrivate::*next)())
{
    process = new NiceProcess(forSave ? 0 : 19, q);
    process->setWorkingDirectory(commands.directory);
    QObject::connect(process.data(), qOverload<int, QProcess::ExitStatus>(&QProcess::finished), q, [this, next] { (this->*next)(); });
    process->start(arguments.first(), arguments.mid(1));
}

QByteArray CandidateBuildPrivate::endStep(bool *ok)
{
    const QByteArray output = process->readAll();
    *ok = process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0;
    process->deleteLater();
    return output;
}

void CandidateBuildPrivate::onCompiled()
{
    bool ok = false;
    readDiagnostics(endStep(&ok));
    qCDebug(lcSession) << "candidate compiled at" << buildClock.elapsed() << "ms";
    if (!ok) {
        finish(CandidateBuild::Outcome::Failed, QStringLiteral("the unsaved text of %1 does not compile").arg(source));
        return;
    }
    if (!artifact.isEmpty())
        QDir(QFileInfo(artifact).absolutePath()).removeRecursively();
    // The real file's name, in a folder per candidate: the host knows plugins by their file's name.
    const QString generation = QStringLiteral("c%1").arg(serial);
    QDir(folder->path()).mkpath(generation);
    artifact = folder->filePath(generation + QLatin1Char('/') + QFileInfo(commands.linkOutput).fileName());
    static const bool directLink = qEnvironmentVariable("RELIVE_DIRECT_LINK") != QLatin1String("0"); // benchmarks
    if (directLink)
        commands.link = linkerJob.direct(commands.link, commands.directory);
    startStep(commands.linkCopy(folder->filePath(QStringLiteral("candidate.o")), artifact), &CandidateBuildPrivate::onLinked);
    qCDebug(lcSession) << "candidate link started at" << buildClock.elapsed() << "ms";
    // While the linker runs: the compile's inputs are known now.
    if (!recordInputs()) {
        stopProcess();
        finish(CandidateBuild::Outcome::NotBuilt, QStringLiteral("a file it includes changed while it compiled"));
    }
}

bool CandidateBuildPrivate::recordInputs()
{
    QStringList stamped = commands.linkInputs;
    stamped << buildDirectory + QStringLiteral("/build.ninja") << buildDirectory + QStringLiteral("/compile_commands.json");
    CandidateInputs::Compile compile;
    compile.workspace = workspace;
    compile.source = source;
    compile.text = text;
    compile.copy = copy;
    compile.ownFolder = folder->path();
    compile.readFirst = commands.precompiledHeaders();
    compile.depfile = folder->filePath(QStringLiteral("candidate.d"));
    compile.linkInputs = stamped;
    compile.since = compileStart;
    compile.compilerStart = compilerStart;
    const bool recorded = inputs.record(compile);
    qCDebug(lcSession) << "candidate inputs recorded at" << buildClock.elapsed() << "ms";
    return recorded;
}

void CandidateBuildPrivate::onLinked()
{
    bool ok = false;
    const QByteArray output = endStep(&ok);
    buildMs = double(buildClock.nsecsElapsed()) / 1e6;
    qCDebug(lcSession) << "candidate linked at" << buildMs << "ms";
    const QList<Diagnostic> compiled = diagnostics;
    readDiagnostics(output);
    diagnostics = compiled + diagnostics;
    if (!ok) {
        finish(CandidateBuild::Outcome::Failed, QStringLiteral("the candidate of %1 does not link").arg(source));
        return;
    }
    // The trial now, so that the save only swaps: the host keeps the verdict by the bytes' hash.
    const quint64 current = serial;
    host->probeInBackground(plugin, artifact, q, [this, current](double) {
        if (current == serial && running)
            finish(refusedBySave() ? CandidateBuild::Outcome::Refused : CandidateBuild::Outcome::Ready);
    });
}

// A save's candidate the trial refused is not swapped in: the normal build then reports the
// refusal once, as for any save.
bool CandidateBuildPrivate::refusedBySave() const
{
    if (!forSave)
        return false;
    QFile file(artifact);
    if (!file.open(QIODevice::ReadOnly))
        return true;
    const PluginProbe::Result result = host->probeResult(Sha256::hex(file.readAll()));
    return result.outcome != PluginProbe::Outcome::NotRun && !result.passed;
}

// The compiler names our copy: the user's file is meant.
void CandidateBuildPrivate::readDiagnostics(const QByteArray &output)
{
    DiagnosticParser parser(commands.directory);
    parser.setSourceDirectory(workspace);
    parser.addOutput(QString::fromLocal8Bit(output));
    diagnostics = parser.diagnostics();
    const QString copyPath = QFileInfo(copy).absoluteFilePath();
    const QString mainPath = QFileInfo(mainFileOf(copy)).absoluteFilePath();
    const auto mapped = [&](QString path) {
        return path.replace(copyPath, source);
    };
    for (Diagnostic &diagnostic : diagnostics) {
        diagnostic.file = mapped(diagnostic.file);
        // "In file included from" our main file: the user's file is the main file.
        if (mainPath != copyPath) {
            QStringList &chain = diagnostic.includeChain;
            const auto ours = [&](const QString &include) { return include.startsWith(mainPath + QLatin1Char(':')); };
            chain.erase(std::remove_if(chain.begin(), chain.end(), ours), chain.end());
        }
        for (QString &include : diagnostic.includeChain)
            include = mapped(include);
        for (Diagnostic &note : diagnostic.notes)
            note.file = mapped(note.file);
    }
}

QString CandidateBuildPrivate::pluginOf(const QString &linkOutput) const
{
    const QString fileName = QFileInfo(linkOutput).fileName();
    for (const QString &name : host->pluginNames()) {
        if (host->isLoaded(name) && QFileInfo(host->record(name).artifactPath).fileName() == fileName)
            return name;
    }
    return QString();
}

} // namespace Relive
