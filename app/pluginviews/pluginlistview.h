#pragma once

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
QT_END_NAMESPACE

namespace Relive {
class PluginHost;
}

namespace Relive::App {

class PluginDetailsView;
class PluginListModel;

/*!
 * The plugin list, like Qt Creator's About Plugins: a sortable table of the host's plugins
 * (PluginListModel) beside the details of the selected one (PluginDetailsView).
 */
class PluginListView : public QWidget
{
    Q_OBJECT

public:
    explicit PluginListView(Relive::PluginHost *host, QWidget *parent = nullptr);
    ~PluginListView() override;

    PluginListModel *model() const;
    PluginDetailsView *details() const;
    QTableView *tableView() const;
    /*! Sits between the model and the table: rows of the table are rows of this proxy. */
    QSortFilterProxyModel *sortModel() const;

    /*! The plugin of the selected row, empty if none. */
    QString selectedPlugin() const;
    /*! Selects the row of \a name; false if there is none. */
    bool selectPlugin(const QString &name);

public Q_SLOTS:
    /*! Reads every plugin from the host again. */
    void refresh();

Q_SIGNALS:
    /*! Forwarded from the details: the user asked for the plugin's source. */
    void openSourceRequested(const QString &pluginName, const QString &artifactPath);
    /*! The current row became \a pluginName's (by the user or by selectPlugin()). */
    void pluginSelected(const QString &pluginName);

private:
    void onCurrentRowChanged();

    PluginListModel *m_model;
    QSortFilterProxyModel *m_sortModel;
    QTableView *m_table;
    PluginDetailsView *m_details;
};

} // namespace Relive::App
