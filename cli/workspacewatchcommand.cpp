#include "workspacewatchcommand.h"

#include "logging.h"

#include <relive/buildrunner.h>
#include <relive/livestate.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QFileInfo>

using Relive::HostEvent;

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
    m_host.setAlsoAcceptedIids(Relive::PluginHost::reliveIids()); // QtCore-only plugins too: no widget
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

// The command line may wait: for the hello, in a local event loop (AgentLink times it out).
bool WorkspaceWatchCommand::attach(const Relive::AgentEntry &agent, QString *error)
{
    QEventLoop loop;
    bool attached = false;
    const QMetaObject::Connection ok = connect(&m_link, &Relive::AgentLink::attached, &loop, [&] {
        attached = true;
        loop.quit();
    });
    const QMetaObject::Connection failed = connect(&m_link, &Relive::AgentLink::attachFailed, &loop, [&](const QString &why) {
        *error = why;
        loop.quit();
    });
    m_link.setSession(&m_session);
    m_link.attach(agent);
    if (!attached && error->isEmpty())
        loop.exec();
    disconnect(ok);
    disconnect(failed);
    if (!attached)
        return false;
    m_attached = agent;
    connect(&m_link, &Relive::AgentLink::hostEvent, this, &WorkspaceWatchCommand::onEvent);
    connect(&m_link, &Relive::AgentLink::requestFailed, this, [this](const QString &path, const QString &why) {
        ConsoleOutput::reportError(path.isEmpty() ? QStringLiteral("pid %1").arg(m_attached.pid) : path, why);
    });
    connect(&m_link, &Relive::AgentLink::detached, this, &WorkspaceWatchCommand::onAgentGone);
    return true;
}

void WorkspaceWatchCommand::onAgentGone(const QString &reason)
{
    ConsoleOutput::reportError(QStringLiteral("%1; stopping").arg(reason));
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
    m_link.disconnect(this); // a detach, not the app going away
    m_link.detach();
    QCoreApplication::exit(0);
}
