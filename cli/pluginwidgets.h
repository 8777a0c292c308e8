#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace Relive {
class PluginHost;
struct HostEvent;
} // namespace Relive

/*!
 * The widgets the CLI creates from live plugins, one per plugin name. A widget's class lives
 * in the plugin's code, so it is deleted when the host announces that the generation it came
 * from is about to be unloaded (a direct connection to PluginHost::aboutToUnload).
 *
 * Declare it after the host it watches: its destructor deletes the widgets still alive, which
 * is only safe while their code is still loaded.
 */
class PluginWidgets : public QObject
{
    Q_OBJECT

public:
    explicit PluginWidgets(Relive::PluginHost *host, QObject *parent = nullptr);
    ~PluginWidgets() override;

    /*!
     * Creates and shows the widget of the live generation of \a name. Returns null and sets
     * \a errorString when the plugin has no LivePlugin instance, throws, or returns nothing.
     */
    QWidget *create(const QString &name, QString *errorString);
    QWidget *widget(const QString &name) const;

    /*!
     * Creates the widget of the generation that \a event brought in (loaded, reloaded, rolled
     * back); says on stderr why when it cannot. Other events are ignored.
     */
    void showFor(const Relive::HostEvent &event);

private:
    void release(const QString &name, int generation);

    struct Entry
    {
        int generation = 0;
        QPointer<QWidget> widget;
    };

    Relive::PluginHost *m_host;
    QHash<QString, Entry> m_widgets;
    QHash<QString, QByteArray> m_geometry;
};
