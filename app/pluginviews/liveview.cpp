#include "pluginviews/liveview.h"

#include "relive/loadattempt.h"
#include "relive/pluginhost.h"

#include <QtWidgets/QLabel>
#include <QtWidgets/QVBoxLayout>

namespace Relive::App {

LiveView::LiveView(Relive::PluginHost *host, QWidget *parent)
    : QTabWidget(parent)
    , m_host(host)
{
    setDocumentMode(true);
    // Direct: the widget's code must be gone before the host unloads the library.
    connect(host, &Relive::PluginHost::aboutToUnload, this,
            [this](const QString &name) { dropWidget(name); }, Qt::DirectConnection);
    connect(host, &Relive::PluginHost::generationLive, this, [this](const QString &name) { showWidget(name); });
    connect(host, &Relive::PluginHost::attemptFailed, this, &LiveView::showRefusal);
}

LiveView::PluginTab &LiveView::tabFor(const QString &name)
{
    PluginTab &tab = m_tabs[name];
    if (!tab.page) {
        tab.page = new QWidget;
        auto *layout = new QVBoxLayout(tab.page);
        tab.banner = new QLabel;
        tab.banner->setWordWrap(true);
        tab.banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
        tab.banner->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #611a15; "
                                                 "border: 1px solid #f5c2c0; padding: 6px; }"));
        tab.banner->hide();
        layout->addWidget(tab.banner);
        addTab(tab.page, name);
    }
    return tab;
}

void LiveView::dropWidget(const QString &name)
{
    const auto it = m_tabs.find(name);
    if (it != m_tabs.end() && it->widget)
        delete it->widget.data();
}

void LiveView::showWidget(const QString &name)
{
    PluginTab &tab = tabFor(name);
    tab.banner->hide();
    if (tab.widget)
        return;
    QString error;
    tab.widget = m_host->createWidget(name, tab.page, &error);
    if (tab.widget) {
        tab.page->layout()->addWidget(tab.widget);
    } else {
        tab.banner->setText(error);
        tab.banner->show();
    }
}

void LiveView::showRefusal(const QString &name, const Relive::LoadAttempt &attempt)
{
    PluginTab &tab = tabFor(name);
    tab.banner->setText(tr("Generation %1 was refused; %2\n%3")
                            .arg(attempt.generation)
                            .arg(m_host->isLoaded(name) ? tr("the previous one is still live.") : tr("nothing is loaded."))
                            .arg(attempt.error));
    tab.banner->show();
}

} // namespace Relive::App
