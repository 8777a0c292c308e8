#include "eventprinter.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonDocument>
#include <QtCore/QStringList>

using Relive::HostEvent;

namespace {

QString milliseconds(double ms)
{
    return QString::number(ms, 'f', ms < 10 ? 2 : 1);
}

QString compactJson(const QVariantMap &map)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(map)).toJson(QJsonDocument::Compact));
}

} // namespace

EventPrinter::EventPrinter(OutputFormat format)
    : m_format(format)
{
}

void EventPrinter::print(const HostEvent &event) const
{
    if (m_format == OutputFormat::Json) {
        ConsoleOutput::writeJson(event.toJson());
        return;
    }
    const QString time = QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    ConsoleOutput::writeLine(QStringLiteral("[%1] %2").arg(time, describe(event)));
}

QString EventPrinter::describe(const HostEvent &event)
{
    const QString who = event.version.isEmpty()
        ? event.plugin
        : QStringLiteral("%1 %2").arg(event.plugin, event.version);
    // A workspace's build names no plugin: it builds them all.
    const QString built = event.plugin.isEmpty() ? QStringLiteral("the workspace") : who;
    const QString generation = QStringLiteral("generation %1").arg(event.generation);
    const QString timing = describe(event.timing);
    QString text;
    switch (event.type) {
    case HostEvent::Type::BuildStarted:
        text = QStringLiteral("build started: %1").arg(built);
        break;
    case HostEvent::Type::BuildFinished:
        text = QStringLiteral("build finished: %1").arg(built);
        break;
    case HostEvent::Type::BuildFailed:
        text = QStringLiteral("build failed: %1 (%2 diagnostics)").arg(built).arg(event.diagnostics.size());
        break;
    case HostEvent::Type::Loaded:
        text = QStringLiteral("loaded %1, %2").arg(who, generation);
        break;
    case HostEvent::Type::Reloaded:
        text = event.fromGeneration > 0
            ? QStringLiteral("reloaded %1, generation %2 -> %3").arg(who).arg(event.fromGeneration).arg(event.generation)
            : QStringLiteral("reloaded %1, %2").arg(who, generation);
        break;
    case HostEvent::Type::LoadFailed:
        text = QStringLiteral("load failed: %1").arg(who);
        break;
    case HostEvent::Type::ReloadFailed:
        text = QStringLiteral("reload failed: %1").arg(who);
        break;
    case HostEvent::Type::RolledBack:
        text = QStringLiteral("rolled back %1 to the artifact of generation %2, now %3")
                   .arg(who).arg(event.toGeneration).arg(generation);
        break;
    case HostEvent::Type::Unloaded:
        text = QStringLiteral("unloaded %1, %2").arg(who, generation);
        break;
    case HostEvent::Type::Pinned:
        text = QStringLiteral("pinned %1, %2: still mapped after unload").arg(who, generation);
        break;
    case HostEvent::Type::Crashed:
        text = event.plugin.isEmpty() ? QStringLiteral("crashed")
                                      : QStringLiteral("crashed in %1, %2; came back").arg(who, generation);
        break;
    case HostEvent::Type::Stale:
        text = QStringLiteral("stale: %1 runs old code of %2").arg(event.plugins.join(QStringLiteral(", ")), event.file);
        break;
    case HostEvent::Type::Unchanged:
        text = QStringLiteral("unchanged %1: rebuilt with the code %2 already runs").arg(who, generation);
        break;
    }
    if (!timing.isEmpty())
        text += QStringLiteral(" in %1").arg(timing);
    if (!event.error.isEmpty())
        text += QStringLiteral(": %1").arg(event.error);
    if (event.hasState)
        text += QStringLiteral("; state %1").arg(compactJson(event.state));
    return text;
}

QString EventPrinter::describe(const Relive::ReloadTiming &timing)
{
    const struct {
        const char *name;
        double ms;
    } phases[] = {
        {"build", timing.buildMs},     {"stage", timing.stageMs},     {"validate", timing.validateMs},
        {"probe", timing.probeMs},     {"load", timing.loadMs},       {"restore", timing.restoreMs},
        {"unload", timing.unloadMs},
    };
    QStringList parts;
    for (const auto &phase : phases) {
        if (phase.ms >= 0)
            parts << QStringLiteral("%1 %2").arg(QLatin1String(phase.name), milliseconds(phase.ms));
    }
    if (timing.totalMs < 0 && parts.isEmpty())
        return QString();
    const QString total = timing.totalMs >= 0 ? milliseconds(timing.totalMs) + QStringLiteral(" ms") : QString();
    if (parts.isEmpty())
        return total;
    const QString breakdown = parts.join(QStringLiteral(", "));
    return total.isEmpty() ? breakdown + QStringLiteral(" ms") : QStringLiteral("%1 (%2)").arg(total, breakdown);
}
