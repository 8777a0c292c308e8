#include "workspace/recentworkspaces.h"

#include "settings/appsettings.h"

#include <QtCore/QDir>

namespace Relive::App {

QStringList RecentWorkspaces::list()
{
    return AppSettings::recentWorkspaces();
}

void RecentWorkspaces::add(const QString &workspace)
{
    QStringList recent = list();
    const QString path = QDir(workspace).absolutePath();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > maximum)
        recent.removeLast();
    AppSettings::setRecentWorkspaces(recent);
}

void RecentWorkspaces::remove(const QString &workspace)
{
    QStringList recent = list();
    recent.removeAll(QDir(workspace).absolutePath());
    AppSettings::setRecentWorkspaces(recent);
}

} // namespace Relive::App
