#include "workspace/recentworkspacesmenu.h"

#include "workspace/recentworkspaces.h"

namespace Relive::App {

RecentWorkspacesMenu::RecentWorkspacesMenu(QWidget *parent)
    : QMenu(tr("Recent &Workspaces"), parent)
{
    refresh();
}

void RecentWorkspacesMenu::refresh()
{
    clear();
    const QStringList recent = RecentWorkspaces::list();
    for (const QString &path : recent)
        addAction(path, this, [this, path] { Q_EMIT workspaceChosen(path); });
    setEnabled(!recent.isEmpty());
}

} // namespace Relive::App
