#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

class EventPrinter;

namespace Relive {
class CrashJournal;
class PluginHost;
} // namespace Relive

/*!
 * How `relive-cli watch` (FILE and DIR) survives a crash: journals the plugins' state
 * (CrashJournal), installs the handler that re-executes the same command (CrashGuard), and after
 * such a re-exec brings the plugins back at their last good generation (CrashRecovery).
 */
class WatchCrashGuard
{
public:
    struct Settings
    {
        int journalPeriodMs = 2000;
        QString restoreFrom;   //!< the runtime folder of the process that crashed, after a re-exec
        QString program;       //!< what the crash handler re-executes...
        QStringList arguments; //!< ...with these arguments (argv[0] first), plus --restore-from
    };

    WatchCrashGuard(Relive::PluginHost *host, const Settings &settings);
    ~WatchCrashGuard();
    WatchCrashGuard(const WatchCrashGuard &) = delete;
    WatchCrashGuard &operator=(const WatchCrashGuard &) = delete;

    /*! True in the process a crash re-executed. */
    bool isComingBack() const { return !m_settings.restoreFrom.isEmpty(); }
    /*!
     * Journals and guards; in a re-executed process also restores, printing what came back with
     * \a printer. False: stop (a crash repeated; the messages said why).
     */
    bool start(EventPrinter *printer);

private:
    Relive::PluginHost *m_host;
    Settings m_settings;
    Relive::CrashJournal *m_journal = nullptr;
};
