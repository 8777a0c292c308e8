#include "workspacewatchcommand.h"

#include "logging.h"

#include <relive/buildrunner.h>
#include <relive/livestate.h>

#include <QtCore/QCoreApplication>
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
    m_host.setAlsoAcceptedIids({QStringLiteral(ReliveLiveState_iid)}); // QtCore-only plugins too: no widget
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
    }
    return QCoreApplication::exec();
}

void WorkspaceWatchCommand::onEvent(const HostEvent &event)
{
    m_printer.print(event);
    m_widgets.showFor(event);
    switch (event.type) {
    case HostEvent::Type::BuildFailed:
        // The JSON event carries the diagnostics; a person wants them as the compiler said them.
        if (m_format == OutputFormat::Text) {
            for (const Relive::Diagnostic &diagnostic : m_session.lastDiagnostics()) {
                ConsoleOutput::writeLine(QStringLiteral("  %1:%2:%3: %4: %5")
                                             .arg(diagnostic.file).arg(diagnostic.line).arg(diagnostic.column)
                                             .arg(Relive::Diagnostic::severityName(diagnostic.severity), diagnostic.message));
            }
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
    QCoreApplication::exit(0);
}
