#include "pluginviews/turnaroundlabel.h"

#include "relive/pluginhost.h"

namespace Relive::App {

TurnaroundLabel::TurnaroundLabel(Relive::PluginHost *host, QWidget *parent)
    : QLabel(parent)
    , m_host(host)
{
    connect(host, &Relive::PluginHost::generationLive, this, &TurnaroundLabel::showLive);
    connect(host, &Relive::PluginHost::statusChanged, this, &TurnaroundLabel::updateText);
    connect(host, &Relive::PluginHost::forgotten, this, [this](const QString &name) {
        if (name == m_plugin) {
            m_plugin.clear();
            clear();
        }
    });
}

QString TurnaroundLabel::describeTiming(const Relive::ReloadTiming &timing)
{
    QStringList parts;
    const auto add = [&parts](const QString &what, double ms, int decimals) {
        if (ms >= 0)
            parts.append(QStringLiteral("%1 %2").arg(what).arg(ms, 0, 'f', decimals));
    };
    add(tr("build"), timing.buildMs, 0);
    add(tr("trial"), timing.probeMs, 0);
    add(tr("stage"), timing.stageMs, 1);
    add(tr("load"), timing.loadMs, 1);
    add(tr("restore"), timing.restoreMs, 1);
    return tr("%1 ms (%2)").arg(timing.totalMs, 0, 'f', 0).arg(parts.join(QStringLiteral(", ")));
}

void TurnaroundLabel::showLive(const QString &name, const Relive::LoadAttempt &attempt)
{
    m_plugin = name;
    m_attempt = attempt;
    updateText(name);
}

void TurnaroundLabel::updateText(const QString &name)
{
    if (name != m_plugin || m_plugin.isEmpty())
        return;
    const Relive::PluginStatus status = m_host->status(name);
    const int generation = m_attempt.generation;
    QString text;
    if (status.liveGeneration == generation) {
        const QString rollback = m_attempt.rollbackOf > 0 ? tr(" (rollback to g%1)").arg(m_attempt.rollbackOf) : QString();
        text = tr("%1 g%2%3 live in %4").arg(name).arg(generation).arg(rollback, describeTiming(m_attempt.timing));
        if (status.lastAttemptFailed())
            text += tr("; g%1 refused").arg(status.lastAttempt.generation);
    } else if (!status.isLive()) {
        text = status.isPinned(generation) ? tr("%1 unloaded (g%2 pinned)").arg(name).arg(generation)
                                           : tr("%1 unloaded (was g%2)").arg(name).arg(generation);
    } else {
        return; // another generation went live: its generationLive() says so
    }
    setText(text);
}

} // namespace Relive::App
