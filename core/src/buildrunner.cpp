#include "relive/buildrunner.h"

#include "logging.h"
#include "relive/private/atomicfile.h"
#include "relive/reloadtiming.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QProcess>
#include <QtCore/QSet>
#include <QtCore/QStandardPaths>
#include <QtCore/QTimer>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

namespace Relive {

namespace {

const char stampFileName[] = ".relive-configure.json";
const int reapIntervalMs = 20;
const int killAfterMs = 1000;
const int giveUpAfterMs = 5000; // a process stuck in the kernel (D state) outlives SIGKILL

/*! A QProcess whose child leads a process group of its own, so that the whole build can be signalled. */
class GroupLeaderProcess : public QProcess
{
public:
    explicit GroupLeaderProcess(QObject *parent)
        : QProcess(parent)
    {
#if QT_VERSION >= QT_VERSION_CHECK(6, 0, 0)
        setChildProcessModifier([] { ::setpgid(0, 0); });
#endif
    }

#if QT_VERSION < QT_VERSION_CHECK(6, 0, 0)
protected:
    void setupChildProcess() override { ::setpgid(0, 0); }
#endif
};

struct ProcessEntry
{
    qint64 pid = 0;
    qint64 parent = 0;
    qint64 group = 0;
    bool zombie = false;
};

/*! Every process of the system, from /proc/<pid>/stat. */
QList<ProcessEntry> processTable()
{
    QList<ProcessEntry> table;
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return table;
    while (const dirent *entry = ::readdir(proc)) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
            continue;
        char path[300];
        std::snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
        const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        char buffer[512];
        const ssize_t size = ::read(fd, buffer, sizeof buffer - 1);
        ::close(fd);
        if (size <= 0)
            continue;
        buffer[size] = '\0';
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
        const char *close = std::strrchr(buffer, ')');
        if (!close)
            continue;
        char state = 0;
        long long parent = 0;
        long long group = 0;
        if (std::sscanf(close + 1, " %c %lld %lld", &state, &parent, &group) != 3)
            continue;
        ProcessEntry process;
        process.pid = std::atoll(buffer);
        process.parent = parent;
        process.group = group;
        process.zombie = state == 'Z' || state == 'X';
        table.append(process);
    }
    ::closedir(proc);
    return table;
}

QString ninjaProgram()
{
    const QString ninja = QStandardPaths::findExecutable(QStringLiteral("ninja"));
    return ninja.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("ninja-build")) : ninja;
}

} // namespace

class BuildRunnerPrivate
{
public:
    enum class Phase {
        Idle,
        Failing,     //!< an error found before any process ran, reported from the event loop
        Configuring,
        Building,
        Cancelling,  //!< signalled; waiting until no process of the build is left
    };

    explicit BuildRunnerPrivate(BuildRunner *runner);

    QStringList fullConfigureArguments() const;
    QString stampPath() const { return buildDirectory + QLatin1Char('/') + QLatin1String(stampFileName); }
    QJsonObject readStamp() const;
    void writeStamp(bool ok);
    QProcessEnvironment environment() const;

    void begin(const QStringList &targets);
    void failSoon(const QString &error);
    bool launch(const QStringList &arguments);
    void startConfigure();
    void startBuild();
    void onOutput();
    void emitLine(QByteArray bytes);
    void flushPartialLine();
    void onProcessFinished(QProcess *process, int exitCode, QProcess::ExitStatus status);
    void onProcessError(QProcess *process, QProcess::ProcessError error);
    void signalBuild(int signal);
    bool buildProcessesLeft();
    void reap();
    void complete();
    void dropProcess();

    BuildRunner *q;
    QString sourceDirectory;
    QString buildDirectory;
    Toolchain toolchain;
    QStringList extraArguments;

    Phase phase = Phase::Idle;
    QProcess *process = nullptr;
    QString cmake;
    QByteArray partialLine;
    BuildResult result;
    QStringList targets;
    QElapsedTimer totalClock;
    QElapsedTimer stepClock;

    bool restartPending = false;
    QStringList restartTargets;

    // Cancellation: the pids seen descending from the group leader, and their groups.
    QTimer *reaper = nullptr;
    QElapsedTimer cancelClock;
    QSet<qint64> buildPids;
    QSet<qint64> buildGroups;
    int cancelSignal = SIGTERM;
};

BuildRunnerPrivate::BuildRunnerPrivate(BuildRunner *runner)
    : q(runner)
    , toolchain(Toolchain::cmakeDefaults())
    , reaper(new QTimer(runner))
{
    reaper->setInterval(reapIntervalMs);
    QObject::connect(reaper, &QTimer::timeout, q, [this] { reap(); });
}

