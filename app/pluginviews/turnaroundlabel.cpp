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
    // A save's candidate was built and tried while the user typed: its build and trial ran before
    // the clock started at the save, so they are not in the headline. They do not fit in it either,
    // and are named apart, as done ahead, instead of looking like parts of it.
    const bool ahead = timing.totalMs >= 0 && qMax(0.0, timing.buildMs) + qMax(0.0, timing.probeMs) > timing.totalMs;
    QStringList parts;
    QStringList aheadParts;
    const auto add = [](QStringList &to, const QString &what, double ms, int decimals) {
        if (ms >= 0)
            to.append(QStringLiteral("%1 %2").arg(what).arg(ms, 0, 'f', decimals));
    };
    add(ahead ? aheadParts : parts, tr("build"), timing.buildMs, 0);
    add(ahead ? aheadParts : parts, tr("trial"), timing.probeMs, 0);
    add(parts, tr("stage"), timing.stageMs, 1);
    add(parts, tr("load"), timing.loadMs, 1);
    add(parts, tr("restore"), timing.restoreMs, 1);
    QString breakdown = parts.join(QStringLiteral(", "));
    if (!aheadParts.isEmpty())
        breakdown += tr("; %1 done ahead, while typing").arg(aheadParts.join(QStringLiteral(", ")));
    return tr("%1 ms (%2)").arg(timing.totalMs, 0, 'f', 0).arg(breakdown);
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
