#include "workspace/recentworkspaces.h"

#include <QtCore/QDir>
#include <QtCore/QSettings>

namespace Relive::App {

namespace {
const QString key = QStringLiteral("workspaces/recent");
}

QStringList RecentWorkspaces::list()
{
    return QSettings().value(key).toStringList();
}

void RecentWorkspaces::add(const QString &workspace)
{
    QStringList recent = list();
    const QString path = QDir(workspace).absolutePath();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > maximum)
        recent.removeLast();
    QSettings().setValue(key, recent);
}

void RecentWorkspaces::remove(const QString &workspace)
{
    QStringList recent = list();
    recent.removeAll(QDir(workspace).absolutePath());
    QSettings().setValue(key, recent);
}

} // namespace Relive::App
