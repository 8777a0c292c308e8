#pragma once

#include "relive/diagnostic.h"
#include "relive/hostevent.h"
#include "relive/private/crashrecovery.h"

#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <functional>

namespace Relive {
class CrashJournal;
class PluginHost;
} // namespace Relive

namespace Relive::App {

/*!
 * The app's side of crash recovery (Relive::CrashGuard, CrashJournal, CrashRecovery): journals
 * every plugin's state, keeps the session (MainWindow::sessionState(): workspace, open buffers
 * with their unsaved text, cursors, docks) in the runtime folder, written every period(), at
 * every load and reload and after a restore (saveNow()), and installs the crash handler, which
 * re-executes the app with `--restore-session <that file> --restore-from <runtime folder>
 * --journal-period <s>`. After that re-exec, restore() brings the plugins back from the folder
 * of the process that crashed.
 */
class CrashSession : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultPeriodMs = 2000;

    CrashSession(Relive::PluginHost *host, std::function<QJsonObject()> session, QObject *parent = nullptr);
    ~CrashSession() override;

    /*! The session file kept in \a runtimeFolder. */
    static QString sessionPath(const QString &runtimeFolder);

    /*! Starts journaling and installs the handler, which re-executes \a program; false with \a error. */
    bool install(const QString &program, int periodMs, QString *error);
    int period() const { return m_timer.interval(); }
    /*! Writes the session now; false with \a error. */
    bool writeSession(QString *error = nullptr);
    /*!
     * Journals every plugin's state and writes the session now, as they are: after a session
     * was restored (docks, buffers) or a plugin was given its state back, so that a crash soon
     * after comes back to that, not to what the last period saw.
     */
    void saveNow();
    /*! The first frame of the crashed event \a crashed in a source file that exists ("file:line function"). */
    static Relive::Diagnostic crashLocation(const Relive::HostEvent &crashed);
    /*! After a re-exec: restores what \a previousFolder holds (call after the session's workspace opened). */
    Relive::CrashRecovery::Outcome restore(const QString &previousFolder);

private:
    Relive::PluginHost *m_host;
    std::function<QJsonObject()> m_session;
    Relive::CrashJournal *m_journal = nullptr;
    QTimer m_timer;
    QJsonObject m_written; //!< the session last written
};

} // namespace Relive::App
