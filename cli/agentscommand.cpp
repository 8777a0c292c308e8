#include "agentscommand.h"

#include <relive/agentclient.h>

#include <QtCore/QJsonArray>

namespace {
constexpr int agentTimeoutMs = 5000;
} // namespace

int AgentsCommand::run(const QString &pidOrName, const QString &socket)
{
    if (!socket.isEmpty())
        return show(socket) ? 0 : 1;
    const QList<Relive::AgentEntry> agents =
        pidOrName.isEmpty() ? Relive::AgentDirectory::list() : Relive::AgentDirectory::find(pidOrName);
    if (agents.isEmpty() && !pidOrName.isEmpty()) {
        ConsoleOutput::reportError(pidOrName, QStringLiteral("no running app of that pid or name has a Relive agent "
                                                             "(run 'relive-cli agents' for the list)"));
        return 1;
    }
    if (agents.isEmpty() && m_format == OutputFormat::Text)
        ConsoleOutput::writeLine(QStringLiteral("no running app has a Relive agent listening (PluginAgent::listen())"));
    bool ok = true;
    for (const Relive::AgentEntry &agent : agents)
        ok = show(agent.socket) && ok;
    return ok ? 0 : 1;
}

bool AgentsCommand::show(const QString &socket)
{
    Relive::AgentClient client;
    QString error;
    QJsonObject reply;
    if (client.connectTo(socket, agentTimeoutMs, &error))
        reply = client.request(QStringLiteral("list"), {}, agentTimeoutMs, &error);
    if (!reply.isEmpty() && !reply.value(QStringLiteral("ok")).toBool())
        error = reply.value(QStringLiteral("error")).toString();
    if (!error.isEmpty() || reply.isEmpty()) {
        ConsoleOutput::reportError(socket, error);
        return false;
    }
    for (const QString &key : {QStringLiteral("relive"), QStringLiteral("id"), QStringLiteral("ok")})
        reply.remove(key);
    if (m_format == OutputFormat::Json) {
        ConsoleOutput::writeJson(reply);
        return true;
    }
    ConsoleOutput::writeLine(QStringLiteral("%1 %2 (%3), plugins in %4")
                                 .arg(reply.value(QStringLiteral("pid")).toInt())
                                 .arg(reply.value(QStringLiteral("app")).toString(), reply.value(QStringLiteral("iid")).toString(),
                                      reply.value(QStringLiteral("folder")).toString()));
    for (const QJsonValue &value : reply.value(QStringLiteral("plugins")).toArray()) {
        const QJsonObject plugin = value.toObject();
        const int generation = plugin.value(QStringLiteral("generation")).toInt();
        QString line = QStringLiteral("  %1 %2: ").arg(plugin.value(QStringLiteral("name")).toString(),
                                                      plugin.value(QStringLiteral("version")).toString());
        line += generation > 0 ? QStringLiteral("generation %1").arg(generation) : QStringLiteral("not live");
        if (plugin.contains(QStringLiteral("error")))
            line += QStringLiteral("; last attempt refused: %1").arg(plugin.value(QStringLiteral("error")).toString());
        ConsoleOutput::writeLine(line);
    }
    return true;
}

bool AgentsCommand::resolve(const QString &pidOrName, Relive::AgentEntry *agent, QString *error)
{
    const QList<Relive::AgentEntry> agents = Relive::AgentDirectory::find(pidOrName);
    if (agents.size() == 1) {
        *agent = agents.constFirst();
        return true;
    }
    if (agents.isEmpty()) {
        *error = QStringLiteral("no running app of pid or name '%1' has a Relive agent (run 'relive-cli agents' for "
                                "the list)").arg(pidOrName);
    } else {
        QStringList pids;
        for (const Relive::AgentEntry &entry : agents)
            pids << QString::number(entry.pid);
        *error = QStringLiteral("%1 apps are named '%2' (pids %3): attach by pid").arg(agents.size()).arg(pidOrName, pids.join(QStringLiteral(", ")));
    }
    return false;
}
