#include "workspacewatchcommand.h"

#include "logging.h"

#include <relive/buildrunner.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>

#include <QtCore/QJsonArray>

using Relive::HostEvent;

namespace {
constexpr int agentTimeoutMs = 5000;
} // namespace

WorkspaceWatchCommand::WorkspaceWatchCommand(OutputFormat format, const QString &buildDirectory,
                                             const QString &launcher, const Relive::PluginProbe::Settings &probe,
                                             const WatchCrashGuard::Settings &crash, QObject *parent)
    : QObject(parent)
    , m_format(format)
    , m_printer(format)
    , m_widgets(&m_host)
    , m_session(&m_host)
    , m_crash(&m_host, crash)
{
    m_host.setProbeSettings(probe);
    if (!buildDirectory.isEmpty())
        m_session.setBuildDirectory(buildDirectory);
    Relive::Toolchain::Preferences preferences;
    preferences.launcher = launcher;
    m_session.setToolchain(Relive::Toolchain::detect(preferences));
    connect(&m_host, &Relive::PluginHost::hostEvent, this, &WorkspaceWatchCommand::onEvent);
    connect(&m_session, &Relive::LiveSession::sessionEvent, this, &WorkspaceWatchCommand::onEvent);
    connect(&m_signals, &Relive::UnixSignalWatcher::terminationRequested, this, &WorkspaceWatchCommand::stop);
}

WorkspaceWatchCommand::~WorkspaceWatchCommand() = default;

bool WorkspaceWatchCommand::attach(const Relive::AgentEntry &agent, QString *error)
{
    if (!m_agent.connectTo(agent.socket, agentTimeoutMs, error))
        return false;
    // A refusal (another user) comes as the reply to the first request.
    const QJsonObject hello = m_agent.request(QStringLiteral("hello"), {}, agentTimeoutMs, error);
    if (hello.isEmpty() || !hello.value(QStringLiteral("ok")).toBool()) {
        if (!hello.isEmpty())
            *error = hello.value(QStringLiteral("error")).toString();
        return false;
    }
    m_attached = agent;
    connect(&m_agent, &Relive::AgentClient::replied, this, [this](qint64, const QJsonObject &reply) { onAgentReply(reply); });
    connect(&m_agent, &Relive::AgentClient::disconnected, this, &WorkspaceWatchCommand::onAgentGone);
    m_session.setArtifactHandler([this](const QString &artifact, const Relive::ReloadTiming &before) {
        sendToAgent(artifact, before);
    });
    return true;
}

void WorkspaceWatchCommand::sendToAgent(const QString &artifact, const Relive::ReloadTiming &before)
{
    QJsonObject request{{QStringLiteral("path"), artifact}};
    if (before.buildMs >= 0)
        request.insert(QStringLiteral("buildMs"), before.buildMs);
    if (before.totalMs >= 0)
        request.insert(QStringLiteral("totalMs"), before.totalMs);
    m_agent.send(QStringLiteral("reload"), request);
}

QString WorkspaceWatchCommand::buildFailureSummary(const HostEvent &event) const
{
    for (const Relive::Diagnostic &diagnostic : m_session.lastDiagnostics()) {
        if (diagnostic.severity == Relive::Diagnostic::Severity::Error)
            return diagnostic.toLine();
    }
    return event.error.isEmpty() ? QStringLiteral("the build failed") : event.error;
}

void WorkspaceWatchCommand::onAgentReply(const QJsonObject &reply)
{
    // The app's host said what happened, in the events this command prints for its own host.
    const QJsonArray events = reply.value(QStringLiteral("events")).toArray();
    for (const QJsonValue &value : events) {
        HostEvent event;
        if (HostEvent::fromJson(value.toObject(), &event))
            onEvent(event);
    }
    if (!reply.value(QStringLiteral("ok")).toBool() && events.isEmpty()) {
        ConsoleOutput::reportError(reply.value(QStringLiteral("path")).toString(QStringLiteral("pid %1").arg(m_attached.pid)),
                                   reply.value(QStringLiteral("error")).toString());
    }
}

void WorkspaceWatchCommand::onAgentGone()
{
    ConsoleOutput::reportError(QStringLiteral("the attached app %1 (pid %2) closed the connection (it quit or detached); "
                                              "stopping").arg(m_attached.app).arg(m_attached.pid));
    m_session.buildRunner()->cancel();
    QCoreApplication::exit(1);
}

int WorkspaceWatchCommand::run(const QString &workspace)
{
    m_session.setWorkspace(workspace);
    if (!m_session.start()) {
        ConsoleOutput::reportError(workspace, m_session.errorString());
        return 1;
    }
    // After a crash, as in the app: the plugins come back while the first build runs, which
    // then finds the crashed generation's bytes refused.
    if (!m_crash.start(&m_printer)) {
        m_session.buildRunner()->cancel();
        m_host.unloadAll();
        return 1;
    }
    if (m_format == OutputFormat::Text) {
        ConsoleOutput::writeLine(QStringLiteral("watching %1, building in %2 with %3 (Ctrl+C to stop)")
                                     .arg(m_session.workspace(), m_session.buildDirectory(),
                                          m_session.toolchain().describe()));
        if (m_attached.pid > 0)
            ConsoleOutput::writeLine(QStringLiteral("attached to %1 (pid %2): its plugins reload there")
                                         .arg(m_attached.app).arg(m_attached.pid));
    }
    return QCoreApplication::exec();
}

void WorkspaceWatchCommand::onEvent(const HostEvent &event)
{
    m_printer.print(event);
    if (m_attached.pid == 0)
        m_widgets.showFor(event);
    switch (event.type) {
    case HostEvent::Type::BuildFailed:
        // The JSON event carries the diagnostics; a person wants them as the compiler said them.
        if (m_format == OutputFormat::Text) {
            for (const Relive::Diagnostic &diagnostic : m_session.lastDiagnostics())
                ConsoleOutput::writeLine(QStringLiteral("  ") + diagnostic.toLine());
        }
        if (m_attached.pid > 0) // the app hears nothing else of a build that sent no plugin
            m_agent.send(QStringLiteral("build-failed"), {{QStringLiteral("summary"), buildFailureSummary(event)}});
        break;
    default:
        break;
    }
}

void WorkspaceWatchCommand::stop(int signalNumber)
{
    qCInfo(lcCli) << "signal" << signalNumber << "received: unloading";
    m_session.buildRunner()->cancel();
    m_host.unloadAll();
    m_agent.disconnect(this); // a detach, not the app going away
    m_agent.disconnectFromAgent();
    QCoreApplication::exit(0);
}
