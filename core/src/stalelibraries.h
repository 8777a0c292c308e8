#pragma once

#include "relive/hostevent.h"

#include <QtCore/QList>
#include <QtCore/QStringList>

namespace Relive {

class PluginHost;

/*!
 * The `stale` events of the loaded plugins among \a names whose libraries run other code than
 * their files now hold (LinkedLibrary::staleReason()): one per library file, naming every such
 * plugin (plugin and generation: the first of them). glibc maps a library once per soname, so
 * a rebuilt library does not reach a reloaded plugin unless the host gave it a generation of
 * its own: Relive's own host does for the workspace's libraries; an app's PluginAgent cannot.
 */
QList<HostEvent> staleLibraryEvents(PluginHost *host, const QStringList &names);

} // namespace Relive
