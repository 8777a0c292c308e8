#include "pluginlistview.h"

#include "relive/hostevent.h"
#include "relive/pluginhost.h"

#include <QtWidgets/QHeaderView>

PluginListView::PluginListView(Relive::PluginHost *host, QWidget *parent)
    : QTreeWidget(parent)
    , m_host(host)
{
    setHeaderLabels({tr("Name"), tr("Version"), tr("Generation"), tr("State"), tr("Loaded at"), tr("Load ms")});
    setRootIsDecorated(false);
    setAlternatingRowColors(true);
    header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(host, &Relive::PluginHost::hostEvent, this, &PluginListView::refresh);
}

void PluginListView::refresh()
{
    clear();
    const QStringList names = m_host->pluginNames();
    for (const QString &name : names) {
        const Relive::ModuleRecord record = m_host->record(name);
        auto *item = new QTreeWidgetItem(this);
        item->setText(0, name);
        item->setText(1, record.version);
        item->setText(2, QString::number(record.generation));
        item->setText(3, Relive::ModuleRecord::stateName(record.state));
        item->setText(4, record.loadedAt.toString(QStringLiteral("HH:mm:ss")));
        item->setText(5, record.loadMs >= 0 ? QString::number(record.loadMs, 'f', 1) : QString());
        const QString lastError = m_host->history(name).value(0).errorString;
        if (!lastError.isEmpty()) {
            for (int column = 0; column < columnCount(); ++column)
                item->setToolTip(column, lastError);
        }
    }
}