QStringList BuildRunnerPrivate::fullConfigureArguments() const
{
    QStringList arguments{QStringLiteral("-S"), sourceDirectory, QStringLiteral("-B"), buildDirectory,
                          QStringLiteral("-G"), QStringLiteral("Ninja")};
    const QString ninja = ninjaProgram();
    if (!ninja.isEmpty())
        arguments << QStringLiteral("-DCMAKE_MAKE_PROGRAM=") + ninja;
    bool typeGiven = false;
    for (const QString &argument : extraArguments)
        typeGiven = typeGiven || argument.startsWith(QLatin1String("-DCMAKE_BUILD_TYPE"));
    if (!typeGiven)
        arguments << QStringLiteral("-DCMAKE_BUILD_TYPE=Debug");
    arguments << QStringLiteral("-DCMAKE_EXPORT_COMPILE_COMMANDS=ON")
              << QStringLiteral("-DCMAKE_COLOR_DIAGNOSTICS=ON");
    arguments << toolchain.configureArguments() << extraArguments;
    return arguments;
}

QJsonObject BuildRunnerPrivate::readStamp() const
{
    QFile file(stampPath());
    if (!file.open(QIODevice::ReadOnly))
        return QJsonObject();
    return QJsonDocument::fromJson(file.readAll()).object();
}

void BuildRunnerPrivate::writeStamp(bool ok)
{
    QJsonObject stamp;
    stamp.insert(QStringLiteral("ok"), ok);
    stamp.insert(QStringLiteral("source"), sourceDirectory);
    stamp.insert(QStringLiteral("arguments"), QJsonArray::fromStringList(fullConfigureArguments()));
    stamp.insert(QStringLiteral("toolchain"), QJsonArray::fromStringList(toolchain.configureArguments()));
    QString error;
    if (!writeFileAtomically(stampPath(), QJsonDocument(stamp).toJson(), &error))
        qCWarning(lcBuild) << "cannot write" << stampPath() << error;
}

QProcessEnvironment BuildRunnerPrivate::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Ninja strips colour codes from what a command prints unless told to keep them.
    env.insert(QStringLiteral("CLICOLOR_FORCE"), QStringLiteral("1"));
    env.insert(QStringLiteral("NINJA_STATUS"), QStringLiteral("[%f/%t] "));
    if (QFileInfo(toolchain.launcher).fileName() == QLatin1String("ccache")) {
        // Without these, ccache refuses every compile that uses a precompiled header. Not
        // include_file_mtime: a header saved during a compile must not be cached as compiled.
        QString sloppiness = env.value(QStringLiteral("CCACHE_SLOPPINESS"));
        for (const char *item : {"pch_defines", "time_macros"}) {
            if (!sloppiness.contains(QLatin1String(item)))
                sloppiness += (sloppiness.isEmpty() ? QString() : QStringLiteral(",")) + QLatin1String(item);
        }
        env.insert(QStringLiteral("CCACHE_SLOPPINESS"), sloppiness);
        // An edit is a cache miss, and in its default mode ccache first runs the preprocessor
        // over the whole translation unit to find that out: 200-400 ms per edit here. Depend
        // mode hashes the sources and the dependency file the compiler writes anyway (Ninja
        // builds pass -MD), so a miss costs little more than the compile.
        if (!env.contains(QStringLiteral("CCACHE_DEPEND")))
            env.insert(QStringLiteral("CCACHE_DEPEND"), QStringLiteral("1"));
    }
    return env;
}

void BuildRunnerPrivate::begin(const QStringList &buildTargets)
{
    result = BuildResult();
    targets = buildTargets;
    partialLine.clear();
    totalClock.start();

    cmake = QStandardPaths::findExecutable(QStringLiteral("cmake"));
    if (cmake.isEmpty())
        return failSoon(QStringLiteral("cmake not found"));
    if (sourceDirectory.isEmpty())
        return failSoon(QStringLiteral("no source directory"));
    if (!QFileInfo::exists(sourceDirectory + QStringLiteral("/CMakeLists.txt")))
        return failSoon(QStringLiteral("%1 has no CMakeLists.txt").arg(sourceDirectory));
    if (buildDirectory.isEmpty())
        return failSoon(QStringLiteral("no build directory"));
    // CMake writes the build folder's path unescaped into the projects of its compiler checks:
    // a '"' in it breaks them, or worse, makes them "pass" with wrong results.
    if (buildDirectory.contains(QLatin1Char('"'))) {
        return failSoon(QStringLiteral("cannot build in %1: CMake cannot configure a build folder whose path "
                                       "has a double quote (\") in it; choose another build folder").arg(buildDirectory));
    }
    if (!QDir().mkpath(buildDirectory))
        return failSoon(QStringLiteral("cannot create %1").arg(buildDirectory));

    const bool configure = q->needsConfigure();
    if (configure && ninjaProgram().isEmpty())
        return failSoon(QStringLiteral("ninja not found"));
    const Phase next = configure ? Phase::Configuring : Phase::Building;
    phase = next;
    QPointer<BuildRunner> alive(q);
    Q_EMIT q->started(configure);
    if (!alive || phase != next || process)
        return; // a slot connected to started() cancelled or restarted this build
    if (configure)
        startConfigure();
    else
        startBuild();
}

