#pragma once

#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtWidgets/QTabWidget>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace Relive {
class PluginHost;
struct PluginStatus;
} // namespace Relive

namespace Relive::App {

class RefusalBanner;
class StateView;

/*!
 * One tab per plugin the host knows, holding its live widget. On reload the new generation's
 * widget takes the old one's place. What a tab says is derived from PluginHost::status() each
 * time it changes: a refused newest attempt shows a banner above the widget (folded to one
 * line, so the widget keeps its room), a plugin with nothing live says so in place of its
 * widget. A QtCore-only plugin (a Relive::LiveState without a widget) shows a StateView instead:
 * it says so, and shows the live generation's state. A plugin the host forgets (another
 * workspace) loses its tab.
 *
 * Tabs can be moved; their order is kept (pluginOrder()) and given back to tabs made later
 * (setPluginOrder()), as after a restart.
 */
class LiveView : public QTabWidget
{
    Q_OBJECT

public:
    explicit LiveView(Relive::PluginHost *host, QWidget *parent = nullptr);

    /*! The plugins' tabs, in their order. */
    QStringList pluginOrder() const;
    /*! Orders the tabs as \a order, and so places the tabs of those plugins that appear later. */
    void setPluginOrder(const QStringList &order);
    /*! The plugin of the current tab, empty if none. */
    QString currentPlugin() const;
    /*! Makes the tab of \a name current; false if it has none. */
    bool showPlugin(const QString &name);

    /*!
     * After a crash: the banner of \a name's tab says \a summary (\a details behind Details)
     * until a newer generation than \a restoredGeneration goes live, or an attempt is refused.
     */
    void showCrash(const QString &name, int restoredGeneration, const QString &summary, const QString &details);
    /*! The banner of \a name's tab: shown while its newest attempt stands refused, or after a crash. */
    RefusalBanner *banner(const QString &name) const;
    /*! What the tab of \a name shows in place of a widget; empty while its widget is shown. */
    QString placeholderText(const QString &name) const;
    /*! The live widget shown in \a name's tab, or null. */
    QWidget *pluginWidget(const QString &name) const;
    /*! The state shown in \a name's tab while a QtCore-only generation of it is live, or null. */
    StateView *stateView(const QString &name) const;

private:
    struct PluginTab
    {
        QWidget *page = nullptr;
        RefusalBanner *banner = nullptr;
        QLabel *placeholder = nullptr;
        StateView *state = nullptr; //!< made for the first QtCore-only generation
        QPointer<QWidget> widget;
        QString crashSummary; //!< showCrash(), while crashGeneration is live
        QString crashDetails;
        int crashGeneration = 0;
        bool unloading = false; //!< from aboutToUnload() to the next status: its state is not read
    };

    QString pluginAt(int index) const;
    PluginTab &tabFor(const QString &name);
    int insertionIndex(const QString &name) const;
    void dropWidget(const QString &name);
    void showWidget(const QString &name);
    bool showState(PluginTab &tab, const Relive::PluginStatus &status);
    void refreshState(const QString &name);
    void updateTab(const QString &name);
    void removePlugin(const QString &name);

    Relive::PluginHost *m_host;
    QHash<QString, PluginTab> m_tabs;
    QStringList m_order; //!< wished for tabs made later
};

} // namespace Relive::App
