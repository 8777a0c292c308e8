#include "relive/pluginprobe.h"

#include "logging.h"
#include "probeprotocol.h"
#include "relive/probelauncher.h"
#include "relive/runtimefolder.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtCore/QTimer>

#include <csignal>
#include <cstring>

namespace Relive {

namespace {

constexpr int stderrLinesKept = 6;

qint64 nowNs()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.nsecsElapsed();
}

// Where the child was when it ended, in the words a plugin author would look for.
QString describeStep(const QString &name)
{
    using Step = ProbeProtocol::Step;
    switch (ProbeProtocol::stepFromName(name)) {
    case Step::Load: return QStringLiteral("while loading (static initializers or the plugin's constructor)");
    case Step::RestoreState: return QStringLiteral("in restoreState()");
    case Step::CreateWidget: return QStringLiteral("in createWidget()");
    case Step::SaveState: return QStringLiteral("in saveState()");
    case Step::Unload: return QStringLiteral("in shutdown() or while unloading");
    case Step::None: break;
    }
    return QStringLiteral("before the plugin was loaded");
}

QString stderrTail(const QByteArray &bytes)
{
    QStringList lines = QString::fromLocal8Bit(bytes).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty())
        return QString();
    lines = lines.mid(qMax(0, int(lines.size()) - stderrLinesKept));
    return QStringLiteral("; its last output: %1").arg(lines.join(QStringLiteral(" | ")));
}

} // namespace

class PluginProbePrivate
{
public:
    explicit PluginProbePrivate(PluginProbe *probe) : q(probe) {}

    void onFinished();
    void onTimeout();
    PluginProbe::Result judge() const;
    static void removeFoldersOfKilled();

    PluginProbe *q;
    PluginProbe::Settings settings;
    ProbeLauncher *launcher = nullptr;
    QStringList libraries; //!< library generations the child loads before the file
    QProcess *process = nullptr;
    QString file;
    QByteArray output; //!< the child's stdout so far
    bool timedOut = false;
    qint64 startedNs = 0;
};

PluginProbe::PluginProbe(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<PluginProbePrivate>(this))
{
    qRegisterMetaType<Relive::PluginProbe::Result>();
}

PluginProbe::~PluginProbe()
{
    cancel();
}

void PluginProbe::setSettings(const Settings &settings)
{
    d->settings = settings;
}

PluginProbe::Settings PluginProbe::settings() const
{
    return d->settings;
}

void PluginProbe::setLauncher(ProbeLauncher *launcher)
{
    d->launcher = launcher;
}

void PluginProbe::setLibraries(const QStringList &libraries)
{
    d->libraries = libraries;
}

QString PluginProbe::defaultProgram()
{
    const QString fromEnvironment = qEnvironmentVariable("RELIVE_PROBE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QStringList candidates{
        QCoreApplication::applicationDirPath() + QStringLiteral("/relive-probe"),
        QStringLiteral(RELIVE_BUILD_PROBE),
        QStringLiteral(RELIVE_INSTALL_PROBE),
    };
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return QStringLiteral("relive-probe"); // from PATH, or a clear failure to start
}

QString PluginProbe::describeSignal(int signalNumber)
{
    const char *abbreviation = sigabbrev_np(signalNumber);
    const char *description = strsignal(signalNumber);
    const QString name = abbreviation ? QStringLiteral("SIG%1").arg(QString::fromLatin1(abbreviation))
                                      : QStringLiteral("signal %1").arg(signalNumber);
    return description ? QStringLiteral("%1 (%2)").arg(name, QString::fromLocal8Bit(description)) : name;
}

bool PluginProbe::isRunning() const
{
    return d->process != nullptr;
}

void PluginProbe::cancel()
{
    if (!d->process)
        return;
    QProcess *process = d->process;
    d->process = nullptr;
    process->disconnect(this);
    process->kill();
    process->waitForFinished(1000); // a killed child goes at once; this only reaps it
    delete process;
    PluginProbePrivate::removeFoldersOfKilled();
}

void PluginProbe::start(const QString &file, const QVariantMap &state, bool hasState)
{
    cancel();
    d->file = file;
    d->output.clear();
    d->timedOut = false;
    d->startedNs = nowNs();

    QProcess *process = d->launcher ? d->launcher->take(d->settings) : ProbeLauncher::spawn(d->settings, nullptr);
    d->process = process;
    process->setParent(this);
    // stderr is the plugin's chatter; only its tail is read, after the end.
    connect(process, &QProcess::readyReadStandardOutput, this, [this, process] { d->output += process->readAllStandardOutput(); });
    connect(process, qOverload<int, QProcess::ExitStatus>(&QProcess::finished), this, [this] { d->onFinished(); });
    connect(process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            d->onFinished();
    });
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this] { d->onTimeout(); });
    timer->start(d->settings.timeoutMs);
    // Failed before we listened (no such program): report it from the event loop.
    if (process->state() == QProcess::NotRunning) {
        QMetaObject::invokeMethod(this, [this, process] {
            if (d->process == process)
                d->onFinished();
        }, Qt::QueuedConnection);
        return;
    }
    process->write(ProbeProtocol::requestLine(file, d->settings.iid, state, hasState, d->libraries));
    process->closeWriteChannel();
}

