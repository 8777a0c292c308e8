#pragma once

#include <QtWidgets/QTreeWidget>

namespace Relive {
class PluginHost;
}

/*! The plugin list: one row per plugin with its live (or last) generation. */
class PluginListView : public QTreeWidget
{
    Q_OBJECT

public:
    explicit PluginListView(Relive::PluginHost *host, QWidget *parent = nullptr);

    void refresh();

private:
    Relive::PluginHost *m_host;
};