void BuildRunnerPrivate::failSoon(const QString &error)
{
    // Reported from the event loop, as every other outcome: start() never emits finished().
    phase = Phase::Failing;
    result.errorString = error;
    QTimer::singleShot(0, q, [this] {
        if (phase == Phase::Failing)
            complete();
    });
}

bool BuildRunnerPrivate::launch(const QStringList &arguments)
{
    dropProcess();
    process = new GroupLeaderProcess(q);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setProcessEnvironment(environment());
    process->setWorkingDirectory(buildDirectory);
    QProcess *launched = process;
    QObject::connect(launched, &QProcess::readyReadStandardOutput, q, [this, launched] {
        if (launched == process)
            onOutput();
    });
    QObject::connect(launched, QOverload<int, QProcess::ExitStatus>::of(&QProcess::finished), q,
                     [this, launched](int exitCode, QProcess::ExitStatus status) {
                         onProcessFinished(launched, exitCode, status);
                     });
    QObject::connect(launched, &QProcess::errorOccurred, q,
                     [this, launched](QProcess::ProcessError error) { onProcessError(launched, error); });
    qCDebug(lcBuild) << "running" << cmake << arguments;
    stepClock.start();
    process->start(cmake, arguments);
    return true;
}

void BuildRunnerPrivate::startConfigure()
{
    // CMake keeps a compiler and a launcher once cached: a new toolchain needs a fresh cache.
    const QJsonObject stamp = readStamp();
    const bool toolchainChanged = stamp.value(QStringLiteral("source")).toString() != sourceDirectory
        || stamp.value(QStringLiteral("toolchain")).toArray() != QJsonArray::fromStringList(toolchain.configureArguments());
    if (toolchainChanged && QFileInfo::exists(buildDirectory + QStringLiteral("/CMakeCache.txt"))) {
        qCDebug(lcBuild) << "toolchain changed: configuring" << buildDirectory << "afresh";
        QFile::remove(buildDirectory + QStringLiteral("/CMakeCache.txt"));
        QDir(buildDirectory + QStringLiteral("/CMakeFiles")).removeRecursively();
    }
    writeStamp(false); // until this configure succeeds
    phase = Phase::Configuring;
    result.configured = true;
    launch(fullConfigureArguments());
}

void BuildRunnerPrivate::startBuild()
{
    QStringList arguments{QStringLiteral("--build"), buildDirectory};
    if (!targets.isEmpty())
        arguments << QStringLiteral("--target") << targets;
    phase = Phase::Building;
    launch(arguments);
}

void BuildRunnerPrivate::onOutput()
{
    partialLine += process->readAllStandardOutput();
    int from = 0;
    for (int end = partialLine.indexOf('\n'); end >= 0; end = partialLine.indexOf('\n', from)) {
        const QByteArray line = partialLine.mid(from, end - from);
        from = end + 1;
        QPointer<BuildRunner> alive(q);
        emitLine(line);
        if (!alive)
            return;
    }
    partialLine.remove(0, from);
}

void BuildRunnerPrivate::emitLine(QByteArray bytes)
{
    if (bytes.endsWith('\r'))
        bytes.chop(1);
    const QString line = QString::fromLocal8Bit(bytes);
    result.output.append(line);
    Q_EMIT q->outputLine(line);
}

void BuildRunnerPrivate::flushPartialLine()
{
    if (process)
        partialLine += process->readAllStandardOutput();
    // Whole lines first, then the unterminated rest.
    if (!partialLine.isEmpty() && process)
        onOutput();
    if (!partialLine.isEmpty()) {
        const QByteArray rest = partialLine;
        partialLine.clear();
        emitLine(rest);
    }
}

