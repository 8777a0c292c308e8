#pragma once

#include <QtCore/QStringList>

namespace Relive::App {

/*!
 * The source files of a plugin, read from the workspace build's compile_commands.json: the
 * build knows exactly which files make up which artifact, whatever the folder layout.
 */
namespace PluginSources {
/*! Sources compiled into \a artifactPath (…/plugins/<target>.so), build-generated ones left out. */
QStringList of(const QString &buildDirectory, const QString &artifactPath);
} // namespace PluginSources

} // namespace Relive::App