PluginProbe::Result PluginProbe::run(const QString &file, const QVariantMap &state, bool hasState)
{
    Result result;
    bool done = false;
    const QMetaObject::Connection connection = connect(this, &PluginProbe::finished, this, [&](const Result &r) {
        result = r;
        done = true;
    });
    start(file, state, hasState);
    while (!done && d->process) {
        QProcess *process = d->process;
        // Our own timer cannot fire while we block, so the wait carries the timeout itself.
        const qint64 leftMs = d->settings.timeoutMs - (nowNs() - d->startedNs) / 1000000;
        if (leftMs <= 0 || !process->waitForFinished(int(qMax<qint64>(1, leftMs)))) {
            if (process->state() != QProcess::NotRunning) {
                d->onTimeout();
                continue;
            }
        }
        if (!done && d->process == process && process->state() == QProcess::NotRunning)
            d->onFinished(); // waitForFinished() already delivered, or the start failed
    }
    disconnect(connection);
    return result;
}

void PluginProbePrivate::onTimeout()
{
    if (!process)
        return;
    timedOut = true;
    process->kill();
    process->waitForFinished(1000);
    onFinished();
}

void PluginProbePrivate::onFinished()
{
    if (!process)
        return;
    output += process->readAllStandardOutput();
    const PluginProbe::Result result = judge();
    if (!result.passed) // killed, crashed or exit() in the plugin: no destructor ran
        removeFoldersOfKilled();
    QProcess *finished = process;
    process = nullptr;
    finished->disconnect(q);
    finished->deleteLater();
    qCDebug(lcHost).noquote() << "probe of" << file << (result.passed ? QStringLiteral("passed") : result.error)
                              << "in" << result.ms << "ms";
    Q_EMIT q->finished(result);
}

// A child killed (timeout, cancel, the host quitting), crashed or ended by exit() in the
// plugin had no chance to remove its runtime folder; once it is reaped, the folder is stale.
void PluginProbePrivate::removeFoldersOfKilled()
{
    RuntimeFolder::removeStale(RuntimeFolder::defaultBase());
}

PluginProbe::Result PluginProbePrivate::judge() const
{
    using Outcome = PluginProbe::Outcome;
    const ProbeProtocol::Answer answer = ProbeProtocol::readAnswer(output);
    PluginProbe::Result result;
    result.ms = double(nowNs() - startedNs) / 1e6;
    result.sha256 = answer.sha256;
    result.lastStep = answer.lastStep;
    const QString where = describeStep(answer.lastStep);
    const QString tail = stderrTail(process->readAllStandardError());
    const int timeoutS = (settings.timeoutMs + 999) / 1000;

    if (process->error() == QProcess::FailedToStart) {
        result.outcome = Outcome::CannotStart;
        result.error = QStringLiteral("cannot start the probe (%1): %2; check that Relive's relive-probe is installed "
                                      "(or set RELIVE_PROBE to it), or turn the probe off")
                           .arg(process->program(), process->errorString());
    } else if (timedOut) {
        result.outcome = Outcome::Hung;
        result.error = QStringLiteral("the probe did not finish within %1 s: the plugin hung %2 (an endless loop or "
                                      "a deadlock?); if it is only slow, %3%4")
                           .arg(timeoutS).arg(where, settings.timeoutAdvice, tail);
    } else if (process->exitStatus() == QProcess::CrashExit) {
        result.outcome = Outcome::Crashed;
        result.error = QStringLiteral("the probe crashed with %1 %2%3")
                           .arg(PluginProbe::describeSignal(process->exitCode()), where, tail);
    } else if (!answer.error.isEmpty()) {
        result.outcome = Outcome::Refused;
        result.error = answer.error;
    } else if (answer.okJson.isEmpty() || process->exitCode() != 0) {
        result.outcome = Outcome::Exited;
        result.error = QStringLiteral("the plugin ended the probe process with exit code %1 %2: a plugin must not "
                                      "call exit()%3")
                           .arg(process->exitCode()).arg(where, tail);
    } else {
        result.outcome = Outcome::Passed;
    }
    result.passed = result.outcome == Outcome::Passed;
    return result;
}

} // namespace Relive
