#include "relive/pluginprobe.h"

#include "logging.h"
#include "relive/probelauncher.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
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
QString describeStep(const QString &step)
{
    if (step == QLatin1String("load"))
        return QStringLiteral("while loading (static initializers or the plugin's constructor)");
    if (step == QLatin1String("restoreState"))
        return QStringLiteral("in restoreState()");
    if (step == QLatin1String("createWidget"))
        return QStringLiteral("in createWidget()");
    if (step == QLatin1String("saveState"))
        return QStringLiteral("in saveState()");
    if (step == QLatin1String("unload"))
        return QStringLiteral("in shutdown() or while unloading");
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

PluginProbe::PluginProbe(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Relive::PluginProbe::Result>();
}

PluginProbe::~PluginProbe()
{
    cancel();
}

void PluginProbe::setSettings(const Settings &settings)
{
    m_settings = settings;
}

PluginProbe::Settings PluginProbe::settings() const
{
    return m_settings;
}

void PluginProbe::setLauncher(ProbeLauncher *launcher)
{
    m_launcher = launcher;
}

QString PluginProbe::defaultProgram()
{
    const QString fromEnvironment = qEnvironmentVariable("RELIVE_PROBE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QStringList candidates{
        QCoreApplication::applicationDirPath() + QStringLiteral("/relive-cli"),
        QStringLiteral(RELIVE_BUILD_CLI),
        QStringLiteral(RELIVE_INSTALL_CLI),
    };
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return QStringLiteral("relive-cli"); // from PATH, or a clear failure to start
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
    return m_process != nullptr;
}

void PluginProbe::cancel()
{
    if (!m_process)
        return;
    QProcess *process = m_process;
    m_process = nullptr;
    process->disconnect(this);
    process->kill();
    process->waitForFinished(1000); // a killed child goes at once; this only reaps it
    delete process;
}

void PluginProbe::start(const QString &file, const QVariantMap &state, bool hasState)
{
    cancel();
    m_file = file;
    m_stdout.clear();
    m_timedOut = false;
    m_startedNs = nowNs();

    m_process = m_launcher ? m_launcher->take(m_settings) : ProbeLauncher::spawn(m_settings, nullptr);
    m_process->setParent(this);
    // stderr is the plugin's chatter; only its tail is read, after the end.
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] { m_stdout += m_process->readAllStandardOutput(); });
    connect(m_process, qOverload<int, QProcess::ExitStatus>(&QProcess::finished), this, &PluginProbe::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onFinished();
    });
    auto *timer = new QTimer(m_process);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, &PluginProbe::onTimeout);
    timer->start(m_settings.timeoutMs);
    // Failed before we listened (no such program): report it from the event loop.
    if (m_process->state() == QProcess::NotRunning) {
        QProcess *failed = m_process;
        QMetaObject::invokeMethod(this, [this, failed] {
            if (m_process == failed)
                onFinished();
        }, Qt::QueuedConnection);
        return;
    }

    QJsonObject request{{QStringLiteral("file"), file}};
    if (hasState)
        request.insert(QStringLiteral("state"), QJsonObject::fromVariantMap(state));
    m_process->write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    m_process->closeWriteChannel();
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
    while (!done && m_process) {
        QProcess *process = m_process;
        // Our own timer cannot fire while we block, so the wait carries the timeout itself.
        const qint64 leftMs = m_settings.timeoutMs - (nowNs() - m_startedNs) / 1000000;
        if (leftMs <= 0 || !process->waitForFinished(int(qMax<qint64>(1, leftMs)))) {
            if (process->state() != QProcess::NotRunning) {
                onTimeout();
                continue;
            }
        }
        if (!done && m_process == process && process->state() == QProcess::NotRunning)
            onFinished(); // waitForFinished() already delivered, or the start failed
    }
    disconnect(connection);
    return result;
}

void PluginProbe::onTimeout()
{
    if (!m_process)
        return;
    m_timedOut = true;
    m_process->kill();
    m_process->waitForFinished(1000);
    onFinished();
}

void PluginProbe::onFinished()
{
    if (!m_process)
        return;
    m_stdout += m_process->readAllStandardOutput();
    const Result result = judge();
    QProcess *process = m_process;
    m_process = nullptr;
    process->disconnect(this);
    process->deleteLater();
    qCDebug(lcHost).noquote() << "probe of" << m_file << (result.passed ? QStringLiteral("passed") : result.error)
                              << "in" << result.ms << "ms";
    Q_EMIT finished(result);
}

PluginProbe::Result PluginProbe::judge() const
{
    Result result;
    result.ms = double(nowNs() - m_startedNs) / 1e6;
    QString okLine;
    QString errorLine;
    for (const QByteArray &raw : m_stdout.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(QLatin1String("step ")))
            result.lastStep = line.mid(5);
        else if (line.startsWith(QLatin1String("sha256 ")))
            result.sha256 = line.mid(7);
        else if (line.startsWith(QLatin1String("ok ")))
            okLine = line.mid(3);
        else if (line.startsWith(QLatin1String("error ")))
            errorLine = line.mid(6);
    }
    const QString where = describeStep(result.lastStep);
    const QString tail = stderrTail(m_process->readAllStandardError());
    const int timeoutS = (m_settings.timeoutMs + 999) / 1000;

    if (m_process->error() == QProcess::FailedToStart) {
        result.error = QStringLiteral("cannot start the probe (%1): %2; install relive-cli or turn the probe off")
                           .arg(m_process->program(), m_process->errorString());
    } else if (m_timedOut) {
        result.error = QStringLiteral("the probe did not finish within %1 s: the plugin hung %2 (an endless loop or "
                                      "a deadlock?); if it is only slow, raise the trial timeout (Build → Trial Timeout…, or relive-cli watch --probe-timeout)%3")
                           .arg(timeoutS).arg(where, tail);
    } else if (m_process->exitStatus() == QProcess::CrashExit) {
        result.error = QStringLiteral("the probe crashed with %1 %2%3")
                           .arg(describeSignal(m_process->exitCode()), where, tail);
    } else if (!errorLine.isEmpty()) {
        result.error = errorLine;
    } else if (okLine.isEmpty() || m_process->exitCode() != 0) {
        result.error = QStringLiteral("the plugin ended the probe process with exit code %1 %2: a plugin must not "
                                      "call exit()%3")
                           .arg(m_process->exitCode()).arg(where, tail);
    } else {
        result.passed = true;
    }
    return result;
}

} // namespace Relive
