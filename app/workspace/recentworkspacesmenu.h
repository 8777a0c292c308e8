#pragma once

#include <QtWidgets/QMenu>

namespace Relive::App {

/*!
 * File → Recent Workspaces: the workspaces opened lately (RecentWorkspaces), newest first,
 * disabled while there are none. Picking one emits workspaceChosen(); the window opens it.
 */
class RecentWorkspacesMenu : public QMenu
{
    Q_OBJECT

public:
    explicit RecentWorkspacesMenu(QWidget *parent = nullptr);

    /*! Lists the recent workspaces again, as after one was opened. */
    void refresh();

Q_SIGNALS:
    void workspaceChosen(const QString &workspace);
};

} // namespace Relive::App
