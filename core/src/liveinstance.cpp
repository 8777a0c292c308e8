#include "relive/liveinstance.h"

#include "relive/pluginagent.h"

namespace Relive {

LiveHandle::LiveHandle(PluginAgent *agent, const QString &name, QObject *parent)
    : QObject(parent)
    , m_agent(agent)
    , m_name(name)
{
    // Direct: the old instance's code goes right after the agent's signal returns.
    connect(agent, &PluginAgent::aboutToUnload, this, [this](const QString &plugin) {
        if (plugin == m_name)
            Q_EMIT aboutToBeReplaced();
    }, Qt::DirectConnection);
    connect(agent, &PluginAgent::instanceChanged, this, [this](const QString &plugin, QObject *, int generation) {
        if (plugin == m_name)
            Q_EMIT replaced(generation);
    }, Qt::DirectConnection);
}

QString LiveHandle::name() const
{
    return m_name;
}

QObject *LiveHandle::object() const
{
    return m_agent ? m_agent->instance(m_name) : nullptr;
}

int LiveHandle::generation() const
{
    return m_agent ? m_agent->generation(m_name) : 0;
}

} // namespace Relive
