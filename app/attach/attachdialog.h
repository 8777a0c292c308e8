#pragma once

#include "relive/agentdirectory.h"

#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtWidgets/QDialog>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QLabel;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;
QT_END_NAMESPACE

namespace Relive {
class AgentClient;
} // namespace Relive

namespace Relive::App {

/*!
 * File → Attach to Running App…: the running apps whose PluginAgent listens (AgentDirectory),
 * each with its pid, name and plugin folder, and below it its plugins with their versions and
 * generations, from a list request to each agent. Refreshed while open; nothing waits on an
 * agent (a silent one says so after a timeout). Attach accepts the dialog with the selected app.
 */
class AttachDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AttachDialog(QWidget *parent = nullptr);
    ~AttachDialog() override;

    /*! The app of the selected row (or of the selected plugin's row); pid 0 when none. */
    Relive::AgentEntry selectedAgent() const;
    /*! Selects the app of \a pid; false when it is not listed. */
    bool selectAgent(qint64 pid);
    QTreeWidget *agentTree() const;

public Q_SLOTS:
    /*! Lists the agents again, and asks each for its plugins. */
    void refresh();

private:
    struct Agent
    {
        Relive::AgentEntry entry;
        Relive::AgentClient *client = nullptr;
        QTreeWidgetItem *item = nullptr;
        qint64 pendingId = 0;
    };

    QTreeWidgetItem *itemFor(const Relive::AgentEntry &entry);
    void ask(Agent &agent);
    void showPlugins(qint64 pid, const QJsonObject &reply);
    void showSilent(qint64 pid);
    void updateButtons();

    QTreeWidget *m_tree;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
    QTimer *m_timer;
    QHash<qint64, Agent> m_agents; //!< by pid
};

} // namespace Relive::App
