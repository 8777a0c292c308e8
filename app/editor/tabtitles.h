#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Relive::App {

/*!
 * The title of an editor tab: the file name, and where two open files share it, as many of
 * the folders above it as tell them apart ("plugin.cpp — counter", "plugin.cpp — clock").
 */
namespace TabTitles {
QString titleFor(const QString &path, const QStringList &openPaths);
} // namespace TabTitles

} // namespace Relive::App
