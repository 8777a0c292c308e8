#include "stalelibraries.h"

#include "relive/pluginhost.h"

#include <QtCore/QMap>

namespace Relive {

QList<HostEvent> staleLibraryEvents(PluginHost *host, const QStringList &names)
{
    QMap<QString, HostEvent> byFile;
    for (const QString &name : names) {
        if (!host->isLoaded(name))
            continue;
        for (const LinkedLibrary &library : host->record(name).libraries) {
            const QString reason = library.staleReason();
            if (reason.isEmpty())
                continue;
            HostEvent &event = byFile[library.path];
            event.type = HostEvent::Type::Stale;
            event.file = library.path;
            event.error = reason;
            event.failure = FailureKind::StaleLibrary;
            if (!event.plugins.contains(name))
                event.plugins.append(name);
        }
    }
    QList<HostEvent> events;
    for (HostEvent &event : byFile) {
        event.plugin = event.plugins.value(0);
        event.generation = host->status(event.plugin).liveGeneration;
        events.append(event);
    }
    return events;
}

} // namespace Relive
