#pragma once

#include "consoleoutput.h"
#include "eventprinter.h"
#include "pluginwidgets.h"
#include "watchcrashguard.h"

#include <relive/artifactreloader.h>
#include <relive/pluginhost.h>
#include <relive/pluginprobe.h>
#include <relive/unixsignalwatcher.h>

#include <QtCore/QObject>

/*!
 * `relive-cli watch`: loads a plugin, creates its widget, and reloads it (state carried over)
 * every time its file is replaced by a complete new one, until SIGINT or SIGTERM. A failed
 * reload leaves the running generation in place and the watch goes on.
 */
class WatchCommand : public QObject
{
    Q_OBJECT

public:
    /*! \a keptGenerations < 0 keeps the host's default. */
    WatchCommand(OutputFormat format, int keptGenerations, const Relive::PluginProbe::Settings &probe,
                 const WatchCrashGuard::Settings &crash, QObject *parent = nullptr);
    ~WatchCommand() override;

    /*! Runs the event loop; returns the exit code. */
    int run(const QString &file);
    /*! The largest plugin file to read (PluginHost::setMaxFileSize()). */
    void setMaxFileSize(qint64 bytes) { m_host.setMaxFileSize(bytes); }

private:
    void onHostEvent(const Relive::HostEvent &event);
    void stop(int signalNumber);
    void note(const QString &text) const;

    OutputFormat m_format;
    EventPrinter m_printer;
    Relive::PluginHost m_host;
    PluginWidgets m_widgets; // after the host: see PluginWidgets
    Relive::UnixSignalWatcher m_signals;
    Relive::ArtifactReloader m_reloader;
    WatchCrashGuard m_crash;
};
