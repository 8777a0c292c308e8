#pragma once

#include "relive/modulerecord.h"

#include <QtGui/QIcon>

namespace Relive::App {

/*!
 * The icons of a plugin's state in the plugin list and its history, drawn here rather than
 * taken from the style or the icon theme, so that each state looks the same everywhere and no
 * two states share an icon (a theme may map "critical" and "warning" to one picture).
 */
namespace PluginStateIcons {
QIcon loaded();   //!< a green disc with a tick
QIcon failed();   //!< a red disc with a cross
QIcon pinned();   //!< an amber disc with a pin: unloaded, but its code stays mapped
QIcon unloaded(); //!< a grey ring
QIcon forState(Relive::ModuleRecord::State state);
} // namespace PluginStateIcons

} // namespace Relive::App
