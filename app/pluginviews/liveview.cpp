#include "pluginviews/liveview.h"

#include "pluginviews/refusalbanner.h"
#include "pluginviews/stateview.h"

#include "relive/pluginhost.h"

#include <QtWidgets/QLabel>
#include <QtWidgets/QTabBar>
#include <QtWidgets/QVBoxLayout>

namespace Relive::App {

namespace {
// Where nothing live can be shown: what the plugin's status says, and what to do.
QString notLiveText(const Relive::PluginStatus &status)
{
    if (status.lastRunGeneration == 0)
        return LiveView::tr("%1 is not loaded: no generation of it has loaded yet.").arg(status.name);
    if (status.isPinned(status.lastRunGeneration)) {
        return LiveView::tr("%1 is not loaded: generation %2 was unloaded, but its code stays mapped (pinned). "
                            "Reload it from the Plugins list.").arg(status.name).arg(status.lastRunGeneration);
    }
    return LiveView::tr("%1 is not loaded: generation %2 was unloaded. Reload it from the Plugins list; it gets "
                        "back the state it had.").arg(status.name).arg(status.lastRunGeneration);
}
} // namespace

LiveView::LiveView(Relive::PluginHost *host, QWidget *parent)
    : QTabWidget(parent)
    , m_host(host)
{
    setDocumentMode(true);
    setMovable(true);
    // Direct: the widget's code must be gone before the host unloads the library.
    connect(host, &Relive::PluginHost::aboutToUnload, this,
            [this](const QString &name) { dropWidget(name); }, Qt::DirectConnection);
    connect(host, &Relive::PluginHost::generationLive, this, [this](const QString &name) { showWidget(name); });
    connect(host, &Relive::PluginHost::statusChanged, this, &LiveView::updateTab);
    connect(host, &Relive::PluginHost::forgotten, this, &LiveView::removePlugin);
    connect(tabBar(), &QTabBar::tabMoved, this, [this] { m_order = pluginOrder(); });
}

// The tab's text could be changed by '&' (a mnemonic): the page carries the name.
QString LiveView::pluginAt(int index) const
{
    const QWidget *page = widget(index);
    return page ? page->objectName() : QString();
}

QStringList LiveView::pluginOrder() const
{
    QStringList order;
    for (int i = 0; i < count(); ++i)
        order.append(pluginAt(i));
    return order;
}

void LiveView::setPluginOrder(const QStringList &order)
{
    m_order = order;
    int target = 0;
    for (const QString &name : order) {
        const auto it = m_tabs.constFind(name);
        if (it == m_tabs.constEnd())
            continue;
        tabBar()->moveTab(indexOf(it->page), target++);
    }
}

QString LiveView::currentPlugin() const
{
    return pluginAt(currentIndex());
}

bool LiveView::showPlugin(const QString &name)
{
    const auto it = m_tabs.constFind(name);
    if (it == m_tabs.constEnd())
        return false;
    setCurrentWidget(it->page);
    return true;
}

RefusalBanner *LiveView::banner(const QString &name) const
{
    return m_tabs.value(name).banner;
}

QString LiveView::placeholderText(const QString &name) const
{
    const PluginTab tab = m_tabs.value(name);
    return tab.placeholder && !tab.placeholder->isHidden() ? tab.placeholder->text() : QString();
}

QWidget *LiveView::pluginWidget(const QString &name) const
{
    return m_tabs.value(name).widget;
}

StateView *LiveView::stateView(const QString &name) const
{
    const PluginTab tab = m_tabs.value(name);
    return tab.state && !tab.state->isHidden() ? tab.state : nullptr;
}

// Tabs of plugins named in the wished order go where it puts them, the others at the end.
int LiveView::insertionIndex(const QString &name) const
{
    const int wished = m_order.indexOf(name);
    if (wished < 0)
        return count();
    int index = 0;
    for (int i = 0; i < count(); ++i) {
        const int other = m_order.indexOf(pluginAt(i));
        if (other >= 0 && other < wished)
            index = i + 1;
    }
    return index;
}

LiveView::PluginTab &LiveView::tabFor(const QString &name)
{
    PluginTab &tab = m_tabs[name];
    if (!tab.page) {
        tab.page = new QWidget;
        tab.page->setObjectName(name);
        auto *layout = new QVBoxLayout(tab.page);
        tab.banner = new RefusalBanner(tab.page);
        tab.banner->hide();
        tab.placeholder = new QLabel(tab.page);
        tab.placeholder->setWordWrap(true);
        tab.placeholder->setAlignment(Qt::AlignCenter);
        tab.placeholder->setTextInteractionFlags(Qt::TextSelectableByMouse);
        tab.placeholder->setEnabled(false); // greyed, as an empty view's hint
        layout->addWidget(tab.banner);
        layout->addWidget(tab.placeholder, 1);
        insertTab(insertionIndex(name), tab.page, QString(name).replace(QLatin1Char('&'), QLatin1String("&&")));
    }
    return tab;
}

void LiveView::dropWidget(const QString &name)
{
    const auto it = m_tabs.find(name);
    if (it == m_tabs.end())
        return;
    it->unloading = true; // until the host says how it ended (updateTab())
    delete it->widget.data();
}

void LiveView::showWidget(const QString &name)
{
    PluginTab &tab = tabFor(name);
    // A QtCore-only plugin has no createWidget() to call: its tab shows its state (updateTab()).
    if (!tab.widget && m_host->livePlugin(name)) {
        QString error;
        tab.widget = m_host->createWidget(name, tab.page, &error);
        if (tab.widget) {
            static_cast<QVBoxLayout *>(tab.page->layout())->addWidget(tab.widget, 1);
        } else {
            tab.placeholder->setText(tr("%1 is live, but shows no widget: %2").arg(name, error));
        }
    }
    updateTab(name);
}

// Everything the tab says, from the host's status as it is now.
void LiveView::updateTab(const QString &name)
{
    const Relive::PluginStatus status = m_host->status(name);
    if (status.name.isEmpty() || (status.lastRunGeneration == 0 && !status.lastAttemptFailed()))
        return; // a name the host does not know (forgotten), or an unload of nothing
    PluginTab &tab = tabFor(name);
    tab.unloading = false;
    if (status.lastAttemptFailed()) {
        const Relive::LoadAttempt &attempt = status.lastAttempt;
        const QString summary = status.isLive()
                                    ? tr("Generation %1 was refused; generation %2 is still live.")
                                          .arg(attempt.generation).arg(status.liveGeneration)
                                    : tr("Generation %1 was refused; nothing is loaded.").arg(attempt.generation);
        tab.banner->setMessage(summary, attempt.error);
        tab.banner->show();
    } else if (!tab.crashSummary.isEmpty() && status.liveGeneration == tab.crashGeneration) {
        tab.banner->setMessage(tab.crashSummary, tab.crashDetails);
        tab.banner->show();
    } else {
        tab.crashSummary.clear();
        tab.banner->hide();
    }
    // A widget, else (QtCore only) the state, else the placeholder says why there is neither.
    const bool shown = status.isLive() && (tab.widget || showState(tab, status));
    if (tab.state && (tab.widget || !shown))
        tab.state->hide();
    if (shown) {
        tab.placeholder->hide();
        return;
    }
    if (!status.isLive())
        tab.placeholder->setText(notLiveText(status));
    tab.placeholder->show();
}

// The live generation's state, in place of the widget a QtCore-only plugin does not have.
bool LiveView::showState(PluginTab &tab, const Relive::PluginStatus &status)
{
    if (m_host->livePlugin(status.name) || !m_host->liveState(status.name)) {
        if (tab.state)
            tab.state->hide();
        return false;
    }
    if (!tab.state) {
        tab.state = new StateView(tab.page);
        static_cast<QVBoxLayout *>(tab.page->layout())->addWidget(tab.state, 1);
        const QString name = status.name;
        connect(tab.state, &StateView::refreshRequested, this, [this, name] { refreshState(name); });
    }
    QString error;
    const QVariantMap state = m_host->saveState(status.name, &error);
    tab.state->setState(status.name, status.liveGeneration, state, error);
    tab.state->show();
    return true;
}

// While the tab shows it, the state changes by itself too (a timer in the plugin): read again,
// on this thread, never between aboutToUnload() and the end of that unload or reload.
void LiveView::refreshState(const QString &name)
{
    const auto it = m_tabs.find(name);
    if (it == m_tabs.end() || it->unloading)
        return;
    const Relive::PluginStatus status = m_host->status(name);
    if (status.isLive())
        showState(*it, status);
}

void LiveView::showCrash(const QString &name, int restoredGeneration, const QString &summary, const QString &details)
{
    PluginTab &tab = tabFor(name);
    tab.crashSummary = summary;
    tab.crashDetails = details;
    tab.crashGeneration = restoredGeneration;
    updateTab(name);
}

void LiveView::removePlugin(const QString &name)
{
    const PluginTab tab = m_tabs.take(name);
    delete tab.widget.data();
    if (tab.page) {
        removeTab(indexOf(tab.page));
        delete tab.page;
    }
}

} // namespace Relive::App
