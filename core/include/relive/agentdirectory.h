#pragma once

#include "relive/relive_core_export.h"

#include <QtCore/QList>
#include <QtCore/QString>

namespace Relive {

/*! One running PluginAgent that listens (PluginAgent::listen()), as its discovery file says. */
struct RELIVE_CORE_EXPORT AgentEntry
{
    qint64 pid = 0;
    QString app;    //!< QCoreApplication::applicationName() of the process
    QString socket; //!< the agent's socket, in its private runtime folder
    QString folder; //!< its plugin folder
    QString iid;
};

/*!
 * Where listening agents are found: one JSON file per agent, <pid>.json, in
 * RuntimeFolder::defaultBase() + "/agents" ($XDG_RUNTIME_DIR/relive/agents), a folder of this
 * user only (0700). Files of processes that are gone are removed when listed.
 */
class RELIVE_CORE_EXPORT AgentDirectory
{
public:
    static QString path();
    /*! The agents of live processes, by pid; stale files (dead pids, unreadable) are removed. */
    static QList<AgentEntry> list();
    /*!
     * The agents \a pidOrName names: the one of that pid, else those whose app name is
     * \a pidOrName. Empty when none.
     */
    static QList<AgentEntry> find(const QString &pidOrName);
    /*! Writes \a entry's file (atomically). False, with \a error, when it cannot. */
    static bool publish(const AgentEntry &entry, QString *error);
    static void withdraw(qint64 pid);
};

} // namespace Relive