void BuildRunnerPrivate::onProcessFinished(QProcess *finishedProcess, int exitCode, QProcess::ExitStatus status)
{
    if (finishedProcess != process)
        return;
    flushPartialLine();
    const double stepMs = elapsedMs(stepClock);
    const bool crashed = status != QProcess::NormalExit;
    result.exitCode = crashed ? -1 : exitCode;

    switch (phase) {
    case Phase::Configuring:
        result.configureMs = stepMs;
        if (crashed || exitCode != 0) {
            result.errorString = crashed ? QStringLiteral("configure crashed")
                                         : QStringLiteral("configure failed (exit %1)").arg(exitCode);
            complete();
            return;
        }
        writeStamp(true);
        startBuild();
        return;
    case Phase::Building:
        result.buildMs = stepMs;
        result.ok = !crashed && exitCode == 0;
        if (!result.ok) {
            result.errorString = crashed ? QStringLiteral("build crashed")
                                         : QStringLiteral("build failed (exit %1)").arg(exitCode);
        }
        complete();
        return;
    case Phase::Cancelling:
        result.exitCode = -1;
        reap(); // the leader is gone; its descendants may not be
        return;
    case Phase::Idle:
    case Phase::Failing:
        return;
    }
}

void BuildRunnerPrivate::onProcessError(QProcess *failedProcess, QProcess::ProcessError error)
{
    // Only a failed start has no finished() after it.
    if (failedProcess != process || error != QProcess::FailedToStart)
        return;
    result.errorString = QStringLiteral("cannot start cmake: %1").arg(process->errorString());
    if (phase == Phase::Configuring)
        result.configureMs = elapsedMs(stepClock);
    complete();
}

void BuildRunnerPrivate::signalBuild(int signal)
{
    const QList<ProcessEntry> table = processTable();
    // Descendants by parenthood, as far as it still links them to the leader: Ninja starts
    // each command in a process group of its own, which the leader's group does not reach.
    bool grew = true;
    while (grew) {
        grew = false;
        for (const ProcessEntry &entry : table) {
            if (entry.zombie || buildPids.contains(entry.pid))
                continue;
            if (buildPids.contains(entry.parent) || buildGroups.contains(entry.group)) {
                buildPids.insert(entry.pid);
                grew = true;
            }
        }
    }
    for (const ProcessEntry &entry : table) {
        if (!entry.zombie && buildPids.contains(entry.pid))
            buildGroups.insert(entry.group);
    }
    // Until the leader's setpgid() has run it is in our group: never signal that one.
    const qint64 ownGroup = ::getpgrp();
    buildGroups.remove(ownGroup);
    for (qint64 group : std::as_const(buildGroups)) {
        if (group > 1)
            ::kill(pid_t(-group), signal);
    }
    // Also each process itself: one that has not reached setpgid() yet has no group to signal.
    const qint64 self = ::getpid();
    for (const ProcessEntry &entry : table) {
        if (!entry.zombie && entry.pid != self && buildPids.contains(entry.pid))
            ::kill(pid_t(entry.pid), signal);
    }
}

bool BuildRunnerPrivate::buildProcessesLeft()
{
    for (const ProcessEntry &entry : processTable()) {
        if (!entry.zombie && (buildPids.contains(entry.pid) || buildGroups.contains(entry.group)))
            return true;
    }
    return false;
}

void BuildRunnerPrivate::reap()
{
    if (phase != Phase::Cancelling)
        return;
    // Signal again: it reaches processes started since (a compiler its shell was about to run).
    signalBuild(cancelSignal);
    const bool leaderGone = !process || process->state() == QProcess::NotRunning;
    if (leaderGone && !buildProcessesLeft()) {
        complete();
        return;
    }
    const qint64 elapsed = cancelClock.elapsed();
    if (cancelSignal != SIGKILL && elapsed >= killAfterMs) {
        qCDebug(lcBuild) << "build processes outlived SIGTERM by" << elapsed << "ms: SIGKILL";
        cancelSignal = SIGKILL;
        signalBuild(SIGKILL);
    } else if (elapsed >= giveUpAfterMs && leaderGone) {
        qCWarning(lcBuild) << "build processes survive SIGKILL; reporting the build cancelled anyway";
        complete();
    }
}

void BuildRunnerPrivate::complete()
{
    reaper->stop();
    flushPartialLine();
    dropProcess();
    phase = Phase::Idle;
    result.totalMs = elapsedMs(totalClock);
    const BuildResult finished = result;
    QPointer<BuildRunner> alive(q);
    Q_EMIT q->finished(finished);
    if (!alive || !restartPending)
        return;
    restartPending = false;
    // A slot connected to finished() may have started a build itself: that one is newer.
    if (phase == Phase::Idle)
        begin(restartTargets);
}

