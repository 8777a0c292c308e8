#pragma once

#include "consoleoutput.h"
#include "eventprinter.h"
#include "pluginwidgets.h"

#include <relive/artifactreloader.h>
#include <relive/pluginhost.h>
#include <relive/pluginprobe.h>
#include <relive/unixsignalwatcher.h>

#include <QtCore/QObject>
#include <QtCore/QStringList>

namespace Relive {
class CrashJournal;
}

/*!
 * `relive-cli watch`: loads a plugin, creates its widget, and reloads it (state carried over)
 * every time its file is replaced by a complete new one, until SIGINT or SIGTERM. A failed
 * reload leaves the running generation in place and the watch goes on.
 */
class WatchCommand : public QObject
{
    Q_OBJECT

public:
    /*! How the watch survives a crash (CrashGuard, CrashJournal, CrashRecovery). */
    struct CrashSettings
    {
        int journalPeriodMs = 2000;
        QString restoreFrom;   //!< the runtime folder of the process that crashed, after a re-exec
        QString program;       //!< what the crash handler re-executes...
        QStringList arguments; //!< ...with these arguments (argv[0] first), plus --restore-from
    };

    /*! \a keptGenerations < 0 keeps the host's default. */
    WatchCommand(OutputFormat format, int keptGenerations, const Relive::PluginProbe::Settings &probe,
                 const CrashSettings &crash, QObject *parent = nullptr);
    ~WatchCommand() override;

    /*! Runs the event loop; returns the exit code. */
    int run(const QString &file);
    /*! The largest plugin file to read (PluginHost::setMaxFileSize()). */
    void setMaxFileSize(qint64 bytes) { m_host.setMaxFileSize(bytes); }

private:
    void onHostEvent(const Relive::HostEvent &event);
    void stop(int signalNumber);
    void note(const QString &text) const;
    /*! Journals, guards against crashes and, after one, restores; false: stop (says why). */
    bool startCrashRecovery(const QString &file);

    OutputFormat m_format;
    EventPrinter m_printer;
    Relive::PluginHost m_host;
    PluginWidgets m_widgets; // after the host: see PluginWidgets
    Relive::UnixSignalWatcher m_signals;
    Relive::ArtifactReloader m_reloader;
    CrashSettings m_crash;
    Relive::CrashJournal *m_journal = nullptr;
};
