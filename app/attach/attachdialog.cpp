#include "attach/attachdialog.h"

#include "relive/agentclient.h"

#include <QtCore/QJsonArray>
#include <QtCore/QSet>
#include <QtCore/QTimer>
#include <QtWidgets/QAbstractButton>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTreeWidget>
#include <QtWidgets/QVBoxLayout>

namespace Relive::App {

namespace {
constexpr int refreshMs = 2000;
constexpr int connectTimeoutMs = 1000; // a local socket: answers at once or not at all
constexpr int replyTimeoutMs = 3000;
enum ColumnIndex { NameColumn, PidColumn, DetailsColumn };
} // namespace

AttachDialog::AttachDialog(QWidget *parent)
    : QDialog(parent)
    , m_tree(new QTreeWidget(this))
    , m_hint(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_timer(new QTimer(this))
{
    setWindowTitle(tr("Attach to Running App"));
    m_tree->setHeaderLabels({tr("App / plugin"), tr("Pid"), tr("Plugin folder / version, generation")});
    m_tree->header()->setSectionResizeMode(DetailsColumn, QHeaderView::Stretch);
    m_hint->setWordWrap(true);
    QPushButton *attach = m_buttons->addButton(tr("&Attach"), QDialogButtonBox::AcceptRole);
    attach->setObjectName(QStringLiteral("attachButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_hint);
    layout->addWidget(m_tree);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &AttachDialog::updateButtons);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this] {
        if (selectedAgent().pid != 0)
            accept();
    });
    connect(m_timer, &QTimer::timeout, this, &AttachDialog::refresh);
    m_timer->start(refreshMs);
    resize(640, 360);
    refresh();
}

AttachDialog::~AttachDialog() = default;

void AttachDialog::refresh()
{
    const QList<AgentEntry> entries = AgentDirectory::list();
    QSet<qint64> live;
    for (const AgentEntry &entry : entries) {
        live.insert(entry.pid);
        Agent &agent = m_agents[entry.pid];
        agent.entry = entry;
        if (!agent.item)
            agent.item = itemFor(entry);
        ask(agent);
    }
    for (auto it = m_agents.begin(); it != m_agents.end();) {
        if (live.contains(it.key())) {
            ++it;
            continue;
        }
        delete it->item;
        delete it->client;
        it = m_agents.erase(it);
    }
    m_hint->setText(m_agents.isEmpty()
                        ? tr("No running app with a Relive agent was found. An app lists itself once its "
                             "PluginAgent's listen() was called (README, \"Attach\").")
                        : tr("Apps that embed a Relive PluginAgent and call listen(). Once attached, the open "
                             "workspace's builds reload in that app."));
    updateButtons();
}

QTreeWidgetItem *AttachDialog::itemFor(const AgentEntry &entry)
{
    auto *item = new QTreeWidgetItem(m_tree, {entry.app, QString::number(entry.pid), entry.folder});
    item->setData(NameColumn, Qt::UserRole, entry.pid);
    item->setToolTip(DetailsColumn, tr("Interface %1, socket %2").arg(entry.iid, entry.socket));
    item->setExpanded(true);
    return item;
}

// One connection per app while the dialog is open; a list request each refresh.
void AttachDialog::ask(Agent &agent)
{
    if (agent.pendingId != 0)
        return; // the last one has not answered yet (its timeout says so)
    if (!agent.client || !agent.client->isConnected()) {
        delete agent.client;
        agent.client = new AgentClient(this);
        QString error;
        if (!agent.client->connectTo(agent.entry.socket, connectTimeoutMs, &error)) {
            agent.item->setText(DetailsColumn, tr("%1 — not answering: %2").arg(agent.entry.folder, error));
            return;
        }
        const qint64 pid = agent.entry.pid;
        connect(agent.client, &AgentClient::replied, this, [this, pid](qint64 id, const QJsonObject &reply) {
            if (m_agents.contains(pid) && (id == m_agents[pid].pendingId || id < 0))
                showPlugins(pid, reply);
        });
    }
    const qint64 id = agent.pendingId = agent.client->send(QStringLiteral("list"));
    const qint64 pid = agent.entry.pid;
    QTimer::singleShot(replyTimeoutMs, this, [this, pid, id] {
        if (m_agents.contains(pid) && m_agents[pid].pendingId == id)
            showSilent(pid);
    });
}

void AttachDialog::showPlugins(qint64 pid, const QJsonObject &reply)
{
    Agent &agent = m_agents[pid];
    agent.pendingId = 0;
    if (!reply.value(QStringLiteral("ok")).toBool()) {
        agent.item->setText(DetailsColumn, tr("%1 — refused: %2").arg(agent.entry.folder, reply.value(QStringLiteral("error")).toString()));
        return;
    }
    agent.item->setText(DetailsColumn, agent.entry.folder);
    qDeleteAll(agent.item->takeChildren());
    for (const QJsonValue &value : reply.value(QStringLiteral("plugins")).toArray()) {
        const QJsonObject plugin = value.toObject();
        const QString error = plugin.value(QStringLiteral("error")).toString();
        auto *child = new QTreeWidgetItem(agent.item, {plugin.value(QStringLiteral("name")).toString(), QString(),
                                                       tr("%1, generation %2%3")
                                                           .arg(plugin.value(QStringLiteral("version")).toString())
                                                           .arg(plugin.value(QStringLiteral("generation")).toInt())
                                                           .arg(error.isEmpty() ? QString() : tr(" (last reload failed)"))});
        child->setToolTip(DetailsColumn, error);
    }
    agent.item->setExpanded(true);
}

void AttachDialog::showSilent(qint64 pid)
{
    Agent &agent = m_agents[pid];
    agent.pendingId = 0;
    delete agent.client; // a new connection next time
    agent.client = nullptr;
    agent.item->setText(DetailsColumn, tr("%1 — did not answer within %2 s").arg(agent.entry.folder).arg(replyTimeoutMs / 1000));
}

AgentEntry AttachDialog::selectedAgent() const
{
    const QList<QTreeWidgetItem *> selected = m_tree->selectedItems();
    if (selected.isEmpty())
        return AgentEntry();
    QTreeWidgetItem *item = selected.constFirst()->parent() ? selected.constFirst()->parent() : selected.constFirst();
    return m_agents.value(item->data(NameColumn, Qt::UserRole).toLongLong()).entry;
}

bool AttachDialog::selectAgent(qint64 pid)
{
    if (!m_agents.contains(pid))
        return false;
    m_tree->setCurrentItem(m_agents.value(pid).item);
    return true;
}

QTreeWidget *AttachDialog::agentTree() const
{
    return m_tree;
}

void AttachDialog::updateButtons()
{
    for (QAbstractButton *button : m_buttons->buttons()) {
        if (m_buttons->buttonRole(button) == QDialogButtonBox::AcceptRole)
            button->setEnabled(selectedAgent().pid != 0);
    }
}

} // namespace Relive::App
