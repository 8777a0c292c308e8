#include "pluginviews/remotemodules.h"

#include <QtCore/QJsonDocument>

namespace Relive::App {

void RemoteModules::set(const QString &process, const QJsonArray &plugins)
{
    m_process = process;
    m_gone.clear();
    m_modules.clear();
    for (const QJsonValue &value : plugins) {
        const QJsonObject plugin = value.toObject();
        Module module;
        module.name = plugin.value(QStringLiteral("name")).toString();
        module.version = plugin.value(QStringLiteral("version")).toString();
        module.generation = plugin.value(QStringLiteral("generation")).toInt();
        module.state = plugin.value(QStringLiteral("state")).toObject();
        module.error = plugin.value(QStringLiteral("error")).toString();
        if (!module.name.isEmpty())
            m_modules.append(module);
    }
}

void RemoteModules::setGone(const QString &reason)
{
    m_gone = reason;
}

void RemoteModules::clear()
{
    m_process.clear();
    m_gone.clear();
    m_modules.clear();
}

int RemoteModules::indexOf(const QString &name) const
{
    for (int i = 0; i < m_modules.size(); ++i) {
        if (m_modules.at(i).name == name)
            return i;
    }
    return -1;
}

QString RemoteModules::stateText(const Module &module) const
{
    if (isGone())
        return tr("Detached: %1").arg(m_gone);
    if (module.generation == 0)
        return tr("Failed");
    return module.error.isEmpty() ? tr("Loaded") : tr("Loaded (last reload failed)");
}

QString RemoteModules::details(const Module &module) const
{
    QStringList lines;
    if (isGone())
        lines << tr("No longer attached to %1: %2").arg(m_process, m_gone);
    if (!module.error.isEmpty())
        lines << tr("Generation %1 keeps running. The last reload failed: %2").arg(module.generation).arg(module.error);
    if (!module.state.isEmpty())
        lines << tr("State: %1").arg(QString::fromUtf8(QJsonDocument(module.state).toJson(QJsonDocument::Compact)));
    return lines.isEmpty() ? tr("Running in %1").arg(m_process) : lines.join(QLatin1Char('\n'));
}

} // namespace Relive::App
