#pragma once

#include "consoleoutput.h"
#include "eventprinter.h"
#include "pluginwidgets.h"
#include "watchcrashguard.h"

#include <relive/agentdirectory.h>
#include <relive/agentlink.h>
#include <relive/livesession.h>
#include <relive/pluginhost.h>
#include <relive/pluginprobe.h>
#include <relive/unixsignalwatcher.h>

#include <QtCore/QObject>

/*!
 * `relive-cli watch DIR`: configures and builds the workspace DIR, loads every plugin, then
 * rebuilds on each save and reloads the plugins whose artifact changed, until SIGINT or
 * SIGTERM. A failed build prints its diagnostics; the running generations stay. A crash
 * re-executes the same command, which comes back with the plugins' last good generations.
 *
 * Attached (`--attach PID|NAME`, attach()): the plugins are not loaded here; each built plugin
 * file goes to the app's PluginAgent over its socket, and the events its host reports come
 * back in the reply and are printed as if they were this host's. The app quitting ends the watch.
 */
class WorkspaceWatchCommand : public QObject
{
    Q_OBJECT

public:
    /*! \a launcher is a Toolchain::Preferences::launcher setting ("auto", "none", a program). */
    WorkspaceWatchCommand(OutputFormat format, const QString &buildDirectory, const QString &launcher,
                          const Relive::PluginProbe::Settings &probe, const WatchCrashGuard::Settings &crash,
                          QObject *parent = nullptr);
    ~WorkspaceWatchCommand() override;

    /*! Sends the builds' plugins to \a agent instead of loading them here. False, with \a error, if it cannot. */
    bool attach(const Relive::AgentEntry &agent, QString *error);

    /*! Whether a save is first built as a candidate of the saved file (LiveSession::setCandidateOnSave()). */
    void setCandidateOnSave(bool enabled) { m_session.setCandidateOnSave(enabled); }
    /*! Runs the event loop; returns the exit code. */
    int run(const QString &workspace);

private:
    void onEvent(const Relive::HostEvent &event);
    void stop(int signalNumber);
    void onAgentGone(const QString &reason);

    OutputFormat m_format;
    EventPrinter m_printer;
    Relive::PluginHost m_host;
    PluginWidgets m_widgets; // after the host: see PluginWidgets
    Relive::LiveSession m_session;
    Relive::UnixSignalWatcher m_signals;
    Relive::AgentLink m_link;
    Relive::AgentEntry m_attached; //!< pid 0: not attached
    WatchCrashGuard m_crash;
};
