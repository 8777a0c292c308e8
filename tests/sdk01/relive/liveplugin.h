// Relive 0.1's plugin SDK header, verbatim (before Relive::LiveState): tst_embedding builds a
// plugin against it to prove that plugins built then still load. Never edit it.
// Relive plugin SDK: the interface every live plugin implements.
#pragma once

#include <QtCore/QVariantMap>
#include <QtCore/QtPlugin>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace Relive {

/*!
 * The contract between a live plugin and the Relive host.
 *
 * The host calls, in this order over a plugin's life: createWidget() (any number of times),
 * saveState() when a newer generation replaces this one, shutdown() right before unload.
 * A new generation receives the previous generation's saved state through restoreState()
 * before any widget is created.
 *
 * Values in the state map must be JSON-compatible (numbers, strings, bools, lists, maps):
 * the state crosses process boundaries (probe, restart) as JSON.
 */
class LivePlugin
{
public:
    virtual ~LivePlugin() = default;

    /*! Creates the plugin's widget. The host owns it and deletes it before unloading. */
    virtual QWidget *createWidget(QWidget *parent) = 0;

    /*! Returns everything the next generation needs to carry on. */
    virtual QVariantMap saveState() const = 0;

    /*! Takes over the state of the previous generation. May throw to refuse it. */
    virtual void restoreState(const QVariantMap &state) = 0;

    /*!
     * Called right before unload: stop timers and join threads here. Code that is still
     * running after this returns runs in unmapped memory.
     */
    virtual void shutdown() {}
};

} // namespace Relive

#define ReliveLivePlugin_iid "org.relive.LivePlugin/1.0"
Q_DECLARE_INTERFACE(Relive::LivePlugin, ReliveLivePlugin_iid)
