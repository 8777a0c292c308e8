#pragma once

#include "consoleoutput.h"

#include <relive/agentdirectory.h>

#include <QtCore/QList>

/*!
 * `relive-cli agents [PID|NAME]`: the running apps whose PluginAgent listens (AgentDirectory),
 * each asked over its socket for its plugins: pid, app, plugin folder, every plugin with its
 * version and live generation. `--socket PATH` asks the agent at PATH instead.
 */
class AgentsCommand
{
public:
    explicit AgentsCommand(OutputFormat format) : m_format(format) {}

    /*! The agents \a pidOrName names (all when empty), or the one at \a socket. */
    int run(const QString &pidOrName, const QString &socket);

    /*!
     * The one agent \a pidOrName names, into \a agent; false with \a error when none or
     * several do (watch --attach).
     */
    static bool resolve(const QString &pidOrName, Relive::AgentEntry *agent, QString *error);

private:
    bool show(const QString &socket);

    OutputFormat m_format;
};