void BuildRunnerPrivate::dropProcess()
{
    if (!process)
        return;
    QProcess *old = process;
    process = nullptr;
    old->disconnect(q);
    old->deleteLater();
}

BuildRunner::BuildRunner(QObject *parent)
    : QObject(parent)
    , d(new BuildRunnerPrivate(this))
{
    qRegisterMetaType<Relive::BuildResult>();
}

BuildRunner::~BuildRunner()
{
    d->reaper->stop();
    const bool leaderRunning = d->process && d->process->state() != QProcess::NotRunning;
    if (leaderRunning) {
        d->buildPids.insert(d->process->processId());
        d->buildGroups.insert(d->process->processId());
    }
    if (leaderRunning || d->phase == BuildRunnerPrivate::Phase::Cancelling)
        d->signalBuild(SIGKILL);
    if (d->process) {
        d->process->disconnect(this);
        // The leader was SIGKILLed just now: reaping it does not wait for anything.
        if (leaderRunning)
            d->process->waitForFinished(1000);
        delete d->process;
        d->process = nullptr;
    }
}

void BuildRunner::setSourceDirectory(const QString &dir)
{
    d->sourceDirectory = dir.isEmpty() ? QString() : QFileInfo(dir).absoluteFilePath();
}

void BuildRunner::setBuildDirectory(const QString &dir)
{
    d->buildDirectory = dir.isEmpty() ? QString() : QFileInfo(dir).absoluteFilePath();
}

void BuildRunner::setToolchain(const Toolchain &toolchain)
{
    d->toolchain = toolchain;
}

void BuildRunner::setConfigureArguments(const QStringList &extra)
{
    d->extraArguments = extra;
}

QString BuildRunner::sourceDirectory() const
{
    return d->sourceDirectory;
}

QString BuildRunner::buildDirectory() const
{
    return d->buildDirectory;
}

Toolchain BuildRunner::toolchain() const
{
    return d->toolchain;
}

QStringList BuildRunner::configureArguments() const
{
    return d->extraArguments;
}

bool BuildRunner::isRunning() const
{
    return d->phase != BuildRunnerPrivate::Phase::Idle;
}

bool BuildRunner::needsConfigure() const
{
    if (d->buildDirectory.isEmpty() || !QFileInfo::exists(d->buildDirectory + QStringLiteral("/build.ninja")))
        return true;
    const QJsonObject stamp = d->readStamp();
    return !stamp.value(QStringLiteral("ok")).toBool()
        || stamp.value(QStringLiteral("source")).toString() != d->sourceDirectory
        || stamp.value(QStringLiteral("arguments")).toArray() != QJsonArray::fromStringList(d->fullConfigureArguments());
}

void BuildRunner::start(const QStringList &targets)
{
    switch (d->phase) {
    case BuildRunnerPrivate::Phase::Idle:
        d->begin(targets);
        return;
    case BuildRunnerPrivate::Phase::Configuring:
    case BuildRunnerPrivate::Phase::Building:
        d->restartPending = true;
        d->restartTargets = targets;
        cancel();
        return;
    case BuildRunnerPrivate::Phase::Failing:
    case BuildRunnerPrivate::Phase::Cancelling:
        d->restartPending = true;
        d->restartTargets = targets;
        return;
    }
}

void BuildRunner::cancel()
{
    if (d->phase != BuildRunnerPrivate::Phase::Configuring && d->phase != BuildRunnerPrivate::Phase::Building)
        return;
    const double stepMs = elapsedMs(d->stepClock);
    if (d->phase == BuildRunnerPrivate::Phase::Configuring)
        d->result.configureMs = stepMs;
    else
        d->result.buildMs = stepMs;
    d->phase = BuildRunnerPrivate::Phase::Cancelling;
    d->result.ok = false;
    d->result.cancelled = true;
    d->result.exitCode = -1;
    d->result.errorString = QStringLiteral("cancelled");
    d->buildPids.clear();
    d->buildGroups.clear();
    const qint64 leader = d->process ? d->process->processId() : 0;
    if (leader > 0) {
        d->buildPids.insert(leader);
        d->buildGroups.insert(leader);
    }
    d->cancelSignal = SIGTERM;
    d->cancelClock.start();
    qCDebug(lcBuild) << "cancelling the build led by" << leader;
    d->signalBuild(SIGTERM);
    d->reaper->start();
}

} // namespace Relive
