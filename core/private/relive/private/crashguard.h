#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive {

/*!
 * The fatal-signal handler of a host process (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT): on
 * its own stack (sigaltstack) and with async-signal-safe calls only, it reads the faulting
 * address and program counter, walks the stack (backtrace(), loaded before any crash), finds
 * the generation whose mapping holds the frames in a table kept up to date outside the
 * handler (setModules()), writes a crash record (CrashRecord) to a file opened in advance,
 * then execve()s the same program with the arguments given to install(): same pid, a fresh
 * process that restores the session. One per process.
 */
class RELIVE_CORE_EXPORT CrashGuard
{
public:
    /*! One loaded generation, as the handler sees it. */
    struct Module
    {
        QString plugin;
        int generation = 0;
        quintptr start = 0;     //!< lowest address of its mappings
        quintptr end = 0;       //!< one past the highest
        quintptr base = 0;      //!< where file offset 0 is mapped (symbolizing subtracts it)
        QString path;           //!< the shadow copy mapped
        qint64 liveSinceMs = 0; //!< when it went live, ms since the epoch
    };

    /*!
     * Opens \a recordPath (truncated), prepares \a program with \a arguments (argv[0] first) for
     * execve, and installs the handlers. False, with \a error, when it cannot.
     */
    static bool install(const QString &recordPath, const QString &program, const QStringList &arguments,
                        QString *error = nullptr);
    /*! Restores the default handlers; nothing is re-executed any more. */
    static void uninstall();
    static bool isInstalled();
    /*!
     * Whether a journal posted to its writer thread is not on disk yet: the handler then waits
     * for it (up to half a second) before it re-executes.
     */
    static void setJournalPending(bool pending);
    /*! Replaces the table of loaded generations; outside the handler, from any one thread. */
    static void setModules(const QList<Module> &modules);
    /*! The table for the live generations of \a paths, read from /proc/self/maps. */
    static Module moduleFor(const QString &plugin, int generation, const QString &path, qint64 liveSinceMs);
};

} // namespace Relive
